package io.mediarelay.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import io.mediarelay.sandbox.getty.GettySandbox;
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

    private static int boardPolls(GettySandbox sandbox) {
        return sandbox.requestCount("GET", "/v3/boards/.*");
    }
}
