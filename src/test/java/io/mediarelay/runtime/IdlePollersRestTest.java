package io.mediarelay.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.Properties;

import io.mediarelay.license.Asset;
import io.mediarelay.license.License;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.sandbox.getty.GettySandbox;
import io.mediarelay.sandbox.receiver.HttpReceiver;
import org.apache.camel.Route;
import org.apache.camel.component.file.remote.RemoteFileEndpoint;
import org.apache.camel.support.ScheduledPollConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An idle runtime rests (issue 15): with {@code mediarelay.polling.idle-backoff-*} set, a Getty board source that
 * found nothing a few times polls a fraction as often, and wakes up as soon as a poll finds work again; partner
 * inboxes ({@code destination:}) get the same backoff. Without it an idle embedded default polled its eight boards
 * and five inboxes every 2-5 s for ever.
 */
class IdlePollersRestTest {

    @TempDir
    Path data;

    @Test
    void idleBoardSourcePollsLessAndWakesOnWork() throws Exception {
        Properties o = TestRuntimes.overrides(data);
        o.setProperty("mediarelay.gf1.enabled", "true"); // poll delay 100 ms (TestRuntimes)
        o.setProperty("mediarelay.polling.idle-backoff-multiplier", "19"); // at rest: one poll in 20, every 2 s
        o.setProperty("mediarelay.polling.idle-backoff-threshold", "2");
        try (MediarelayRuntime runtime = new MediarelayRuntime(TestRuntimes.config(o)).start()) {
            GettySandbox sandbox = runtime.embedded().find(GettySandbox.class).orElseThrow();
            String board = runtime.config().get("mediarelay.gf1.board-id");
            int seeded = sandbox.boardAssetCount(board);
            await().atMost(Duration.ofSeconds(60)).until(() -> sandbox.licenseCount() >= seeded);

            // the last poll with work, two empty ones (0.2 s), then one poll every 2 s: over 4 s at most ~5 polls
            // (at the 100 ms delay without backoff: ~40); the rate holds for the whole window
            int before = boardPolls(sandbox);
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                    .until(() -> boardPolls(sandbox) - before <= 8);

            sandbox.addAssetToBoard(board, sandbox.catalogImageIds().get(40));
            await().atMost(Duration.ofSeconds(20)).until(() -> sandbox.licenseCount() >= seeded + 1);

            // inboxes: every destination: consumer got the profile's backoff (camel-ftp does the resting)
            List<Route> inboxes = runtime.context().getRoutes().stream()
                    .filter(r -> r.getEndpoint() instanceof RemoteFileEndpoint<?>).toList();
            assertFalse(inboxes.isEmpty(), "the embedded default has partner inboxes");
            for (Route inbox : inboxes) {
                ScheduledPollConsumer c = (ScheduledPollConsumer) inbox.getConsumer();
                assertTrue(c.getBackoffMultiplier() == 19 && c.getBackoffIdleThreshold() == 2,
                        inbox.getRouteId() + ": backoff " + c.getBackoffMultiplier() + "/" + c.getBackoffIdleThreshold());
            }
        }
    }

