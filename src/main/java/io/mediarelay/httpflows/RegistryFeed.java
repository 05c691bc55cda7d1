package io.mediarelay.httpflows;

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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mediarelay.connector.CursorStore;
import io.mediarelay.license.License;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.license.RegistryChanges;

/**
 * The source of the HTTP target flows (bean {@code registryFeed}): license views, one per license, built from the
 * license registry: {@code {license: {...}, asset: {...}, usage: [{channel, territory, quantity}], version}}.
 * {@code version} is a hash of the view, so a flow's idempotent step sends each version of a license once per
 * target, and a re-import that changes nothing sends nothing.
 *
 * <p>{@link #changed} reads licenses touched since the feed's cursor (table {@code cursors}); the cursor is kept a
 * minute behind the scan so a late commit is not skipped; seeing a license twice is harmless (same version).
 *
 * <p>Resting when idle (issue 15): a scan runs only when the registry changed in this JVM since the feed's last scan
 * ({@link RegistryChanges}) or {@code rescan} has passed (writes of another instance); otherwise the poll costs no
 * query. And a scan builds a view (three queries, JSON, a hash) only for licenses whose change stamp (license
 * updated_at and used_count, the asset's row, the number of its uses) differs from the one the feed saw in its
 * previous scan: the minute of lag no longer means re-building every view of the last minute on every poll.
 */
public final class RegistryFeed {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    /** Writes of another instance on the same database are seen within this long. */
    public static final Duration DEFAULT_RESCAN = Duration.ofSeconds(60);

    private final DataSource dataSource;
    private final LicenseRegistry registry;
    private final Clock clock;
    private final CursorStore cursors;
    private final long rescanNanos;
    private final Map<String, FeedState> feeds = new ConcurrentHashMap<>();

    /** Reads restriction texts into the rule sentences HTTP payloads carry ({@code license.restrictionRules}). */
    private final io.mediarelay.license.RestrictionTable restrictionTable;

    /** What a feed saw at its last scan. Polls of one feed come from its one timer thread; the lock is for safety. */
    private static final class FeedState {
        boolean scanned;
        long generation;
        long scannedAtNanos;
        Map<String, String> stamps = Map.of();
    }

    public RegistryFeed(DataSource dataSource, LicenseRegistry registry, Clock clock,
                        io.mediarelay.license.RestrictionTable restrictionTable) {
        this(dataSource, registry, clock, restrictionTable, DEFAULT_RESCAN);
    }

    public RegistryFeed(DataSource dataSource, LicenseRegistry registry, Clock clock,
                        io.mediarelay.license.RestrictionTable restrictionTable, Duration rescan) {
        this.restrictionTable = restrictionTable;
        this.dataSource = dataSource;
        this.registry = registry;
        this.clock = clock;
        this.cursors = new CursorStore(dataSource);
        this.rescanNanos = rescan.toNanos();
    }

    /** License views changed since this feed last looked, oldest first. */
    public List<Map<String, Object>> changed(String feed) throws SQLException {
        FeedState state = feeds.computeIfAbsent(feed, f -> new FeedState());
        synchronized (state) {
            long generation = RegistryChanges.generation(); // before the scan: a write during it causes the next
            long now = System.nanoTime();
            if (state.scanned && state.generation == generation && now - state.scannedAtNanos < rescanNanos) {
                return List.of();
            }
            String cursorName = "feed." + feed;
            Instant since = Instant.parse(cursors.get(cursorName).orElse("1970-01-01T00:00:00Z"));
            Instant scanStart = clock.instant();
            Map<String, String> stamps = stamps(Timestamp.from(since));
            List<Map<String, Object>> out = new ArrayList<>();
            for (Map.Entry<String, String> e : stamps.entrySet()) {
                if (!e.getValue().equals(state.stamps.get(e.getKey()))) {
                    registry.license(e.getKey()).ifPresent(l -> out.add(view(l)));
                }
            }
            cursors.put(cursorName, scanStart.minusSeconds(60).toString());
            // only what is still within the cursor's window can come back unchanged; the rest is forgotten
            state.stamps = stamps;
            state.generation = generation;
            state.scannedAtNanos = now;
            state.scanned = true;
            return out;
        }
    }

