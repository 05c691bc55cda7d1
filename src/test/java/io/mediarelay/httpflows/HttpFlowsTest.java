package io.mediarelay.httpflows;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.license.Asset;
import io.mediarelay.license.License;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.license.UsageEvent;
import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.runtime.db.Database;
import io.mediarelay.sandbox.receiver.HttpReceiver;
import io.mediarelay.testsupport.Polls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every HTTP target flow end to end: the real runtime with its route files, a real H2 license registry as the
 * source and the embedded HTTP receiver as every target; assertions on what each target received.
 */
class HttpFlowsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final LocalDate TODAY = LocalDate.now();

    @TempDir
    Path data;
    MediarelayRuntime runtime;
    HttpReceiver receiver;
    LicenseRegistry registry;

    @BeforeEach
    void start() throws Exception {
        Properties p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.http.poll-ms", "1000");
        p.setProperty("mediarelay.http.dam.read-lock-min-age-ms", "100");
        p.setProperty("mediarelay.webhooks.change-scan-ms", "3600000");
        runtime = startSeeded(p);
        receiver = runtime.embedded().find(HttpReceiver.class).orElseThrow();
        receiver.setFault("social", 500, 0); // one fan-out target is broken for the whole test (first poll: 1 s)
        registry = runtime.context().getRegistry().lookupByNameAndType("licenseRegistry", LicenseRegistry.class);
    }

    /** The runtime on a registry filled before the flows start, so each target sees exactly one version per license. */
    static MediarelayRuntime startSeeded(Properties overrides) throws Exception {
        var config = TestRuntimes.config(overrides);
        var ds = Database.dataSource(config.get("mediarelay.db.url"), config.get("mediarelay.db.user", ""),
                config.get("mediarelay.db.password", ""));
        Database.migrate(ds);
        seed(new LicenseRegistry(ds));
        return new MediarelayRuntime(config).start();
    }

    static void seed(LicenseRegistry registry) {
        registry.upsertAsset(new Asset("getty", "gi-100", "Wind turbines at dusk", "Jane Doe", "Getty Images",
                "royaltyfree", "creative", null));
        registry.upsertAsset(new Asset("getty", "gi-200", "Summit in Geneva", "John Roe", "AFP", "rightsmanaged",
                "editorial", "Editorial use only."));
        registry.putLicense(commercial(TODAY.plusDays(90)));
        registry.putLicense(License.of("L-200", "getty", "gi-200", Set.of("WORLDWIDE"), Set.of("web", "print"),
                TODAY.minusDays(1), TODAY.plusDays(30)).withRestrictions("Editorial use only."));
        registry.recordUsage(new UsageEvent("gi-100", "L-100", "web", "US", TODAY, 3, null, "test"));
    }

    static License commercial(LocalDate end) {
        return new License("L-100", "getty", "gi-100", "royaltyfree", "easyaccess", "P-9", "AG-7", Set.of("US", "CA"),
                Set.of("web", "email", "social"), TODAY.minusDays(5), end, "Spring launch", new BigDecimal("250.00"),
                "USD", "CC-42", null, 100, 0, "getty-17");
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void registryFlowsDeliverMappedRecordsOncePerVersionAndFanOutSurvivesABrokenTarget() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> received("catalog").size() == 2
                && received("governance").size() == 2 && received("master-registry").size() == 2
                && received("compliance").size() == 2 && received("newsroom").size() == 1 && received("erp").size() == 1
                && received("email").size() == 2 && received("cms").size() == 2 && received("ads").size() == 2);

        JsonNode catalog = byField(received("catalog"), "assetId", "gi-100"); // GH7
        assertEquals("getty:gi-100", catalog.get("catalogKey").asText());
        assertEquals(TODAY.plusDays(90).toString(), catalog.get("license").get("expires").asText());
        assertEquals("[\"CA\",\"US\"]", catalog.get("license").get("terms").get("territories").toString());

        JsonNode gov = byField(received("governance"), "assetId", "gi-100"); // GH4
        assertEquals("[{\"channel\":\"web\",\"territory\":\"US\",\"quantity\":3}]", gov.get("usage").get("where").toString());
        assertEquals(100, gov.get("limits").get("usageLimit").asInt());

        JsonNode news = received("newsroom").get(0); // GH6/GX8: editorial only, captions and credits filled in
        assertEquals("gi-200", news.get("id").asText());
        assertEquals("Summit in Geneva (John Roe)", news.get("caption").asText());
        assertEquals("John Roe / AFP", news.get("credit").asText());
        assertEquals("Editorial use only.", news.get("restrictions").asText());
        assertTrue(news.get("restrictionRules").get(0).asText().startsWith("Editorial use only: not for commercial"),
                "HTTP payloads carry the rules the restriction was read as (issue 11): " + news);

        JsonNode erp = received("erp").get(0); // GX7: only what was bought
        assertEquals("L-100", erp.get("transactionRef").asText());
        assertEquals(new BigDecimal("250.00"), erp.get("amount").decimalValue().setScale(2));
        assertEquals("CC-42", erp.get("costCenter").asText());
        assertEquals("AG-7", erp.get("invoiceMatch").get("agreement").asText());
        assertEquals("getty-17", erp.get("invoiceMatch").get("vendorOrderRef").asText());

        JsonNode master = byField(received("master-registry"), "recordId", "gi-200"); // GX5
        assertEquals("John Roe", master.get("contributor").asText());
        assertEquals("Editorial use only.", master.get("restrictions").asText());

        JsonNode comp = byField(received("compliance"), "licenseId", "L-100"); // GX3
        assertEquals(3, comp.get("usage").get("used").asInt());

        JsonNode email = byField(received("email"), "channel", "email"); // GH5/GX4
        assertEquals("Wind turbines at dusk", email.get("asset").get("title").asText());
        assertEquals(0, receiver.received("social").size(), "the broken target got nothing...");
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetterReasons().stream().filter(r -> r.contains("/in/social")).count() == 2);

        // two more polls of each feed: nothing is sent twice, the broken target is not retried per poll
        Polls.awaitMoreRuns(runtime.context(), "scheduler://gh7-catalog-sync", 2, Duration.ofSeconds(15));
        Polls.awaitMoreRuns(runtime.context(), "scheduler://gh5-gx4-fanout", 2, Duration.ofSeconds(15));
        assertEquals(2, received("catalog").size(), "once per license version");
        assertEquals(2, received("email").size(), "once per license version");
        // the durable retry replays the social letters: through the social branch only, never the whole fan-out
        // (which sent the email, CMS and ads targets the same version again)
        await().atMost(Duration.ofSeconds(60)).until(() -> column("attempts").stream().anyMatch(a -> Integer.parseInt(a) >= 2));
        for (String target : List.of("email", "cms", "ads")) {
            assertEquals(2, received(target).size(), target + " got each version once although the social letters were retried: "
                    + received(target));
        }
        // the social target comes back: the retry delivers both records whole (what the mapping made of the view)
        receiver.setFault("social", 200, 0);
        await().atMost(Duration.ofSeconds(90)).until(() -> received("social").size() >= 2);
        assertEquals(2, received("social").size(), "once each: " + received("social"));
        assertTrue(received("social").stream().allMatch(r -> r.path("asset").path("id").asText().startsWith("gi-")),
                "a retried record carries its content: " + received("social"));
        assertEquals(2, deadLetterReasons().stream().filter(r -> r.contains("/in/social")).count(),
                "...and each failure is one dead letter with its reason: " + deadLetterReasons());

        registry.putLicense(commercial(TODAY.plusDays(120))); // renewed: a new version goes out
        await().atMost(Duration.ofSeconds(15)).until(() -> received("catalog").size() == 3);
        assertEquals(TODAY.plusDays(120).toString(),
                received("catalog").get(2).get("license").get("expires").asText());
    }

    @Test
    void damImportSendsBinaryThenMetadataAndRefusesUnlicensedFiles() throws Exception {
        Path outbox = data.resolve("dam-outbox");
        Files.createDirectories(outbox);
        byte[] image = new byte[50_000];
        new java.util.Random(3).nextBytes(image);
        Files.write(data.resolve("gi-100.jpg"), image);
        Files.move(data.resolve("gi-100.jpg"), outbox.resolve("gi-100.jpg"));
        Files.writeString(data.resolve("gi-999.jpg"), "no license for this one");
        Files.move(data.resolve("gi-999.jpg"), outbox.resolve("gi-999.jpg"));

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received("dam").size() == 2);
        List<HttpReceiver.Received> dam = receiver.received("dam");
        assertEquals("PUT", dam.get(0).method());
        assertEquals("/in/dam/assets/gi-100/file", dam.get(0).path());
        assertEquals(50_000, dam.get(0).bytes());
        assertEquals("gi-100.jpg", dam.get(0).headers().get("x-filename"));
        assertEquals("POST", dam.get(1).method());
        assertEquals("/in/dam/assets/gi-100/metadata", dam.get(1).path());
        JsonNode meta = JSON.readTree(dam.get(1).body());
        assertEquals("gi-100", meta.get("externalId").asText());
        assertEquals("Jane Doe", meta.get("creator").asText());
        assertEquals("Spring launch", meta.get("tags").asText());
        assertEquals("L-100", meta.get("rights").get("licenseId").asText());
        assertEquals(TODAY.plusDays(90).toString(), meta.get("rights").get("validUntil").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(outbox.resolve(".error/gi-999.jpg"))
                || deadLetterRoutes().contains("gh1-gx1-dam-import"));
        assertTrue(deadLetterRoutes().contains("gh1-gx1-dam-import"), "unlicensed file refused with its reason");
        assertFalse(receiver.received("dam").stream().anyMatch(r -> r.path().contains("gi-999")));
    }

    private List<JsonNode> received(String target) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (HttpReceiver.Received r : receiver.received(target)) {
            out.add(JSON.readTree(r.body()));
        }
        return out;
    }

    private static JsonNode byField(List<JsonNode> nodes, String field, String value) {
        return nodes.stream().filter(n -> n.has(field) && n.get(field).asText().equals(value)).findFirst()
                .orElseThrow(() -> new AssertionError("no message with " + field + "=" + value + " in " + nodes));
    }

    private List<String> deadLetterRoutes() throws Exception {
        return column("route_id");
    }

    private List<String> deadLetterReasons() throws Exception {
        return column("reason");
    }

    private List<String> column(String name) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = runtime.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT " + name + " FROM dead_letters")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
