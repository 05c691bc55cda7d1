package io.mediarelay.flows;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.mediarelay.license.License;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.webhook.LicenseAlertScanner;
import io.mediarelay.webhook.WebhookOutbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 findings 2, 3, 4, 6 and the fail-closed restriction of finding 1, through the real GF4 inbox: one verdict
 * per use, made when it is recorded; only allowed uses count against a limit; the license that covers the whole
 * quantity is charged; usage.violation states the recorded verdict; ZZ is not a territory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GettyUsageVerdictTest {
    static final LocalDate TODAY = LocalDate.now();

    GettyFlowRuntime rt;
    LicenseRegistry registry;
    Path usage;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        rt = GettyFlowRuntime.start(GettyFlowRuntime.overrides(data, "gf4"));
        registry = rt.runtime.context().getRegistry().lookupByNameAndType("licenseRegistry", LicenseRegistry.class);
        usage = rt.ftpRoot.resolve("gf4-usage");
    }

    @AfterAll
    void stop() {
        rt.close();
    }

    @Test
    void refusedUsesDoNotCountAndViolationsAreTheRecordedVerdicts() throws Exception {
        registry.putLicense(License.of("L-C", "getty", "C-1", Set.of("US"), Set.of("web"), TODAY.minusDays(30), null)
                .withUsage(3, 0));
        String day = TODAY.minusDays(1).toString();
        List<Map<String, String>> report = upload("count.csv", "asset_id,channel,territory,date\n"
                + "C-1,web,US," + day + "\nC-1,web,FR," + day + "\nC-1,web,US," + day + "\nC-1,web,US," + day + "\n");
        assertEquals(List.of("RECORDED", "OUTSIDE_LICENSE", "RECORDED", "RECORDED"),
                report.stream().map(r -> r.get("status")).toList(), report.toString());
        assertEquals("TERRITORY_NOT_ALLOWED", report.get(1).get("code"));
        assertEquals(3, registry.license("L-C").orElseThrow().usedCount(), "the refused FR use counts against nothing");

        LicenseAlertScanner scanner = rt.runtime.context().getRegistry()
                .lookupByNameAndType("licenseAlertScanner", LicenseAlertScanner.class);
        WebhookOutbox outbox = rt.runtime.context().getRegistry().lookupByNameAndType("webhookOutbox", WebhookOutbox.class);
        scanner.scan();
        List<JsonNode> violations = outbox.list(null, 1000).stream()
                .filter(e -> e.eventType().equals("usage.violation") && "C-1".equals(e.assetId()))
                .map(e -> read(e.payload())).filter(j -> j.path("data").path("licenseId").asText().equals("L-C"))
                .toList();
        // one webhook per receiver subscribed; all of them about the FR use, stating the verdict made when recorded
        assertTrue(!violations.isEmpty(), "the refused use raises usage.violation");
        assertTrue(violations.stream().allMatch(v -> v.path("data").path("territory").asText().equals("FR")
                && v.path("data").path("code").asText().equals("TERRITORY_NOT_ALLOWED")), violations.toString());
    }

    @Test
    void theLicenseThatCoversTheWholeQuantityIsCharged() throws Exception {
        registry.putLicense(License.of("L-Q-A", "getty", "Q-1", Set.of("WORLDWIDE"), Set.of("all"), TODAY.minusDays(30),
                TODAY.plusDays(30)).withUsage(1, 0));
        registry.putLicense(License.of("L-Q-B", "getty", "Q-1", Set.of("WORLDWIDE"), Set.of("all"), TODAY.minusDays(30),
                TODAY.plusDays(300)));
        List<Map<String, String>> report = upload("quantity.csv", "asset_id,channel,territory,date,quantity\n"
                + "Q-1,web,DE," + TODAY.minusDays(1) + ",2\nQ-1,web,DE," + TODAY.minusDays(1) + ",1\n");
        assertEquals("RECORDED", report.get(0).get("status"), report.toString());
        assertEquals("L-Q-B", report.get(0).get("license_id"), "A (limit 1) cannot cover 2; B (unlimited) can");
        assertEquals("L-Q-A", report.get(1).get("license_id"), "a single use goes to the license that ends first");
        assertEquals(1, registry.license("L-Q-A").orElseThrow().usedCount());
        assertEquals(2, registry.license("L-Q-B").orElseThrow().usedCount());
    }

    @Test
    void zzIsNotATerritoryAndAnUninterpretedRestrictionFailsClosed() throws Exception {
        registry.putLicense(License.of("L-Z", "getty", "Z-1", Set.of("WORLDWIDE"), Set.of("all"), TODAY.minusDays(30), null)
                .withRestrictions("Not for use in Antarctica during the winter."));
        List<Map<String, String>> report = upload("zz.csv", "asset_id,channel,territory,date\n"
                + "Z-1,web,ZZ," + TODAY.minusDays(1) + "\nZ-1,web,US," + TODAY.minusDays(1) + "\n");
        assertEquals("INVALID", report.get(0).get("status"), report.toString());
        assertTrue(report.get(0).get("reason").contains("'ZZ' is not an ISO 3166-1 alpha-2 code"), report.toString());
        assertEquals("OUTSIDE_LICENSE", report.get(1).get("status"), report.toString());
        assertEquals("RESTRICTION_UNINTERPRETED", report.get(1).get("code"));
        assertTrue(report.get(1).get("reason").contains("Not for use in Antarctica during the winter."), report.toString());
    }

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Map<String, String>> upload(String name, String content) throws Exception {
        Path inbox = usage.resolve("inbox");
        Files.createDirectories(inbox);
        Path report = usage.resolve("reports/" + name + ".compliance.csv");
        Path tmp = inbox.resolve(name + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(report) && !Files.exists(inbox.resolve(name)));
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(report.toFile())) {
            return it.readAll();
        }
    }
}
