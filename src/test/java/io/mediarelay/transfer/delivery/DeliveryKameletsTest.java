package io.mediarelay.transfer.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.manifest.CompanionJsonAction;
import io.mediarelay.manifest.PackageItemsAggregation;
import io.mediarelay.manifest.PackageManifestAction;
import io.mediarelay.manifest.XmpSidecarAction;
import io.mediarelay.transfer.DeliveryHeaders;
import io.mediarelay.transfer.Sha256Action;
import io.mediarelay.transfer.naming.RemoteNameAction;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.ftpserver.FtpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kamelet files (routes/kamelets) composed in a YAML route the way the Getty flows will use them:
 * name → verified upload → XMP and JSON companions → package manifest CSV + JSON, against Apache FtpServer.
 */
class DeliveryKameletsTest {
    static final String ROUTE = """
            - route:
                from:
                  uri: direct:package
                  steps:
                    - split:
                        simple: "${body}"
                        aggregationStrategy: packageItems
                        steps:
                          - process:
                              ref: toAsset
                          - to:
                              uri: kamelet:remote-name-action
                              parameters:
                                template: "{campaign}/{assetId}_{width}x{height}.{ext}"
                          - to:
                              uri: kamelet:ftp-delivery-sink
                              parameters:
                                destination: agency
                          - to:
                              uri: kamelet:xmp-sidecar-action
                          - to:
                              uri: kamelet:ftp-delivery-sink
                              parameters:
                                destination: agency
                                setDeliveryHeaders: false
                          - to:
                              uri: kamelet:companion-json-action
                          - to:
                              uri: kamelet:ftp-delivery-sink
                              parameters:
                                destination: agency
                                setDeliveryHeaders: false
                    - to:
                        uri: kamelet:package-manifest-action
                        parameters:
                          format: csv
                    - to:
                        uri: kamelet:ftp-delivery-sink
                        parameters:
                          destination: agency
                          setDeliveryHeaders: false
                    - to:
                        uri: kamelet:package-manifest-action
                        parameters:
                          format: json
                    - to:
                        uri: kamelet:ftp-delivery-sink
                        parameters:
                          destination: agency
                          setDeliveryHeaders: false
            """;

    @TempDir
    static Path tmp;
    static FtpServer server;
    static CamelContext ctx;
    static Path root;

    @BeforeAll
    static void start() throws Exception {
        root = tmp.resolve("home");
        int[] port = new int[1];
        server = TestServers.ftp(root, false, false, port);
        ctx = new DefaultCamelContext();
        Properties props = new Properties();
        // the named destination the route's sinks use: every setting in one place
        props.setProperty("mediarelay.destinations.agency.host", "127.0.0.1");
        props.setProperty("mediarelay.destinations.agency.port", String.valueOf(port[0]));
        props.setProperty("mediarelay.destinations.agency.directory", "agency/pkg-1");
        props.setProperty("mediarelay.destinations.agency.username", TestServers.USER);
        props.setProperty("mediarelay.destinations.agency.password", TestServers.PASSWORD);
        ctx.getPropertiesComponent().setInitialProperties(props);
        ctx.getComponent("kamelet", KameletComponent.class).setLocation("file:routes/kamelets");
        var registry = ctx.getRegistry();
        registry.bind("remoteName", new RemoteNameAction());
        registry.bind("xmpSidecar", new XmpSidecarAction());
        registry.bind("companionJson", new CompanionJsonAction());
        registry.bind("packageManifest", new PackageManifestAction());
        registry.bind("packageItems", new PackageItemsAggregation());
        registry.bind("ftpDelivery", new FtpDeliverySink());
        registry.bind("toAsset", (Processor) DeliveryKameletsTest::toAsset);
        PluginHelper.getRoutesLoader(ctx).loadRoutes(ResourceHelper.fromString("package.camel.yaml", ROUTE));
        ctx.start();
    }

    @AfterAll
    static void stop() {
        ctx.stop();
        server.stop();
    }

