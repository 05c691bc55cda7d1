package io.mediarelay.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import javax.sql.DataSource;

import io.mediarelay.connector.CursorStore;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Turns registry changes into webhooks (bean {@code registryChangeScanner}, route {@code gh8-registry-changes}):
 * {@code delivery.completed} for each DELIVERED row of {@code deliveries}, {@code asset.updated} when an asset's
 * descriptive metadata changed, {@code usage.terms_changed} when a license's terms changed.
 *
 * <p>Why a scan and not a hook in the writers: the deliveries and license registry classes belong to other
 * modules and write in their own transactions. The scan is still exactly-once: the delivery cursor moves in the
 * transaction that enqueues, and a content change is claimed in {@code alerts_sent} under a hash of the new
 * content, so a re-import with identical terms (which touches updated_at) announces nothing. The first version
 * of a license or asset is recorded silently: creation is not a change.
 */
public final class RegistryChangeScanner implements Processor {
    static final String DELIVERY_CURSOR = "gh8-registry-changes.deliveries";
    static final String CHANGE_CURSOR = "gh8-registry-changes.updated-at";
    /**
     * How long the delivery cursor waits at a missing id. Ids are handed out at insert, rows become visible at
     * commit: two concurrent recorders (two instances, or two flows of one) may commit id 42 before id 41. A cursor
     * moved to 42 would never see 41 (TwoInstancesDeliverOnceTest lost one delivery.completed of 43 this way). So
     * the cursor stops before the first missing id until it appears or is this old (an insert that rolled back
     * leaves its id unused forever); the rows after it are announced at once and re-read harmlessly (event ids).
     */
    static final Duration GAP_WAIT = Duration.ofMinutes(2);
    // what a change is made of: the same columns for the scan and for announceAsset/announceLicense, so both
    // compute the same content hash and a change is announced once whichever of them sees it first
    private static final String ASSET_SELECT = "SELECT source, asset_id, title, artist, credit, license_model,"
            + " asset_family, restrictions FROM assets";
    private static final String LICENSE_SELECT = "SELECT license_id, asset_id, territories, channels, start_date,"
            + " end_date, campaign, restrictions, usage_limit, cost_center FROM licenses";

    private final DataSource dataSource;
    private final WebhookOutbox outbox;
    private final Clock clock;
    private final CursorStore cursors;
    /** Missing delivery ids (the first of each run of missing ids) and when this scanner first saw them missing. */
    private final ConcurrentSkipListMap<Long, Instant> gapsSeen = new ConcurrentSkipListMap<>();

