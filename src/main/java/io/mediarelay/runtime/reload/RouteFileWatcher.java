package io.mediarelay.runtime.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the route folders' file names, mtimes and sizes with the last ones seen. The comparison is what decides (it
 * behaves the same on every file system, network mounts and container volumes included, and atomic renames by editors
 * are just another change); the JDK WatchService only says when to look: an idle runtime no longer stats every route
 * file twice a second (issue 15). Without an event the folders are still compared every {@link #FALLBACK_MILLIS}
 * (file systems whose changes the WatchService does not report), and every {@code pollMillis} when no WatchService
 * could be opened. A change fires once the folders stayed the same for a short settle time (editors write in
 * several steps), with the time the change was first seen, so reload latency can be measured from detection.
 */
final class RouteFileWatcher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteFileWatcher.class);
    private static final long SETTLE_MILLIS = 100;
    /**
     * A changed route file that is empty is taken for a save in progress (writers truncate, then write; on a loaded
     * machine the write can come later than one settle step): the change waits for content this long before it is
     * judged as it is. An empty route file is never a meaningful route file; deleting a file is how routes go.
     */
    static final long EMPTY_GRACE_MILLIS = 2_000;
    /** Look without an event this often: a change the WatchService missed is seen within this time. */
    static final long FALLBACK_MILLIS = 10_000;

    private record Stamp(long mtime, long size) {
    }

    private final Path routesDir;
    private final long pollMillis;
    private final LongConsumer onChange;
    private volatile boolean running;
    private volatile Map<Path, Stamp> baseline;
    private Thread thread;
    private java.nio.file.WatchService watch;

    RouteFileWatcher(Path routesDir, long pollMillis, LongConsumer onChange) {
        this.routesDir = routesDir;
        this.pollMillis = pollMillis;
        this.onChange = onChange;
    }

    void start() {
        // the baseline is taken now, on the caller's thread: a file saved before the thread first runs is a change
        baseline = snapshot();
        watch = openWatch();
        running = true;
        thread = new Thread(this, "mediarelay-route-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
        if (watch != null) {
            try {
                watch.close();
            } catch (IOException e) {
                // closing on shutdown: nothing to do
            }
        }
    }

    /** A WatchService on the routes folder and its route sub-folders, or null (then the folders are polled). */
    private java.nio.file.WatchService openWatch() {
        try {
            java.nio.file.WatchService w = routesDir.getFileSystem().newWatchService();
            for (Path dir : List.of(routesDir, routesDir.resolve("kamelets"), routesDir.resolve("error-handling"),
                    routesDir.resolve("flows"))) {
                if (Files.isDirectory(dir)) {
                    dir.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                            StandardWatchEventKinds.ENTRY_MODIFY);
                }
            }
            return w;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.info("route folders are polled every {} ms (no file-system watch: {})", pollMillis, e.toString());
            return null;
        }
    }

    /** Returns when a route folder may have changed: an event, the fallback period, or the poll period. */
    private void awaitPossibleChange() throws InterruptedException {
        if (watch == null) {
            Thread.sleep(pollMillis);
            return;
        }
        try {
            WatchKey key = watch.poll(Math.max(pollMillis, FALLBACK_MILLIS), TimeUnit.MILLISECONDS);
            while (key != null) { // drain: one comparison covers every event so far
                key.pollEvents();
                key.reset();
                key = watch.poll();
            }
        } catch (java.nio.file.ClosedWatchServiceException e) {
            Thread.sleep(pollMillis); // stopping
        }
    }

    @Override
    public void run() {
        Map<Path, Stamp> last = baseline;
        while (running) {
            try {
                awaitPossibleChange();
                Map<Path, Stamp> now = snapshot();
                if (now.equals(last)) {
                    continue;
                }
                long detected = System.currentTimeMillis();
                Map<Path, Stamp> before = last;
                // settle: wait until a poll shows no further change, so a half-written file is not judged
                boolean settled;
                do {
                    last = now;
                    Thread.sleep(SETTLE_MILLIS);
                    now = snapshot();
                    settled = now.equals(last) && (!changedToEmpty(before, now)
                            || System.currentTimeMillis() - detected > EMPTY_GRACE_MILLIS);
                } while (!settled && running);
                last = now;
                onChange.accept(detected);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("route file watcher: {}", e.toString());
            }
        }
    }

    /** True when a file that changed since {@code before} is now empty: its writer has truncated but not written. */
    private static boolean changedToEmpty(Map<Path, Stamp> before, Map<Path, Stamp> now) {
        return now.entrySet().stream()
                .anyMatch(e -> e.getValue().size() == 0 && !e.getValue().equals(before.get(e.getKey())));
    }

    private Map<Path, Stamp> snapshot() {
        Map<Path, Stamp> out = new HashMap<>();
        for (Path f : RouteFiles.list(routesDir)) {
            try {
                out.put(f, new Stamp(Files.getLastModifiedTime(f).toMillis(), Files.size(f)));
            } catch (IOException e) {
                // deleted between list and stat: the next poll sees it gone
            }
        }
        return out;
    }
}
