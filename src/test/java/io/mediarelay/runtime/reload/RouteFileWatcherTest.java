package io.mediarelay.runtime.reload;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
}
