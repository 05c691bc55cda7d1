package io.mediarelay.license;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.mediarelay.license.AuditOracle.Answer;
import io.mediarelay.license.AuditOracle.Lic;
import io.mediarelay.license.AuditOracle.Use;
import io.mediarelay.license.AuditWorlds.UseGen;
import io.mediarelay.license.AuditWorlds.World;
import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.transfer.EmbeddedFtpServer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The license audit through the real GF4 flow: a random world's uses are written as a partner usage log into the
 * embedded FTP inbox of a running runtime; the compliance report (status, code, license per line) and the used
 * counts afterwards must be the oracle's (docs/GOVERNANCE.md R1-R3, in file order). Fewer tries than the H2 audit:
 * each is a file through the inbox.
 */
class LicenseAuditGf4PropertyTest {
    static final String GF4 = "gf4 inbox";
    static Path data;
    static MediarelayRuntime runtime;
    static LicenseRegistry registry;
    static Path inbox;
    static Path reports;
    static LocalDate base;
    static LocalDate latest;

    @BeforeContainer
    static void start() throws Exception {
        data = Files.createTempDirectory("license-audit-gf4");
        var p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.gf4.enabled", "true");
        runtime = new MediarelayRuntime(TestRuntimes.config(p)).start();
        registry = runtime.context().getRegistry().lookupByNameAndType("licenseRegistry", LicenseRegistry.class);
        Path usage = runtime.embedded().find(EmbeddedFtpServer.class).orElseThrow().root().resolve("gf4-usage");
        inbox = Files.createDirectories(usage.resolve("inbox"));
        reports = usage.resolve("reports");
        // usage logs report the past: every generated day is before today (UTC, mediarelay.license.zone)
        latest = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        base = latest.minusDays(80);
    }

    @AfterContainer
    static void stop() {
        System.out.println(AuditRun.figures(GF4));
        runtime.close();
    }

    @Provide
    Arbitrary<World> worlds() {
        return AuditWorlds.worlds(base, 8, 45);
    }

    @Property(tries = 15)
    void theComplianceReportIsTheOracles(@ForAll("worlds") World w) throws Exception {
        AuditRun run = new AuditRun("G", base, w);
        run.licenses().forEach(registry::putLicense);
        List<Lic> state = run.oracle;
        StringBuilder csv = new StringBuilder("asset_id,channel,territory,date,quantity\n");
        List<Answer> expected = new ArrayList<>();
        List<String> boundaries = new ArrayList<>();
        for (UseGen g : w.uses()) {
            LocalDate day = run.day(g.day());
            day = day.isAfter(latest) ? latest : day;
            Use use = new Use(g.channel(), g.territory(), g.quantity());
            Answer a = AuditOracle.decide(state, use, day);
            expected.add(a);
            boundaries.add(run.boundary(day));
            state = AuditOracle.afterRecording(state, use, a);
            csv.append(run.assetId).append(',').append(use.channel()).append(',').append(use.territory()).append(',')
                    .append(day).append(',').append(use.quantity()).append('\n');
        }
        List<Map<String, String>> report = upload(run.assetId + ".csv", csv.toString());
        List<Answer> actual = report.stream().map(r -> switch (r.get("status")) {
            case "INVALID" -> new Answer(AuditOracle.INVALID, null);
            case "RECORDED" -> new Answer(AuditOracle.ALLOWED, r.get("license_id"));
            default -> new Answer(r.get("code"), r.get("license_id").isEmpty() ? null : r.get("license_id"));
        }).toList();
        assertEquals(expected, actual, "GF4 report of\n" + csv + "with licenses " + run.oracle + "\n" + report);
        assertEquals(LicenseAuditPropertyTest.used(state), LicenseAuditPropertyTest.used(registry.licensesOf(run.assetId)),
                "used counts after\n" + csv);
        expected.forEach(a -> AuditRun.count(GF4, "verdict", a.code()));
        boundaries.forEach(b -> AuditRun.count(GF4, "boundary", b));
    }

    private static List<Map<String, String>> upload(String name, String content) throws Exception {
        Path report = reports.resolve(name + ".compliance.csv");
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
