package io.mediarelay.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.mediarelay.transfer.DeliveryHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** XMP sidecar, per-asset JSON and package manifests built from MediarelayMeta* headers, with hostile text. */
class CompanionFilesTest {
    static final String HOSTILE_CAPTION = "Fans <cheer> & \"sing\" ]]> at the \u00e9v\u00e9nement \u65e5\u672c\u0000\u0007 final";
    final CamelContext ctx = new DefaultCamelContext();

    Exchange asset(String id, String file) {
        Exchange e = new DefaultExchange(ctx);
        var in = e.getIn();
        in.setHeader(DeliveryHeaders.ASSET_ID, id);
        in.setHeader(DeliveryHeaders.REMOTE_PATH, file);
        in.setHeader(Exchange.FILE_NAME, file);
        in.setHeader(DeliveryHeaders.SHA256, "ab".repeat(32));
        in.setHeader(DeliveryHeaders.BYTES, 123456L);
        in.setHeader("MediarelayMetaTitle", "Cup final " + id);
        in.setHeader("MediarelayMetaCaption", HOSTILE_CAPTION);
        in.setHeader("MediarelayMetaArtist", "Jane Doe");
        in.setHeader("MediarelayMetaCredit", "Getty Images");
        in.setHeader("MediarelayMetaCopyright", "\u00a9 2026 Getty Images");
        in.setHeader("MediarelayMetaSource", "Getty Images Sport");
        in.setHeader("MediarelayMetaDateCreated", "2026-05-30T21:15:00Z");
        in.setHeader("MediarelayMetaLicenseModel", "RightsManaged");
        in.setHeader("MediarelayMetaProduct", "premiumaccess");
        in.setHeader("MediarelayMetaRestrictions", "Editorial use only; no betting");
        in.setHeader("MediarelayMetaWebStatement", "https://www.gettyimages.com/eula");
        in.setHeader("MediarelayMetaLicenseStart", "2026-06-01");
        in.setHeader("MediarelayMetaLicenseEnd", "2027-05-31");
        in.setHeader("MediarelayMetaCampaign", "cup-26");
        in.setHeader("MediarelayMetaApprovedChannels", "web, social");
        in.setHeader("MediarelayMetaTerritory", List.of("DE", "AT"));
        return e;
    }