    /** Test source: a map of metadata plus "bytes" becomes headers and a byte[] body, as a Getty step would. */
    static void toAsset(Exchange e) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = e.getIn().getBody(Map.class);
        m.forEach((k, v) -> {
            if (!k.equals("content")) {
                e.getIn().setHeader(k, v);
            }
        });
        e.getIn().setHeader(Exchange.FILE_NAME, "download.jpg");
        e.getIn().setBody(m.get("content"));
    }

    static Map<String, Object> asset(String id, String campaign, byte[] content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(DeliveryHeaders.ASSET_ID, id);
        m.put(DeliveryHeaders.RUN_ID, "run-1");
        m.put("MediarelayMetaCampaign", campaign);
        m.put("MediarelayMetaTitle", "Title " + id);
        m.put("MediarelayMetaCredit", "Getty Images");
        m.put("MediarelayMetaTerritory", "DE,AT");
        m.put("width", 800);
        m.put("height", 600);
        m.put("content", content);
        return m;
    }

    @Test
    void packageIsDeliveredWithCompanionsAndManifests() throws Exception {
        byte[] a = "first asset".getBytes(StandardCharsets.UTF_8);
        byte[] b = "second asset, same name after sanitizing".getBytes(StandardCharsets.UTF_8);
        byte[] c = "third".getBytes(StandardCharsets.UTF_8);
        ProducerTemplate producer = ctx.createProducerTemplate();
        producer.sendBody("direct:package", List.of(asset("gi/1", "cup", a), asset("gi_1", "cup", b), asset("gi-3", "../../etc", c)));

        Path pkg = root.resolve("agency/pkg-1");
        assertArrayEquals(a, Files.readAllBytes(pkg.resolve("cup/gi_1_800x600.jpg")));
        String suffixed = "cup/gi_1_800x600-" + io.mediarelay.transfer.naming.NameReservationsAccess.hash("gi_1") + ".jpg";
        assertArrayEquals(b, Files.readAllBytes(pkg.resolve(suffixed)), "collision got a deterministic suffix");
        assertArrayEquals(c, Files.readAllBytes(pkg.resolve("_.._etc/gi-3_800x600.jpg")));
        assertTrue(Files.readString(pkg.resolve("cup/gi_1_800x600.xmp")).contains("Title gi/1"));
        JsonNode companion = new ObjectMapper().readTree(pkg.resolve("cup/gi_1_800x600.jpg.json").toFile());
        assertEquals(Sha256Action.of(pkg.resolve("cup/gi_1_800x600.jpg")), companion.get("sha256").asText(),
                "companion carries the verified hash of the asset, not of the sidecar");
        assertEquals("DE", companion.get("territory").get(0).asText());

        List<String> csv = Files.readAllLines(pkg.resolve("manifest.csv"));
        assertEquals(4, csv.size(), String.join("\n", csv));
        assertTrue(csv.get(2).contains(suffixed), csv.get(2));
        JsonNode manifest = new ObjectMapper().readTree(pkg.resolve("manifest.json").toFile());
        assertEquals(3, manifest.get("count").asInt());
        assertEquals(a.length + b.length + c.length, manifest.get("totalBytes").asLong());
        assertEquals("agency/pkg-1/" + suffixed, manifest.get("assets").get(1).get("file").asText());
        try (Stream<Path> all = Files.walk(root)) {
            assertEquals(List.of(), all.filter(p -> p.toString().endsWith(".part")).toList());
        }
    }

    @Test
    void aDeclaredChecksumThatDoesNotMatchFailsTheExchange() {
        Map<String, Object> bad = asset("gi-9", "bad", "payload".getBytes(StandardCharsets.UTF_8));
        bad.put(DeliveryHeaders.SHA256, "00".repeat(32));
        ProducerTemplate producer = ctx.createProducerTemplate();
        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> producer.sendBody("direct:package", List.of(bad)));
        // the sink names the destination around the failure (DeliveryFailedException); the verification is its cause
        assertTrue(org.apache.camel.util.ObjectHelper.getException(DeliveryVerificationException.class, e) != null,
                String.valueOf(e.getCause()));
        assertTrue(Files.notExists(root.resolve("agency/pkg-1/bad/gi-9_800x600.jpg")));
        assertTrue(Files.notExists(root.resolve("agency/pkg-1/bad/gi-9_800x600.jpg.mediarelay.part")));
    }
}