    /**
     * The license-registry feeds (GH4-GH7, GX3-GX8, GF4), the webhook outbox and its change scan, and the procurement
     * outbox read the database on a {@code scheduler:} that rests like the pollers: a read that found nothing tells
     * the scheduler so. Before, each was a {@code timer:} reading every 2-5 s for ever (bench/idle.sh: ~25 ms of CPU
     * a minute each). A new license wakes its feeds: they deliver it within the rest period.
     */
    @Test
    void idleRegistryFeedsAndOutboxesReadLessAndWakeOnChange() throws Exception {
        Properties o = TestRuntimes.overrides(data);
        for (String key : List.of("mediarelay.http.poll-ms", "mediarelay.webhooks.poll-ms", "mediarelay.webhooks.change-scan-ms",
                "mediarelay.api.procurement.poll-ms")) {
            o.setProperty(key, "100");
        }
        o.setProperty("mediarelay.polling.idle-backoff-multiplier", "19"); // at rest: one read in 20, every 2 s
        o.setProperty("mediarelay.polling.idle-backoff-threshold", "2");
        try (MediarelayRuntime runtime = new MediarelayRuntime(TestRuntimes.config(o)).start()) {
            List<ScheduledPollConsumer> readers = runtime.context().getRoutes().stream()
                    .filter(r -> r.getEndpoint().getEndpointUri().startsWith("scheduler:"))
                    .map(r -> (ScheduledPollConsumer) r.getConsumer()).toList();
            assertTrue(readers.size() >= 11, "feeds of GH4-GH7/GX3-GX8/GF4, the webhook scan and outbox, procurement: " + readers.size());
            for (ScheduledPollConsumer c : readers) {
                assertTrue(c.getBackoffMultiplier() == 19 && c.getBackoffIdleThreshold() == 2,
                        c.getEndpoint().getEndpointUri() + ": backoff " + c.getBackoffMultiplier() + "/" + c.getBackoffIdleThreshold());
            }
            // at rest: at the 100 ms delay without backoff each would read ~30 times in 3 s; resting, at most 3
            await().atMost(Duration.ofSeconds(10)).until(() -> readers.stream().allMatch(c -> c.getCounter() >= 3));
            long[] before = readers.stream().mapToLong(ScheduledPollConsumer::getCounter).toArray();
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> {
                for (int i = 0; i < before.length; i++) {
                    if (readers.get(i).getCounter() - before[i] > 4) {
                        return false;
                    }
                }
                return true;
            });

            // a new license wakes the feeds at their next read (within the 2 s rest), and they deliver it
            HttpReceiver receiver = runtime.embedded().find(HttpReceiver.class).orElseThrow();
            int catalog = receiver.received("catalog").size();
            LicenseRegistry registry = runtime.context().getRegistry().lookupByNameAndType("licenseRegistry", LicenseRegistry.class);
            registry.upsertAsset(new Asset("getty", "gi-100", "Wind turbines at dusk", "Jane Doe", "Getty Images",
                    "royaltyfree", "creative", null));
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            registry.putLicense(License.of("L-100", "getty", "gi-100", Set.of("US"), Set.of("web"), today.minusDays(1),
                    today.plusDays(30)));
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received("catalog").size() > catalog);
        }
    }

    /**
     * With {@code mediarelay.polling.idle-interval-ms} every resting poller rests about that long, whatever its own
     * delay: one multiplier for all rested a 500 ms drop folder twelve times as often as a 5 s board (bench/idle.sh:
     * the drop folder and inboxes were most of an idle runtime's polling CPU).
     */
    @Test
    void aRestLastsTheIdleIntervalWhateverThePollersDelay() throws Exception {
        Properties o = TestRuntimes.overrides(data); // drop folder every 100 ms
        o.setProperty("mediarelay.http.poll-ms", "500"); // the registry feeds
        o.setProperty("mediarelay.polling.idle-backoff-multiplier", "1");
        o.setProperty("mediarelay.polling.idle-backoff-threshold", "2");
        o.setProperty("mediarelay.polling.idle-interval-ms", "3000");
        try (MediarelayRuntime runtime = new MediarelayRuntime(TestRuntimes.config(o)).start()) {
            List<ScheduledPollConsumer> resting = runtime.context().getRoutes().stream()
                    .filter(r -> r.getConsumer() instanceof ScheduledPollConsumer c && c.getBackoffMultiplier() > 0)
                    .map(r -> (ScheduledPollConsumer) r.getConsumer()).toList();
            for (ScheduledPollConsumer c : resting) {
                long expected = Math.max(1, Math.round(3000.0 / c.getDelay()) - 1);
                assertTrue(c.getBackoffMultiplier() == expected, c.getEndpoint().getEndpointUri() + ": delay " + c.getDelay()
                        + " ms, multiplier " + c.getBackoffMultiplier() + ", expected " + expected);
            }
            Set<Long> delays = new java.util.TreeSet<>(resting.stream().map(ScheduledPollConsumer::getDelay).toList());
            assertTrue(delays.containsAll(Set.of(100L, 500L)), "drop folder and registry feeds rest: " + delays);

            // the drop folder at rest: at 100 ms with the multiplier of 1 it would poll ~20 times in 4 s; resting 3 s, 2-3
            ScheduledPollConsumer dropFolder = (ScheduledPollConsumer) runtime.context().getRoute("dropfolder-to-ftp").getConsumer();
            await().atMost(Duration.ofSeconds(10)).until(() -> dropFolder.getCounter() >= 3);
            long before = dropFolder.getCounter();
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> dropFolder.getCounter() - before <= 4);
        }
    }

    private static int boardPolls(GettySandbox sandbox) {
        return sandbox.requestCount("GET", "/v3/boards/.*");
    }
}
