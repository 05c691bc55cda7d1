package io.mediarelay.runtime.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the route folders' file names, mtimes and sizes. A poll rather than the JDK WatchService: it behaves the same
 * on every file system (network mounts and container volumes included), and atomic renames by editors are just
 * another change. A change fires once the folders stayed the same for a short settle time (editors write in
 * several steps), with the time the change was first seen, so reload latency can be measured from detection.
 */
final class RouteFileWatcher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteFileWatcher.class);
    private static final long SETTLE_MILLIS = 100;

    private record Stamp(long mtime, long size) {
    }

    private final Path routesDir;
    private final long pollMillis;
    private final LongConsumer onChange;
    private volatile boolean running;
    private volatile Map<Path, Stamp> baseline;
    private Thread thread;

    RouteFileWatcher(Path routesDir, long pollMillis, LongConsumer onChange) {
        this.routesDir = routesDir;
        this.pollMillis = pollMillis;
        this.onChange = onChange;
    }

    void start() {
        // the baseline is taken now, on the caller's thread: a file saved before the thread first runs is a change
        baseline = snapshot();
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
    }

    @Override
    public void run() {
        Map<Path, Stamp> last = baseline;
        while (running) {
            try {
                Thread.sleep(pollMillis);
                Map<Path, Stamp> now = snapshot();
                if (now.equals(last)) {
                    continue;
                }
                long detected = System.currentTimeMillis();
                // settle: wait until a poll shows no further change, so a half-written file is not judged
                Map<Path, Stamp> settled;
                do {
                    last = now;
                    Thread.sleep(SETTLE_MILLIS);
                    now = snapshot();
                    settled = now.equals(last) ? now : null;
                } while (settled == null && running);
                onChange.accept(detected);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("route file watcher: {}", e.toString());
            }
        }
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
