package io.mediarelay.httpflows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mediarelay.connector.CursorStore;
import io.mediarelay.license.License;
import io.mediarelay.license.LicenseRegistry;

/**
 * The source of the HTTP target flows (bean {@code registryFeed}): license views, one per license, built from the
 * license registry: {@code {license: {...}, asset: {...}, usage: [{channel, territory, quantity}], version}}.
 * {@code version} is a hash of the view, so a flow's idempotent step sends each version of a license once per
 * target, and a re-import that changes nothing sends nothing.
 *
 * <p>{@link #changed} reads licenses touched since the feed's cursor (table {@code cursors}); the cursor is kept a
 * minute behind the scan so a late commit is not skipped; seeing a license twice is harmless (same version).
 */
public final class RegistryFeed {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final DataSource dataSource;
    private final LicenseRegistry registry;
    private final Clock clock;
    private final CursorStore cursors;

    /** Reads restriction texts into the rule sentences HTTP payloads carry ({@code license.restrictionRules}). */
    private final io.mediarelay.license.RestrictionTable restrictionTable;

    public RegistryFeed(DataSource dataSource, LicenseRegistry registry, Clock clock,
                        io.mediarelay.license.RestrictionTable restrictionTable) {
        this.restrictionTable = restrictionTable;
        this.dataSource = dataSource;
        this.registry = registry;
        this.clock = clock;
        this.cursors = new CursorStore(dataSource);
    }

    /** License views changed since this feed last looked, oldest first. */
    public List<Map<String, Object>> changed(String feed) throws SQLException {
        String cursorName = "feed." + feed;
        Instant since = Instant.parse(cursors.get(cursorName).orElse("1970-01-01T00:00:00Z"));
        Instant scanStart = clock.instant();
        List<Map<String, Object>> out = new ArrayList<>();
        // a recorded use changes the view (usage, used count) without touching licenses.updated_at
        for (String id : strings("SELECT license_id FROM licenses WHERE updated_at >= ? OR asset_id IN"
                + " (SELECT asset_id FROM usage_events WHERE recorded_at >= ?) ORDER BY updated_at, license_id",
                Timestamp.from(since))) {
            registry.license(id).ifPresent(l -> out.add(view(l)));
        }
        cursors.put(cursorName, scanStart.minusSeconds(60).toString());
        return out;
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

    /** Binds {@code arg} to both parameters of {@link #changed}'s query. */
    private List<String> strings(String sql, Object arg) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            ps.setObject(2, arg);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }
}