    @Test
    void xmpSidecarIsValidRdfWithStandardAndLicenseProperties() throws Exception {
        Exchange e = asset("gi-1", "cup/gi-1_800x600.jpg");
        new XmpSidecarAction().process(e);
        assertEquals("cup/gi-1_800x600.xmp", e.getIn().getHeader(Exchange.FILE_NAME));
        byte[] xmp = e.getIn().getBody(byte[].class);

        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xmp)); // throws on malformed XML
        assertEquals("xmpmeta", doc.getDocumentElement().getLocalName());
        Element desc = (Element) doc.getElementsByTagNameNS(XmpSidecarWriter.RDF_NS, "Description").item(0);
        assertEquals("", desc.getAttributeNS(XmpSidecarWriter.RDF_NS, "about"));
        assertEquals("Cup final gi-1", text(doc, XmpSidecarWriter.DC_NS, "title"));
        assertEquals("Fans <cheer> & \"sing\" ]]> at the \u00e9v\u00e9nement \u65e5\u672c final", text(doc, XmpSidecarWriter.DC_NS, "description"));
        assertEquals("Jane Doe", text(doc, XmpSidecarWriter.DC_NS, "creator"));
        assertEquals("Getty Images", text(doc, XmpSidecarWriter.PS_NS, "Credit"));
        assertEquals("Editorial use only; no betting", text(doc, XmpSidecarWriter.RIGHTS_NS, "UsageTerms"));
        assertEquals("2027-05-31", text(doc, XmpSidecarWriter.MR_NS, "LicenseEnd"));
        assertEquals(2, ((Element) doc.getElementsByTagNameNS(XmpSidecarWriter.MR_NS, "Territory").item(0))
                .getElementsByTagNameNS(XmpSidecarWriter.RDF_NS, "li").getLength());
    }

    @Test
    void exiftoolReadsTheSidecar(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/exiftool")), "exiftool not installed");
        Exchange e = asset("gi-2", "gi-2.jpg");
        new XmpSidecarAction().process(e);
        Path file = tmp.resolve("gi-2.xmp");
        Files.write(file, e.getIn().getBody(byte[].class));
        Process p = new ProcessBuilder("exiftool", "-j", "-G1", "-charset", "UTF8", file.toString()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        JsonNode tags = new ObjectMapper().readTree(out).get(0);
        assertEquals("Cup final gi-2", tags.get("XMP-dc:Title").asText(), tags.toString());
        assertEquals("Jane Doe", tags.get("XMP-dc:Creator").asText());
        assertEquals("\u00a9 2026 Getty Images", tags.get("XMP-dc:Rights").asText());
        assertEquals("Getty Images", tags.get("XMP-photoshop:Credit").asText());
        assertEquals("Getty Images Sport", tags.get("XMP-photoshop:Source").asText());
        assertEquals("https://www.gettyimages.com/eula", tags.get("XMP-xmpRights:WebStatement").asText());
        assertEquals("Editorial use only; no betting", tags.get("XMP-xmpRights:UsageTerms").asText());
        assertTrue(tags.toString().contains("2027-05-31") && tags.toString().contains("RightsManaged"),
                "custom namespace read too: " + tags);
        assertTrue(!tags.has("Warning") && !tags.has("ExifTool:Warning") && !tags.has("ExifTool:Error"), tags.toString());
    }

    @Test
    void companionJsonHasTheFullFieldList() throws Exception {
        Exchange e = asset("gi-3", "gi-3.jpg");
        new CompanionJsonAction().process(e);
        assertEquals("gi-3.jpg.json", e.getIn().getHeader(Exchange.FILE_NAME));
        JsonNode json = new ObjectMapper().readTree(e.getIn().getBody(byte[].class));
        for (String field : AssetMetadata.FIELDS) {
            assertTrue(json.has(field), "field " + field + " in " + json);
        }
        assertEquals("gi-3", json.get("id").asText());
        assertEquals(HOSTILE_CAPTION, json.get("caption").asText());
        assertEquals("social", json.get("approvedChannels").get(1).asText());
        assertEquals("AT", json.get("territory").get(1).asText());
        assertEquals(123456, json.get("bytes").asLong());
    }

    @Test
    void packageManifestsFromAggregatedItems() throws Exception {
        PackageItemsAggregation agg = new PackageItemsAggregation();
        Exchange pkg = null;
        for (int i = 0; i < 3; i++) {
            pkg = agg.aggregate(pkg, asset("gi-" + i, "cup/gi-" + i + ".jpg"));
        }
        pkg.getIn().setHeader("MediarelayPackageId", "agency-42");
        PackageManifestAction action = new PackageManifestAction();
        pkg.setProperty(PackageManifestAction.FORMAT_PROPERTY, "csv");
        action.process(pkg);
        assertEquals("manifest.csv", pkg.getIn().getHeader(Exchange.FILE_NAME));
        CsvMapper csv = new CsvMapper();
        try (MappingIterator<Map<String, String>> rows = csv.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(pkg.getIn().getBody(byte[].class))) {
            List<Map<String, String>> all = rows.readAll();
            assertEquals(3, all.size());
            assertEquals(AssetMetadata.FIELDS, List.copyOf(all.get(0).keySet()));
            assertEquals(HOSTILE_CAPTION, all.get(1).get("caption"), "quotes, commas, NUL survive CSV quoting");
            assertEquals("DE; AT", all.get(2).get("territory"));
        }
        pkg.setProperty(PackageManifestAction.FORMAT_PROPERTY, "json");
        action.process(pkg); // second call: items come from the property, body is now the CSV
        JsonNode json = new ObjectMapper().readTree(pkg.getIn().getBody(byte[].class));
        assertEquals("agency-42", json.get("package").asText());
        assertEquals(3, json.get("count").asInt());
        assertEquals(3 * 123456, json.get("totalBytes").asLong());
        assertEquals("gi-2", json.get("assets").get(2).get("id").asText());
    }

    static String text(Document doc, String ns, String name) {
        return doc.getElementsByTagNameNS(ns, name).item(0).getTextContent().strip();
    }
}
