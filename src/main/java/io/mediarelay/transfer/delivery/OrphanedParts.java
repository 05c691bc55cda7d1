package io.mediarelay.transfer.delivery;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the temporary files ({@value #SUFFIX}) that a killed instance (kill -9, power loss) left on a destination,
 * at the next delivery into the same directory. Only names of this runtime's scheme ({@code <name>}{@value #SUFFIX},
 * never another tool's {@code .part}), never one a delivery in this JVM is writing, and only when the server last
 * wrote it longer ago than {@link #safeAge}: an upload that is alive (another instance) writes continuously, and one
 * that stops writing for longer than the data/socket timeout has failed. The age is measured on the server's own
 * clock (the mtime of the temp file this delivery just wrote), so clock skew between us and the server does not
 * matter. A directory is swept once per process, and again after a delivery there left a temp file behind.
 */
final class OrphanedParts {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanedParts.class);
    /** The temp-name suffix of this runtime's uploads (see {@link VerifiedDelivery#tempName}). */
    static final String SUFFIX = ".mediarelay.part";

    /** Temp files being written by any delivery of this JVM: target + path. */
    private static final Set<String> WRITING = ConcurrentHashMap.newKeySet();

    /** Directories already swept by this delivery service (target + dir). */
    private final Set<String> swept = ConcurrentHashMap.newKeySet();

    /** A temp file older than this (by the server's clock) belongs to no live upload. */
    static Duration safeAge(DeliveryTarget t) {
        return Duration.ofMillis(Math.max(60_000L, 2L * Math.max(t.soTimeoutMs(), t.dataTimeoutMs())));
    }

    void writing(DeliveryTarget t, String temp) {
        WRITING.add(key(t, temp));
    }

    void written(DeliveryTarget t, String temp) {
        WRITING.remove(key(t, temp));
    }

    /** A delivery into {@code dir} left (or may have left) a temp file: the next one there sweeps again. */
    void leftBehind(DeliveryTarget t, String dir) {
        swept.remove(key(t, dir));
    }

    /**
     * Sweeps {@code dir} unless it was swept already; {@code ownTemp} is the temp file the current delivery just wrote
     * there (kept, and its mtime is the server's "now"). Never fails the delivery: problems are logged.
     */
    int sweep(RemoteSession s, DeliveryTarget t, String dir, String ownTemp) {
        if (!swept.add(key(t, dir))) {
            return 0;
        }
        int removed = 0;
        try {
            Instant serverNow = s.modified(ownTemp);
            if (serverNow == null) {
                swept.remove(key(t, dir));
                return 0;
            }
            Instant before = serverNow.minus(safeAge(t));
            for (String name : s.names(dir)) {
                String path = dir.isEmpty() ? name : dir + "/" + name;
                if (!name.endsWith(SUFFIX) || name.length() == SUFFIX.length() || path.equals(ownTemp)
                        || WRITING.contains(key(t, path))) {
                    continue;
                }
                Instant written = s.modified(path);
                if (written != null && written.isBefore(before)) {
                    s.delete(path);
                    removed++;
                    LOG.info("Removed orphaned temp file {} on {} (last written {}, no live upload)", path, t, written);
                }
            }
        } catch (IOException | RuntimeException e) {
            swept.remove(key(t, dir)); // try again at the next delivery there
            LOG.warn("Could not check {} on {} for orphaned temp files: {}", dir.isEmpty() ? "the login directory" : dir, t, e.toString());
        }
        return removed;
    }

    private static String key(DeliveryTarget t, String path) {
        return t.protocol() + "://" + t.username() + "@" + t.host() + ":" + t.port() + "/" + path;
    }
}