    public RegistryChangeScanner(DataSource dataSource, WebhookOutbox outbox, Clock clock) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.clock = clock;
        this.cursors = new CursorStore(dataSource);
    }

    @Override
    public void process(Exchange exchange) throws SQLException {
        int found = scan();
        exchange.getMessage().setBody(found);
        // nothing changed: an idle scan, so a scheduler with backoff scans less until something changes
        exchange.setProperty(Exchange.SCHEDULER_POLLED_MESSAGES, found > 0);
    }

    public int scan() throws SQLException {
        return deliveries() + changes();
    }

    private int deliveries() throws SQLException {
        String read = cursors.get(DELIVERY_CURSOR).orElse(null);
        String heldCursor = read == null ? "0" : read;
        long after = Long.parseLong(heldCursor);
        int n = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // take the cursor first (compare-and-set to the value read: locks its row until commit), so a scanner
                // on another instance waits here and then finds it moved, instead of racing us for the same events
                if (!CursorStore.compareAndSet(c, DELIVERY_CURSOR, read, heldCursor)) {
                    c.rollback();
                    return 0;
                }
                long safe = after; // the new cursor: no missing id at or below it that may still commit
                boolean held = false;
                Instant now = clock.instant();
                try (PreparedStatement ps = WebhookOutbox.bind(c.prepareStatement("SELECT id, flow_id, asset_id,"
                        + " asset_version, destination, remote_path, bytes, sha256, finished_at, claim_id, outcome"
                        + " FROM deliveries WHERE id > ? ORDER BY id FETCH FIRST 500 ROWS ONLY"), after);
                     ResultSet rs = ps.executeQuery()) {
                    long expected = after + 1;
                    while (rs.next()) {
                        long id = rs.getLong("id");
                        if (!held && id != expected && !gapIsOld(expected, now)) {
                            held = true;
                        }
                        if ("DELIVERED".equals(rs.getString("outcome"))) {
                            n += outbox.enqueue(c, "delivery.completed", deliveryKey(rs), rs.getString("asset_id"),
                                    completed(rs)) > 0 ? 1 : 0;
                        }
                        if (!held) {
                            safe = id;
                        }
                        expected = id + 1;
                    }
                }
                gapsSeen.headMap(safe, true).clear();
                CursorStore.compareAndSet(c, DELIVERY_CURSOR, heldCursor, Long.toString(safe));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                if (WebhookOutbox.isUniqueViolation(e)) {
                    return 0; // another instance's scanner created the cursor first: it announces these deliveries
                }
                throw e;
            }
        }
        return n;
    }

    private static Map<String, Object> completed(ResultSet rs) throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("deliveryId", rs.getLong("id"));
        data.put("flow", rs.getString("flow_id"));
        data.put("assetVersion", rs.getString("asset_version"));
        data.put("destination", rs.getString("destination"));
        data.put("remotePath", rs.getString("remote_path"));
        data.put("bytes", rs.getLong("bytes"));
        data.put("sha256", rs.getString("sha256"));
        Timestamp fin = rs.getTimestamp("finished_at");
        data.put("finishedAt", fin == null ? null : fin.toInstant().toString());
        return data;
    }

    /** True when the id {@code missing} has been missing for {@link #GAP_WAIT}: it will never commit. */
    private boolean gapIsOld(long missing, Instant now) {
        Instant since = gapsSeen.putIfAbsent(missing, now);
        return since != null && !now.isBefore(since.plus(GAP_WAIT));
    }

    /**
     * The business key of a delivery.completed event: the delivery's claim (asset, version, destination), of which
     * there is one DELIVERED per cluster, so the event id is the same whichever instance or retry enqueues it.
     * Deliveries recorded before claims existed keep their row id.
     */
    static String deliveryKey(ResultSet rs) throws SQLException {
        rs.getLong("claim_id");
        if (rs.wasNull()) {
            return "delivery-" + rs.getLong("id");
        }
        return "delivery:" + rs.getString("asset_id") + ":" + rs.getString("asset_version") + "@"
                + rs.getString("destination");
    }

    private int changes() throws SQLException {
        Instant since = Instant.parse(cursors.get(CHANGE_CURSOR).orElse("1970-01-01T00:00:00Z"));
        Instant scanStart = clock.instant();
        int n = 0;
        for (Map<String, Object> a : rowsSince(ASSET_SELECT + " WHERE updated_at >= ?", since)) {
            n += announce("asset:" + a.get("source") + ":" + a.get("asset_id"), "asset.updated",
                    (String) a.get("asset_id"), a);
        }
        for (Map<String, Object> l : rowsSince(LICENSE_SELECT + " WHERE updated_at >= ?", since)) {
            n += announce((String) l.get("license_id"), "usage.terms_changed", (String) l.get("asset_id"), l);
        }
        // >= with a cursor a little in the past: a writer that committed late with an earlier timestamp is seen;
        // the hash claim makes seeing a row twice harmless
        cursors.put(CHANGE_CURSOR, scanStart.minusSeconds(60).toString());
        return n;
    }

    /**
     * Records or announces the current version of one asset right away (for a writer that knows it just changed
     * it, e.g. the Getty metadata refresh). Calling it before the change records the old version silently if the
     * scan never saw it, so the change itself is then announced; the scan finds the hash claimed and stays quiet.
     */
    public int announceAsset(String source, String assetId) throws SQLException {
        int n = 0;
        for (Map<String, Object> a : rowsSince(ASSET_SELECT + " WHERE source = ? AND asset_id = ?", source, assetId)) {
            n += announce("asset:" + a.get("source") + ":" + a.get("asset_id"), "asset.updated",
                    (String) a.get("asset_id"), a);
        }
        return n;
    }

    /** Like {@link #announceAsset} for one license: {@code usage.terms_changed} when its terms changed. */
    public int announceLicense(String licenseId) throws SQLException {
        int n = 0;
        for (Map<String, Object> l : rowsSince(LICENSE_SELECT + " WHERE license_id = ?", licenseId)) {
            n += announce((String) l.get("license_id"), "usage.terms_changed", (String) l.get("asset_id"), l);
        }
        return n;
    }

    /** Claims the content hash; announces only when an earlier version of the same key was recorded. */
    private int announce(String key, String type, String assetId, Map<String, Object> content) throws SQLException {
        String kind = "rev-" + hash(content.toString());
        try (Connection c = dataSource.getConnection()) {
            boolean hadEarlier;
            try (PreparedStatement ps = WebhookOutbox.bind(c.prepareStatement("SELECT COUNT(*) FROM alerts_sent"
                    + " WHERE license_id = ? AND kind LIKE 'rev-%'"), key);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                hadEarlier = rs.getLong(1) > 0;
            }
            c.setAutoCommit(false);
            try {
                WebhookOutbox.update(c, "INSERT INTO alerts_sent (license_id, kind, sent_at) VALUES (?, ?, ?)", key,
                        kind, WebhookOutbox.ts(clock.instant()));
                int n = 0;
                if (hadEarlier) {
                    Map<String, Object> data = new LinkedHashMap<>();
                    content.forEach((k, v) -> data.put(k, v == null ? null : v.toString()));
                    n = outbox.enqueue(c, type, key + "|" + kind, assetId, data) > 0 ? 1 : 0;
                }
                c.commit();
                return n;
            } catch (SQLException e) {
                c.rollback();
                if (WebhookOutbox.isUniqueViolation(e)) {
                    return 0; // this exact content was already recorded
                }
                throw e;
            }
        }
    }

    private java.util.List<Map<String, Object>> rowsSince(String sql, Instant since) throws SQLException {
        return rowsSince(sql, WebhookOutbox.ts(since));
    }

    private java.util.List<Map<String, Object>> rowsSince(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = WebhookOutbox.bind(c.prepareStatement(sql), args);
             ResultSet rs = ps.executeQuery()) {
            java.util.List<Map<String, Object>> out = new java.util.ArrayList<>();
            int cols = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= cols; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        }
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
