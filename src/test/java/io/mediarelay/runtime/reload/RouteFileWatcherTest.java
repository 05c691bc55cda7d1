package io.mediarelay.runtime.reload;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15: the route watcher wakes on a file-system event, not on a short timer that stats every route file. */
class RouteFileWatcherTest {

    @TempDir
    Path routes;

    @Test
    void aSavedFlowIsSeenAtOnceThoughThePollPeriodIsAMinute() throws Exception {
        Files.createDirectories(routes.resolve("flows"));
        Files.writeString(routes.resolve("flows/a.camel.yaml"), "- route:\n    id: a\n");
        AtomicInteger changes = new AtomicInteger();
        RouteFileWatcher watcher = new RouteFileWatcher(routes, 60_000, detected -> changes.incrementAndGet());
        watcher.start();
        try {
            Files.writeString(routes.resolve("flows/b.camel.yaml"), "- route:\n    id: b\n");
            // a timer of 60 s (or the 10 s fallback) would not fire within 5 s; the event does
            await().atMost(Duration.ofSeconds(5)).until(() -> changes.get() == 1);
        } finally {
            watcher.stop();
        }
    }

    /**
     * CI failure of SafeReloadTest ("Resource is empty"): a writer truncates, then writes; on a loaded machine the
     * write came after the settle step and the reload judged the empty file. A file that changed to empty is a save in
     * progress: no change fires while it stays empty (within the grace time), and the one that fires sees content.
     */
    @Test
    void aTruncatedFileIsNotJudgedBeforeItsContentArrives() throws Exception {
        Path flow = routes.resolve("flows/a.camel.yaml");
        Files.createDirectories(flow.getParent());
        Files.writeString(flow, "- route:\n    id: a\n");
        List<Long> sizesSeen = new CopyOnWriteArrayList<>();
        RouteFileWatcher watcher = new RouteFileWatcher(routes, 60_000, detected -> {
            try {
                sizesSeen.add(Files.size(flow));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        watcher.start();
        try {
            Files.writeString(flow, ""); // the writer has truncated ...
            // ... and is slow to write: several settle steps pass and nothing is judged
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(sizesSeen::isEmpty);
            Files.writeString(flow, "- route:\n    id: a2\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> !sizesSeen.isEmpty());
            org.junit.jupiter.api.Assertions.assertTrue(sizesSeen.stream().allMatch(s -> s > 0), sizesSeen.toString());
        } finally {
            watcher.stop();
        }
    }
}
