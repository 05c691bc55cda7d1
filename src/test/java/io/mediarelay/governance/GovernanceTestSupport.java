package io.mediarelay.governance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

/** Plain JDBC helpers for the governance tests: real rows in, real rows out. */
final class GovernanceTestSupport {
    private GovernanceTestSupport() {
    }

    record Use(String assetId, int quantity, LocalDate date) {
    }

    /** Inserts usage events as a partner log import would (one JDBC batch). */
    static void insertUsage(DataSource ds, List<Use> uses) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO usage_events"
                + " (asset_id, channel, territory, use_date, quantity, source_flow, recorded_at) VALUES (?, 'web', 'US', ?, ?, 'test', ?)")) {
            for (Use u : uses) {
                ps.setString(1, u.assetId());
                ps.setDate(2, java.sql.Date.valueOf(u.date()));
                ps.setInt(3, u.quantity());
                ps.setTimestamp(4, Timestamp.from(Instant.now()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static long count(DataSource ds, String sql, Object... args) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static Map<String, Integer> sums(DataSource ds, String sql) throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    static List<String> strings(DataSource ds, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
