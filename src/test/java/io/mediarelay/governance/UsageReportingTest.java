package io.mediarelay.governance;

import static io.mediarelay.governance.GovernanceTestSupport.count;
import static io.mediarelay.governance.GovernanceTestSupport.insertUsage;
import static io.mediarelay.governance.GovernanceTestSupport.strings;
import static io.mediarelay.governance.GovernanceTestSupport.sums;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import io.mediarelay.governance.GovernanceTestSupport.Use;
import io.mediarelay.license.Asset;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.testsupport.Polls;
import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.sandbox.getty.GettySandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Getty usage reporting (route gh-usage-reporting) in the real runtime against the Getty sandbox: Getty records
 * batches whose answers get lost, the runtime is restarted in between, and the sandbox's recorded totals must equal
 * the recorded usage events exactly.
 */
class UsageReportingTest {
    /** What Getty must have: every Getty event due today or earlier, summed per asset. */
    static final String EXPECTED = "SELECT e.asset_id, SUM(e.quantity) FROM usage_events e JOIN assets a"
            + " ON a.asset_id = e.asset_id AND a.source = 'getty' WHERE e.use_date <= CURRENT_DATE GROUP BY e.asset_id";

    @TempDir
    Path data;

    MediarelayRuntime start() throws Exception {
        Properties p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.usage-reporting.enabled", "true");
        p.setProperty("mediarelay.usage-reporting.cron", "0/2 * * * * ?");
        // a Getty that keeps failing gives up quickly (the test is about what happens afterwards)
        p.setProperty("camel.component.getty.maxAttempts", "2");
        p.setProperty("camel.component.getty.initialBackoff", "50");
        return new MediarelayRuntime(TestRuntimes.config(p)).start();
    }

    static List<Use> uses(List<String> assets, int n, int seed) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<Use> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Use(assets.get((i * 7 + seed) % assets.size()), 1 + (i + seed) % 3, today.minusDays(1 + i % 20)));
        }
        return out;
    }

    @Test
    void everyRecordedUseIsCountedOnceAcrossLostAnswersAndARestart() throws Exception {
        List<String> assets;
        GettySandbox first;
        try (MediarelayRuntime rt = start()) {
            first = rt.embedded().find(GettySandbox.class).orElseThrow();
            DataSource ds = rt.dataSource();
            LicenseRegistry registry = rt.context().getRegistry().lookupByNameAndType("licenseRegistry", LicenseRegistry.class);
            assets = first.catalogImageIds().subList(0, 6);
            for (String id : assets) {
                registry.upsertAsset(new Asset("getty", id, "t", "a", "c", "royaltyfree", "creative", null));
            }
            registry.upsertAsset(new Asset("photoshelter", "ps-1", "own photo", null, null, null, null, null));
            // Getty records every batch but its answers never arrive (500), retries included
            first.failUsageBatchesAfterRecording(1_000_000);
            insertUsage(ds, uses(assets, 2300, 0));
            insertUsage(ds, List.of(new Use("ps-1", 5, LocalDate.now(ZoneOffset.UTC).minusDays(1)),
                    new Use(assets.get(0), 9, LocalDate.now(ZoneOffset.UTC).plusDays(3)))); // not Getty's / not due yet

            await().atMost(Duration.ofSeconds(60)).until(() -> first.usageBatchCount() == 3
                    && count(ds, "SELECT COUNT(*) FROM usage_report_batches WHERE status = 'CLAIMED' AND attempts >= 1") == 3);
            assertEquals(0, count(ds, "SELECT COUNT(*) FROM usage_report_batches WHERE status = 'REPORTED'"),
                    "mediarelay never learned that Getty has them");
            assertEquals(List.of("1000", "1000", "300"), strings(ds,
                    "SELECT CAST(event_count AS VARCHAR(10)) FROM usage_report_batches ORDER BY event_count DESC"));
            assertEquals(sums(ds, EXPECTED), first.usageTotals(), "Getty has every event once");
        } // the runtime stops with three batches sent but unconfirmed: the crash window between send and mark

        try (MediarelayRuntime rt = start()) {
            GettySandbox getty = rt.embedded().find(GettySandbox.class).orElseThrow(); // same state dir, knob off
            DataSource ds = rt.dataSource();
            insertUsage(ds, uses(assets, 450, 3));
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    count(ds, "SELECT COUNT(*) FROM usage_report_batches WHERE status = 'REPORTED'") == 4);
            assertEquals(4, getty.usageBatchCount(), "the three unconfirmed batches were re-sent under their own ids");
            assertEquals(3, count(ds, "SELECT COUNT(*) FROM usage_report_batches WHERE outcome = 'already_reported'"));
            Map<String, Integer> expected = sums(ds, EXPECTED);
            assertEquals(expected, getty.usageTotals(), "Getty's totals equal the recorded events exactly");
            assertEquals(2750, count(ds, "SELECT COUNT(*) FROM usage_events WHERE report_batch_id IS NOT NULL"));
            assertEquals(2, count(ds, "SELECT COUNT(*) FROM usage_events WHERE report_batch_id IS NULL"),
                    "the PhotoShelter use and the future-dated use are not reported");

            // an answer lost once (5xx on the first try of a new batch): the retry hears 409 and counts it once
            getty.failUsageBatchesAfterRecording(1);
            insertUsage(ds, uses(assets, 25, 5));
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    count(ds, "SELECT COUNT(*) FROM usage_report_batches WHERE status = 'REPORTED'") == 5);
            assertEquals(4, count(ds, "SELECT COUNT(*) FROM usage_report_batches WHERE outcome = 'already_reported'"));
            assertEquals(sums(ds, EXPECTED), getty.usageTotals());

            // nothing left to report: later runs send nothing
            Polls.awaitMoreRuns(rt.context(), "gh-usage-reporting", 2, Duration.ofSeconds(60)); // two more runs, proven
            assertEquals(5, getty.usageBatchCount(), "nothing left to report: no batch sent");

            // Getty refuses a batch naming an asset it does not know (400): REJECTED, not retried forever
            rt.context().getRegistry().lookupByNameAndType("licenseRegistry", LicenseRegistry.class)
                    .upsertAsset(new Asset("getty", "999999", "gone", null, null, null, null, null));
            insertUsage(ds, List.of(new Use("999999", 1, LocalDate.now(ZoneOffset.UTC).minusDays(1))));
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    count(ds, "SELECT COUNT(*) FROM usage_report_batches WHERE status = 'REJECTED'") == 1);
            assertTrue(strings(ds, "SELECT last_error FROM usage_report_batches WHERE status = 'REJECTED'").get(0).contains("400"));
            assertEquals(5, getty.usageBatchCount());
            System.out.printf("[figures] usage reporting: 2775 events in %d batches, Getty totals = recorded totals%n",
                    getty.usageBatchCount());
        }
    }
}
