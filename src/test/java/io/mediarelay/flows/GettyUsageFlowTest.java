package io.mediarelay.flows;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.mediarelay.testsupport.Polls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * GF4 end to end on the real runtime and embedded FTP server: usage manifests out for rights-managed licenses;
 * usage logs (CSV, JSON) in from the FTP inbox, recorded in usage_events, checked against the license rules,
 * compliance report back on FTP, file to .done or .quarantine, re-processing idempotent by checksum + line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GettyUsageFlowTest {
    static final LocalDate TODAY = LocalDate.now();

    GettyFlowRuntime rt;
    LicenseRegistry registry;
    Path usage;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        rt = GettyFlowRuntime.start(GettyFlowRuntime.overrides(data, "gf4"));
        registry = rt.runtime.context().getRegistry().lookupByNameAndType("licenseRegistry", LicenseRegistry.class);
        // RM-1: rights-managed, web + print in US/GB for a year; RM-2: rights-managed, expired 10 days ago;
        // RF-1: royalty-free (worldwide, all channels) - gets no manifest
        registry.putLicense(license("L-RM-1", "RM-1", "rightsmanaged", Set.of("US", "GB"), Set.of("web", "print"),
                TODAY.minusDays(30), TODAY.plusDays(335), "Spring 2026"));
        registry.putLicense(license("L-RM-2", "RM-2", "rightsmanaged", Set.of("US"), Set.of("web"),
                TODAY.minusDays(100), TODAY.minusDays(10), "Winter 2025"));
        registry.putLicense(license("L-RF-1", "RF-1", "royaltyfree", Set.of("WORLDWIDE"), Set.of("all"),
                TODAY.minusDays(30), null, null));
        usage = rt.ftpRoot.resolve("gf4-usage");
    }

    @AfterAll
    void stop() {
        rt.close();
    }

    static License license(String id, String asset, String model, Set<String> territories, Set<String> channels,
                           LocalDate from, LocalDate to, String campaign) {
        return new License(id, "getty", asset, model, "easyaccess", "10001", "AG-1", territories, channels, from, to,
                campaign, null, null, null, null, null, 0, null);
    }

    @Test
    void manifestOutForRightsManagedLicensesOnly() throws Exception {
        Path m1 = usage.resolve("manifests/RM-1/L-RM-1.usage-manifest.json");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(m1)
                && Files.exists(usage.resolve("manifests/RM-2/L-RM-2.usage-manifest.json")));
        JsonNode m = new ObjectMapper().readTree(m1.toFile());
        assertEquals("L-RM-1", m.get("licenseId").asText());
        assertEquals("Spring 2026", m.get("campaign").asText());
        assertEquals("[\"print\",\"web\"]", m.get("approvedChannels").toString());
        assertEquals("[\"GB\",\"US\"]", m.get("territories").toString());
        assertEquals(TODAY.plusDays(335).toString(), m.get("expires").asText());
        assertFalse(Files.exists(usage.resolve("manifests/RF-1")), "royalty-free licenses get no usage manifest");
        assertEquals(1, rt.deliveries.all().stream().filter(d -> d.remotePath().endsWith("L-RM-1.usage-manifest.json")).count());
    }

    @Test
    void changedTermsSendTheManifestAgainUnchangedNever() throws Exception {
        registry.putLicense(license("L-RM-3", "RM-3", "rightsmanaged", Set.of("DE"), Set.of("print"),
                TODAY.minusDays(5), TODAY.plusDays(30), "Autumn"));
        Path m = usage.resolve("manifests/RM-3/L-RM-3.usage-manifest.json");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(m));
        // the renewal: a longer term and one more channel
        registry.putLicense(license("L-RM-3", "RM-3", "rightsmanaged", Set.of("DE"), Set.of("print", "web"),
                TODAY.minusDays(5), TODAY.plusDays(400), "Autumn"));
        // ignoreExceptions: the new version replaces the old one by rename; the name is briefly absent
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> new ObjectMapper().readTree(m.toFile()).get("expires").asText()
                .equals(TODAY.plusDays(400).toString()));
        assertEquals("[\"print\",\"web\"]", new ObjectMapper().readTree(m.toFile()).get("approvedChannels").toString());
        // the same terms again (a re-import) send nothing
        registry.putLicense(license("L-RM-3", "RM-3", "rightsmanaged", Set.of("DE"), Set.of("print", "web"),
                TODAY.minusDays(5), TODAY.plusDays(400), "Autumn"));
        Polls.awaitMoreRuns(rt.runtime.context(), "gf4-manifest-source", 5, Duration.ofSeconds(20)); // 5 more polls of the feed add nothing
        assertEquals(2, rt.deliveries.all().stream().filter(d -> d.remotePath().endsWith("L-RM-3.usage-manifest.json")).count(),
                "one delivery per version of the terms");
    }

    @Test
    void goodCsvIsRecordedAndReportedAndDone() throws Exception {
        String csv = "asset_id,channel,territory,date,quantity,proof\n"
                + "RM-1,web,US," + TODAY.minusDays(2) + ",1,https://partner.example/a\n"
                + "RM-1,Print,gb," + TODAY.minusDays(1) + ",2,\"issue 12, page 3\"\n";
        int used = registry.license("L-RM-1").orElseThrow().usedCount();
        List<Map<String, String>> report = upload("good.csv", csv);
        assertEquals(2, report.size(), report.toString());
        assertTrue(report.stream().allMatch(r -> r.get("status").equals("RECORDED") && r.get("license_id").equals("L-RM-1")), report.toString());
        assertEquals(List.of("2", "3"), report.stream().map(r -> r.get("line")).toList());
        assertTrue(Files.exists(usage.resolve("inbox/.done/good.csv")));
        assertEquals(2, registry.count("usage_events", "proof_file IN (?, ?)", "https://partner.example/a", "issue 12, page 3"));
        assertEquals(used + 3, registry.license("L-RM-1").orElseThrow().usedCount(), "quantities counted");
    }

    @Test
    void goodJsonIsRecorded() throws Exception {
        String json = "{\"partner\": \"agency-x\", \"usages\": [\n"
                + "  {\"assetId\": \"RF-1\", \"channel\": \"social\", \"territory\": \"FR\", \"date\": \"" + TODAY.minusDays(3) + "\"},\n"
                + "  {\"asset_id\": \"RF-1\", \"channel\": \"email\", \"country\": \"DE\", \"published_at\": \"" + TODAY.minusDays(2) + "\", \"quantity\": 4}\n"
                + "]}\n";
        List<Map<String, String>> report = upload("proofs.json", json);
        assertEquals(List.of("2", "3"), report.stream().map(r -> r.get("line")).toList(), report.toString());
        assertTrue(report.stream().allMatch(r -> r.get("status").equals("RECORDED")), report.toString());
        assertTrue(Files.exists(usage.resolve("inbox/.done/proofs.json")));
        assertEquals(2, registry.count("usage_events", "asset_id = 'RF-1'"));
    }

    @Test
    void badRowsAreReportedWithLineNumbersGoodRowsKeptFileQuarantined() throws Exception {
        String csv = "Asset ID,Channel,Territory,Date\n"
                + "RM-1,web,US," + TODAY.minusDays(5) + "\n"
                + "RM-1,web,US,yesterday\n"
                + "\n"
                + ",web,US," + TODAY.minusDays(5) + "\n"
                + "RM-1,web,USA," + TODAY.minusDays(4) + "\n"
                + "RM-1,web,US," + TODAY.minusDays(4) + ",extra\n"
                + "RM-1,print,GB," + TODAY.minusDays(3) + "\n";
        long before = registry.count("usage_events", "asset_id = 'RM-1' AND source_flow = 'gf4-usage-logs-in'");
        List<Map<String, String>> report = upload("mixed.csv", csv);
        Map<String, String> status = new java.util.LinkedHashMap<>();
        report.forEach(r -> status.put(r.get("line"), r.get("status")));
        assertEquals(Map.of("2", "RECORDED", "3", "INVALID", "5", "INVALID", "6", "INVALID", "7", "INVALID", "8", "RECORDED"), status);
        assertTrue(report.get(1).get("reason").contains("not yyyy-MM-dd"), report.toString());
        assertTrue(report.get(2).get("reason").contains("asset_id is missing"), report.toString());
        assertTrue(report.get(3).get("reason").contains("ISO 3166"), report.toString());
        assertTrue(report.get(4).get("reason").contains("5 fields"), report.toString());
        assertEquals(before + 2, registry.count("usage_events", "asset_id = 'RM-1' AND source_flow = 'gf4-usage-logs-in'"),
                "good rows recorded, bad rows not");
        assertTrue(Files.exists(usage.resolve("inbox/.quarantine/mixed.csv")), "file quarantined");
        assertFalse(Files.exists(usage.resolve("inbox/.done/mixed.csv")));
    }

    @Test
    void usageOutsideChannelTerritoryOrAfterExpiryIsFlagged() throws Exception {
        String csv = "asset_id,channel,territory,date\n"
                + "RM-1,social,US," + TODAY.minusDays(1) + "\n"      // channel not approved
                + "RM-1,web,FR," + TODAY.minusDays(1) + "\n"         // territory not covered
                + "RM-2,web,US," + TODAY.minusDays(2) + "\n"         // after expiry
                + "RM-2,web,US," + TODAY.minusDays(20) + "\n"        // within the term
                + "UNKNOWN-9,web,US," + TODAY.minusDays(1) + "\n";   // no license at all
        List<Map<String, String>> report = upload("compliance.csv", csv);
        assertEquals(List.of("OUTSIDE_LICENSE", "OUTSIDE_LICENSE", "OUTSIDE_LICENSE", "RECORDED", "OUTSIDE_LICENSE"),
                report.stream().map(r -> r.get("status")).toList(), report.toString());
        assertEquals(List.of("CHANNEL_NOT_APPROVED", "TERRITORY_NOT_ALLOWED", "EXPIRED", "ALLOWED", "NO_LICENSE"),
                report.stream().map(r -> r.get("code")).toList());
        assertTrue(report.get(2).get("reason").contains("expired on " + TODAY.minusDays(10)), report.toString());
        assertTrue(Files.exists(usage.resolve("inbox/.done/compliance.csv")), "flagged uses are not a bad file");
        assertEquals(1, registry.count("usage_events", "asset_id = 'UNKNOWN-9'"), "outside-license uses are recorded for audit");
    }

    @Test
    void reprocessingTheSameFileDoesNotDoubleRecord() throws Exception {
        String csv = "asset_id,channel,territory,date\n"
                + "RM-1,web,GB," + TODAY.minusDays(7) + "\n"
                + "RM-1,web,GB," + TODAY.minusDays(6) + "\n";
        upload("again.csv", csv);
        long events = registry.count("usage_events", "asset_id = 'RM-1' AND territory = 'GB' AND use_date IN (?, ?)",
                java.sql.Date.valueOf(TODAY.minusDays(7)), java.sql.Date.valueOf(TODAY.minusDays(6)));
        assertEquals(2, events);
        int used = registry.license("L-RM-1").orElseThrow().usedCount();
        // the same content again, under its old name and under a new one
        List<Map<String, String>> second = upload("again.csv", csv);
        List<Map<String, String>> third = upload("again-renamed.csv", csv);
        assertTrue(second.stream().allMatch(r -> r.get("status").equals("ALREADY_RECORDED")), second.toString());
        assertTrue(third.stream().allMatch(r -> r.get("status").equals("ALREADY_RECORDED")), third.toString());
        assertEquals(events, registry.count("usage_events", "asset_id = 'RM-1' AND territory = 'GB' AND use_date IN (?, ?)",
                java.sql.Date.valueOf(TODAY.minusDays(7)), java.sql.Date.valueOf(TODAY.minusDays(6))));
        assertEquals(used, registry.license("L-RM-1").orElseThrow().usedCount(), "used count not doubled");
    }

    /** Puts a file into the FTP inbox (written aside, renamed in), waits for its report, returns the report rows. */
    private List<Map<String, String>> upload(String name, String content) throws Exception {
        Path inbox = usage.resolve("inbox");
        Files.createDirectories(inbox);
        Path report = usage.resolve("reports/" + name + ".compliance.csv");
        Files.deleteIfExists(report);
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