    /**
     * Licenses touched since {@code since}, oldest first, each with its change stamp. A recorded use changes the view
     * (usage, used count) without touching licenses.updated_at, hence the usage_events part.
     */
    private Map<String, String> stamps(Timestamp since) throws SQLException {
        String sql = "SELECT l.license_id, l.updated_at, l.used_count,"
                + " (SELECT COUNT(*) FROM usage_events u WHERE u.asset_id = l.asset_id) AS uses,"
                + " (SELECT MAX(a.updated_at) FROM assets a WHERE a.source = l.source AND a.asset_id = l.asset_id)"
                + " AS asset_at FROM licenses l WHERE l.updated_at >= ? OR l.asset_id IN"
                + " (SELECT asset_id FROM usage_events WHERE recorded_at >= ?) ORDER BY l.updated_at, l.license_id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, since);
            ps.setTimestamp(2, since);
            try (ResultSet rs = ps.executeQuery()) {
                Map<String, String> out = new LinkedHashMap<>();
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getTimestamp(2) + "|" + rs.getLong(3) + "|" + rs.getLong(4) + "|"
                            + rs.getTimestamp(5));
                }
                return out;
            }
        }
    }

    /** The view of the asset's license: {@code licenseId} if given, else the asset's first license; null if none. */
    public Map<String, Object> forAsset(String assetId, String licenseId) {
        if (licenseId != null && !licenseId.isBlank()) {
            return registry.license(licenseId).map(this::view).orElse(null);
        }
        List<License> all = registry.licensesOf(assetId);
        return all.isEmpty() ? null : view(all.get(0));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> view(License l) {
        Map<String, Object> v = new LinkedHashMap<>();
        Map<String, Object> license = JSON.convertValue(l, LinkedHashMap.class);
        license.put("territories", l.territories().stream().sorted().toList());
        license.put("channels", l.channels().stream().sorted().toList());
        // the rules the restriction text was read as (docs/GOVERNANCE.md R4); an uninterpreted part is named
        io.mediarelay.license.RestrictionTable.Interpretation meaning = restrictionTable.interpret(l.restrictions());
        List<String> rules = new ArrayList<>(meaning.rules().stream().map(io.mediarelay.license.RestrictionRule::sentence).toList());
        if (!meaning.complete()) {
            rules.add("UNINTERPRETED (refused until mapped): " + meaning.uninterpreted());
        }
        license.put("restrictionRules", rules);
        v.put("license", license);
        v.put("asset", asset(l.source(), l.assetId()));
        v.put("usage", usage(l.assetId()));
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(JSON.writeValueAsString(v).getBytes(StandardCharsets.UTF_8));
            v.put("version", l.licenseId() + "@" + HexFormat.of().formatHex(h, 0, 8));
        } catch (Exception e) {
            throw new IllegalStateException("license view of " + l.licenseId() + " not serialisable", e);
        }
        return v;
    }

    private Map<String, Object> asset(String source, String assetId) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("source", source);
        a.put("assetId", assetId);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT title, artist, credit, license_model, asset_family,"
                     + " restrictions FROM assets WHERE source = ? AND asset_id = ?")) {
            ps.setString(1, source);
            ps.setString(2, assetId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    a.put("title", rs.getString("title"));
                    a.put("artist", rs.getString("artist"));
                    a.put("credit", rs.getString("credit"));
                    a.put("licenseModel", rs.getString("license_model"));
                    a.put("assetFamily", rs.getString("asset_family"));
                    a.put("restrictions", rs.getString("restrictions"));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("asset " + assetId + " could not be read: " + e.getMessage(), e);
        }
        return a;
    }

    /** Where the asset has been used (governance: GH4), summed per channel and territory. */
    private List<Map<String, Object>> usage(String assetId) {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT channel, territory, SUM(quantity) AS q FROM usage_events"
                     + " WHERE asset_id = ? GROUP BY channel, territory ORDER BY channel, territory")) {
            ps.setString(1, assetId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> u = new LinkedHashMap<>();
                    u.put("channel", rs.getString("channel"));
                    u.put("territory", rs.getString("territory"));
                    u.put("quantity", rs.getLong("q"));
                    out.add(u);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("usage of " + assetId + " could not be read: " + e.getMessage(), e);
        }
        return out;
    }
}
