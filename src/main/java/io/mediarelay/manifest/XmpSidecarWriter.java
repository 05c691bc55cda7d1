package io.mediarelay.manifest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes an XMP sidecar (RDF/XML in an x:xmpmeta packet) for one asset with the StAX writer, so every value is
 * escaped by the XML library and never concatenated into markup. Standard schemas are used where newsroom/DAM
 * tools look for them (Dublin Core, Photoshop, XMP Rights); license facts that have no standard property go to
 * the {@value #MR_NS} namespace. Characters that XML 1.0 cannot carry (NUL, most controls) are dropped, because
 * a sidecar that a parser rejects loses all of the metadata instead of one character.
 */
public final class XmpSidecarWriter {
    static final String X_NS = "adobe:ns:meta/";
    static final String RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    static final String DC_NS = "http://purl.org/dc/elements/1.1/";
    static final String PS_NS = "http://ns.adobe.com/photoshop/1.0/";
    static final String RIGHTS_NS = "http://ns.adobe.com/xap/1.0/rights/";
    static final String MR_NS = "http://ns.mediarelay.io/license/1.0/";
    private static final String XML_NS = "http://www.w3.org/XML/1998/namespace";

    /** Custom-namespace properties: metadata field → XMP property name. */
    private static final Map<String, String> LICENSE_FIELDS = new java.util.LinkedHashMap<>();

    static {
        LICENSE_FIELDS.put("id", "AssetId");
        LICENSE_FIELDS.put("licenseModel", "LicenseModel");
        LICENSE_FIELDS.put("product", "Product");
        LICENSE_FIELDS.put("restrictions", "Restrictions");
        LICENSE_FIELDS.put("licenseStart", "LicenseStart");
        LICENSE_FIELDS.put("licenseEnd", "LicenseEnd");
        LICENSE_FIELDS.put("campaign", "Campaign");
        LICENSE_FIELDS.put("sha256", "Sha256");
    }

    private final XMLOutputFactory factory = XMLOutputFactory.newFactory();

    public byte[] write(Map<String, Object> meta) throws XMLStreamException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        XMLStreamWriter w = factory.createXMLStreamWriter(out, "UTF-8");
        w.writeStartDocument("UTF-8", "1.0");
        w.writeProcessingInstruction("xpacket", "begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"");
        w.setPrefix("x", X_NS);
        w.writeStartElement(X_NS, "xmpmeta");
        w.writeNamespace("x", X_NS);
        w.writeAttribute(X_NS, "xmptk", "mediarelay");
        w.setPrefix("rdf", RDF_NS);
        w.writeStartElement(RDF_NS, "RDF");
        w.writeNamespace("rdf", RDF_NS);
        w.writeStartElement(RDF_NS, "Description");
        for (String[] ns : new String[][] {{"dc", DC_NS}, {"photoshop", PS_NS}, {"xmpRights", RIGHTS_NS}, {"mediarelay", MR_NS}}) {
            w.setPrefix(ns[0], ns[1]);
            w.writeNamespace(ns[0], ns[1]);
        }
        w.writeAttribute(RDF_NS, "about", "");

        alt(w, DC_NS, "title", meta.get("title"));
        alt(w, DC_NS, "description", meta.get("caption"));
        list(w, DC_NS, "creator", "Seq", AssetMetadata.listOf(meta.get("artist")));
        alt(w, DC_NS, "rights", meta.get("copyright"));
        simple(w, PS_NS, "Credit", meta.get("credit"));
        simple(w, PS_NS, "Source", meta.get("source"));
        simple(w, PS_NS, "DateCreated", meta.get("dateCreated"));
        alt(w, RIGHTS_NS, "UsageTerms", meta.get("usageTerms") != null ? meta.get("usageTerms") : meta.get("restrictions"));
        simple(w, RIGHTS_NS, "WebStatement", meta.get("webStatement"));
        if (meta.get("copyright") != null) {
            simple(w, RIGHTS_NS, "Marked", "True");
        }
        for (Map.Entry<String, String> f : LICENSE_FIELDS.entrySet()) {
            simple(w, MR_NS, f.getValue(), meta.get(f.getKey()));
        }
        list(w, MR_NS, "ApprovedChannels", "Bag", AssetMetadata.listOf(meta.get("approvedChannels")));
        list(w, MR_NS, "Territory", "Bag", AssetMetadata.listOf(meta.get("territory")));

        w.writeEndElement(); // Description
        w.writeEndElement(); // RDF
        w.writeEndElement(); // xmpmeta
        w.writeProcessingInstruction("xpacket", "end=\"w\"");
        w.writeEndDocument();
        w.close();
        return out.toByteArray();
    }

    private static void simple(XMLStreamWriter w, String ns, String name, Object value) throws XMLStreamException {
        String text = clean(AssetMetadata.text(value));
        if (!text.isEmpty()) {
            w.writeStartElement(ns, name);
            w.writeCharacters(text);
            w.writeEndElement();
        }
    }

    /** Language alternative (rdf:Alt with x-default), the XMP type of dc:title, dc:description, dc:rights. */
    private static void alt(XMLStreamWriter w, String ns, String name, Object value) throws XMLStreamException {
        String text = clean(AssetMetadata.text(value));
        if (text.isEmpty()) {
            return;
        }
        w.writeStartElement(ns, name);
        w.writeStartElement(RDF_NS, "Alt");
        w.writeStartElement(RDF_NS, "li");
        w.writeAttribute("xml", XML_NS, "lang", "x-default");
        w.writeCharacters(text);
        w.writeEndElement();
        w.writeEndElement();
        w.writeEndElement();
    }

    private static void list(XMLStreamWriter w, String ns, String name, String kind, List<String> items) throws XMLStreamException {
        if (items.isEmpty()) {
            return;
        }
        w.writeStartElement(ns, name);
        w.writeStartElement(RDF_NS, kind);
        for (String item : items) {
            w.writeStartElement(RDF_NS, "li");
            w.writeCharacters(clean(item));
            w.writeEndElement();
        }
        w.writeEndElement();
        w.writeEndElement();
    }

    /** Keeps only characters allowed in XML 1.0 documents. */
    static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().filter(cp -> cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                        || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF))
                .forEach(b::appendCodePoint);
        return b.toString().strip();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
