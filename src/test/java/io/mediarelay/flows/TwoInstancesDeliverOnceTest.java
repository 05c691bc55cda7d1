package io.mediarelay.flows;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.runtime.db.TestDatabases;
import io.mediarelay.sandbox.receiver.HttpReceiver;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, the database half: two runtimes in one JVM on ONE PostgreSQL database, one Getty sandbox, one FTP
 * server, one webhook receiver, GF1 and PF3 switched on in both and no leader election, so both poll the same board
 * and the same PhotoShelter collection and race for every asset. Delivery claims alone must make every asset
 * delivered once (files on the FTP server, DELIVERED rows), licensed once (sandbox) and announced once
 * (delivery.completed webhooks, one event id per asset and destination).
 */
// cluster: on the merged tree one delivery.completed webhook of 43 was missing within 60 s (issue 13, open)
@Tag("cluster")
class TwoInstancesDeliverOnceTest {
    static final String GF1 = "gf1-licensed-package-export";
    static final String PF3 = "pf3-partner-distribution";
    static final String BOARD = GettyFtpFlowsTest.APPROVED;
    static final int ASSETS = 40;

    @TempDir
    Path dataA;
    @TempDir
    Path dataB;

    @Test
    void twoInstancesRacingOnOneDatabaseDeliverLicenseAndAnnounceEveryAssetOnce() throws Exception {
        String db = TestDatabases.newPostgresUrl("cluster");
        Properties a = GettyFlowRuntime.overrides(dataA, "gf1", "pf3");
        onDatabase(a, db);
        try (GettyFlowRuntime first = GettyFlowRuntime.start(a)) {
            // the second instance: its own ports and data dir, the first one's sandbox, FTP server and receiver
            Properties b = GettyFlowRuntime.overrides(dataB, "gf1", "pf3");
            onDatabase(b, db);
            for (String service : new String[] {"ftp", "getty", "receiver", "photoshelter"}) {
                b.setProperty("mediarelay.embedded." + service + ".enabled", "false");
                b.setProperty("mediarelay.embedded." + service + ".port",
                        first.runtime.config().get("mediarelay.embedded." + service + ".port"));
            }
            try (MediarelayRuntime second = new MediarelayRuntime(TestRuntimes.config(b)).start()) {
                long t0 = System.nanoTime();
                first.fillEditorialBoard(BOARD, ASSETS); // both instances see the new assets on their next poll
                int boardAssets = first.sandbox.boardAssetCount(BOARD);
                // generous bounds for a loaded CI machine; on an idle one this takes seconds
                await("GF1 + PF3 delivered").atMost(Duration.ofSeconds(240)).until(() -> first.delivered(GF1).size() >= boardAssets
                        && first.delivered(PF3).size() >= 2);
                HttpReceiver receiver = first.runtime.embedded().find(HttpReceiver.class).orElseThrow();
                int pairs = boardAssets + first.delivered(PF3).size();
                await("webhooks").atMost(Duration.ofSeconds(60)).until(() -> completedEvents(receiver).size() >= pairs);
                System.out.printf("two instances: %d GF1 + %d PF3 assets delivered in %d ms%n", boardAssets,
                        first.delivered(PF3).size(), (System.nanoTime() - t0) / 1_000_000);
                // both kept polling meanwhile: give them the next polls to (not) do anything twice
                await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);

                assertEquals(boardAssets, first.delivered(GF1).size(), "one DELIVERED row per GF1 asset");
                GettyFlowRuntime.assertNoDuplicateRows(first.delivered(GF1));
                GettyFlowRuntime.assertNoDuplicateRows(first.delivered(PF3));
                List<String> gf1Files = GettyFlowRuntime.files(first.ftpRoot.resolve("gf1-packages"));
                assertEquals(2 * boardAssets, gf1Files.size(), "asset + companion per GF1 asset: " + gf1Files);
                GettyFlowRuntime.assertNoPartFiles(first.ftpRoot.resolve("gf1-packages"));
                List<String> pf3Files = GettyFlowRuntime.files(first.ftpRoot.resolve("pf3-partner"));
                assertEquals(2 * first.delivered(PF3).size(), pf3Files.size(), pf3Files.toString());

                Map<String, Integer> licenses = first.sandbox.licensesPerAsset();
                assertEquals(boardAssets, first.sandbox.licenseCount(), "each GF1 asset licensed once: " + licenses);
                assertTrue(licenses.values().stream().allMatch(n -> n == 1), licenses.toString());

                List<String> events = completedEvents(receiver);
                assertEquals(pairs, events.size(), "one delivery.completed per asset and destination");
                assertEquals(pairs, events.stream().distinct().count(), "event ids unique");
                assertEquals(0, count(first, "SELECT COUNT(*) FROM dead_letters"), "losing a claim is no failure");
                assertEquals(0, count(first, "SELECT COUNT(*) FROM delivery_claims WHERE state <> 'DELIVERED'"),
                        "no claim left behind");
            }
        }
    }

    private static void onDatabase(Properties p, String url) {
        p.setProperty("mediarelay.db.url", url);
        p.setProperty("mediarelay.db.user", "postgres");
        p.setProperty("mediarelay.db.password", "");
        p.setProperty("mediarelay.webhooks.change-scan-ms", "500");
        p.setProperty("mediarelay.webhooks.poll-ms", "200");
    }

    /** Event ids of the delivery.completed webhooks the publishing receiver got (every request, duplicates kept). */
    private static List<String> completedEvents(HttpReceiver receiver) {
        return receiver.received("webhooks-publishing").stream()
                .filter(r -> "delivery.completed".equals(r.headers().get("x-mediarelay-event-type")))
                .map(r -> r.headers().get("x-mediarelay-event-id")).collect(Collectors.toList());
    }

    private static long count(GettyFlowRuntime rt, String sql) throws Exception {
        try (Connection c = rt.runtime.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
