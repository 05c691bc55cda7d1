package io.mediarelay.transfer.naming;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Makes rendered names unique within one run/package. Two different assets that render to the same name
 * (e.g. same campaign and size, ids sanitized to the same text) would overwrite each other on the server;
 * the second one gets a suffix derived from its asset id, so a re-run produces the same names again
 * (deterministic, unlike a counter that depends on arrival order). The same asset asking twice gets its
 * first name back. Names compare case-insensitively because many FTP servers sit on case-insensitive disks.
 * Only the most recent {@link #MAX_RUNS} runs are remembered so a long-lived runtime does not grow forever.
 */
public final class NameReservations {
    static final int MAX_RUNS = 256;

    private final Map<String, Map<String, String>> runs = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, String>> eldest) {
            return size() > MAX_RUNS;
        }
    };

    /** Returns the name to use for {@code assetKey} in {@code run}: {@code name} or a suffixed variant. */
    public synchronized String reserve(String run, String name, String assetKey) {
        Map<String, String> taken = runs.computeIfAbsent(run, r -> new HashMap<>());
        String candidate = name;
        for (int attempt = 0; ; attempt++) {
            String key = candidate.toLowerCase(Locale.ROOT);
            String owner = taken.get(key);
            if (owner == null) {
                taken.put(key, assetKey);
                return candidate;
            }
            if (owner.equals(assetKey)) {
                return candidate;
            }
            candidate = withSuffix(name, shortHash(assetKey + (attempt == 0 ? "" : "#" + attempt)));
        }
    }

    static String withSuffix(String path, String suffix) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        String tail = dot > slash + 1 ? path.substring(dot) : "";
        String stem = tail.isEmpty() ? path : path.substring(0, dot);
        String dir = stem.substring(0, slash + 1);
        String file = RemoteNameTemplate.truncate(stem.substring(slash + 1) + "-" + suffix + tail,
                RemoteNameTemplate.MAX_SEGMENT_BYTES);
        if (!file.endsWith("-" + suffix + tail)) {
            // Truncation ate the suffix: shorten the stem instead so the suffix survives.
            String base = stem.substring(slash + 1);
            int keep = RemoteNameTemplate.MAX_SEGMENT_BYTES - RemoteNameTemplate.utf8("-" + suffix + tail);
            file = RemoteNameTemplate.truncate(base, keep) + "-" + suffix + tail;
        }
        return dir + file;
    }

    static String shortHash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return String.format("%02x%02x%02x%02x", d[0], d[1], d[2], d[3]);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
