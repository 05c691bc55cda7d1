package io.mediarelay.license;

import static io.mediarelay.runtime.db.Sql.bind;
import static io.mediarelay.runtime.db.Sql.update;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * JDBC access to the license registry tables (V5__license_registry.sql). Plain SQL that runs on H2 and
 * PostgreSQL: upserts are "UPDATE, then INSERT if nothing was updated" (no MERGE / ON CONFLICT dialects), and a
 * lost insert race is recognised by SQLState 23505 (unique violation) on both databases.
 */
public final class LicenseRegistry {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String LICENSE_COLS = "license_id, source, asset_id, license_model, product_type, product_id,"
            + " agreement, territories, channels, start_date, end_date, campaign, cost, currency, cost_center,"
            + " restrictions, usage_limit, used_count, license_event";

    private final DataSource dataSource;
    private final Clock clock;

    public LicenseRegistry(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    public LicenseRegistry(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public void upsertAsset(Asset a) {
        Object[] values = append(new Object[] {a.title(), a.artist(), a.credit(), a.licenseModel(), a.assetFamily(),
                a.restrictions(), now()}, a.source(), a.assetId());
        upsert("UPDATE assets SET title = ?, artist = ?, credit = ?, license_model = ?, asset_family = ?,"
                        + " restrictions = ?, updated_at = ? WHERE source = ? AND asset_id = ?", values,
                "INSERT INTO assets (title, artist, credit, license_model, asset_family, restrictions, updated_at,"
                        + " source, asset_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", values);
    }

    /**
     * Adds or updates a license. {@code used_count} is only written on insert: it counts our recorded uses, so a
     * re-import of the source's terms must not reset it.
     */
    public void putLicense(License l) {
        Object[] terms = {l.source(), l.assetId(), l.licenseModel(), l.productType(), l.productId(), l.agreement(),
                Tokens.join(l.territories()), Tokens.join(l.channels()), date(l.startDate()), date(l.endDate()),
                l.campaign(), l.cost(), l.currency(), l.costCenter(), l.restrictions(), l.usageLimit(),
                l.licenseEvent()};
        Timestamp now = now();
        Object[] updateArgs = append(terms, now, l.licenseId());
        upsert("UPDATE licenses SET source = ?, asset_id = ?, license_model = ?, product_type = ?, product_id = ?,"
                        + " agreement = ?, territories = ?, channels = ?, start_date = ?, end_date = ?, campaign = ?,"
                        + " cost = ?, currency = ?, cost_center = ?, restrictions = ?, usage_limit = ?,"
                        + " license_event = ?, updated_at = ? WHERE license_id = ?", updateArgs,
                "INSERT INTO licenses (source, asset_id, license_model, product_type, product_id, agreement,"
                        + " territories, channels, start_date, end_date, campaign, cost, currency, cost_center,"
                        + " restrictions, usage_limit, license_event, updated_at, license_id, used_count, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                append(updateArgs, l.usedCount(), now));
    }

    public List<License> licensesOf(String assetId) {
        return query("SELECT " + LICENSE_COLS + " FROM licenses WHERE asset_id = ? ORDER BY license_id", assetId);
    }

    public Optional<License> license(String licenseId) {
        return query("SELECT " + LICENSE_COLS + " FROM licenses WHERE license_id = ?", licenseId).stream().findFirst();
    }

    /**
     * Records a use and counts it against its license in one transaction. The use is always recorded (a partner's
     * usage log reports what already happened, and an over-limit use is exactly what compliance must see); the
     * answer says whether it stayed within the usage limit. The conditional UPDATE is atomic, so two concurrent
     * uses cannot both take the last unit.
     */
    public boolean recordUsage(UsageEvent e) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean within = record(c, e);
                c.commit();
                return within;
            } catch (SQLException ex) {
                c.rollback();
                throw ex;
            }
        } catch (SQLException ex) {
            throw new IllegalStateException("could not record usage of " + e.assetId() + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * As {@link #recordUsage}, but at most once per (file content, line) of a usage log (GF4): the line is claimed in
     * {@code usage_log_lines} in the same transaction, so a re-read file or a crash between the two inserts can
     * neither lose nor double a use. Empty when that line was already recorded; else whether it stayed in the limit.
     */
    public Optional<Boolean> recordUsageOnce(UsageEvent e, String fileSha256, int line, String fileName) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                update(c, "INSERT INTO usage_log_lines (file_sha256, line_no, file_name, recorded_at) VALUES (?, ?, ?, ?)",
                        fileSha256, line, truncate(fileName, 1024), now());
                boolean within = record(c, e);
                c.commit();
                return Optional.of(within);
            } catch (SQLException ex) {
                c.rollback();
                if (UNIQUE_VIOLATION.equals(ex.getSQLState())) {
                    return Optional.empty();
                }
                throw ex;
            }
        } catch (SQLException ex) {
            throw new IllegalStateException("could not record usage of " + e.assetId() + ": " + ex.getMessage(), ex);
        }
    }

    private boolean record(Connection c, UsageEvent e) throws SQLException {
        boolean within = true;
        if (e.licenseId() != null) {
            within = update(c, "UPDATE licenses SET used_count = used_count + ? WHERE license_id = ?"
                    + " AND (usage_limit IS NULL OR used_count + ? <= usage_limit)",
                    e.quantity(), e.licenseId(), e.quantity()) == 1;
            if (!within) {
                update(c, "UPDATE licenses SET used_count = used_count + ? WHERE license_id = ?",
                        e.quantity(), e.licenseId());
            }
        }
        update(c, "INSERT INTO usage_events (asset_id, license_id, channel, territory, use_date, quantity,"
                + " proof_file, source_flow, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.assetId(), e.licenseId(), Tokens.channel(e.channel()), Tokens.territory(e.territory()),
                date(e.useDate()), e.quantity(), truncate(e.proofFile(), 1024), e.sourceFlow(), now());
        return within;
    }

    /**
     * Claims the right to send one alert ({@code expiring-30}, {@code expiring-7}, {@code expired}, ...) for a
     * license. True exactly once per (license, kind), across restarts and nodes: the UNIQUE constraint decides.
     * Callers send only when this returns true.
     */
    public boolean tryMarkAlert(String licenseId, String kind) {
        try (Connection c = dataSource.getConnection()) {
            update(c, "INSERT INTO alerts_sent (license_id, kind, sent_at) VALUES (?, ?, ?)", licenseId, kind, now());
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw new IllegalStateException("could not mark alert " + kind + " of " + licenseId + ": " + e.getMessage(), e);
        }
    }

    /** Keeps what the gate refused in skip mode, so a plan/dry run can list it afterwards. */
    public void recordSkip(String assetId, String channel, String territory, LocalDate date, Decision d, String routeId,
                           String exchangeId) {
        try (Connection c = dataSource.getConnection()) {
            update(c, "INSERT INTO license_gate_skips (asset_id, channel, territory, use_date, code, reason, route_id,"
                    + " exchange_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", assetId, channel, territory,
                    date(date), d.code(), truncate(d.reason(), 2000), routeId, exchangeId, now());
        } catch (SQLException e) {
            throw new IllegalStateException("could not record gate skip of " + assetId + ": " + e.getMessage(), e);
        }
    }

    /** Row count of a registry table; for tests, the admin API and the CLI. {@code where} is trusted SQL (values go in args). */
    public long count(String table, String where, Object... args) {
        if (!table.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = bind(c.prepareStatement("SELECT COUNT(*) FROM " + table
                     + (where == null ? "" : " WHERE " + where)), args);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not count " + table + ": " + e.getMessage(), e);
        }
    }

    /** The insert's parameters start with the update's, in the same order; the insert may add more. */
    private void upsert(String updateSql, Object[] updateArgs, String insertSql, Object[] insertArgs) {
        try (Connection c = dataSource.getConnection()) {
            if (update(c, updateSql, updateArgs) == 0) {
                try {
                    update(c, insertSql, insertArgs);
                } catch (SQLException e) {
                    // another writer inserted the same key between our UPDATE and INSERT: its row exists, update it
                    if (!UNIQUE_VIOLATION.equals(e.getSQLState()) || update(c, updateSql, updateArgs) == 0) {
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("license registry write failed: " + e.getMessage(), e);
        }
    }

    private List<License> query(String sql, Object arg) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = bind(c.prepareStatement(sql), arg);
             ResultSet rs = ps.executeQuery()) {
            List<License> out = new ArrayList<>();
            while (rs.next()) {
                int limit = rs.getInt("usage_limit");
                Integer usageLimit = rs.wasNull() ? null : limit;
                Date start = rs.getDate("start_date");
                Date end = rs.getDate("end_date");
                out.add(new License(rs.getString("license_id"), rs.getString("source"), rs.getString("asset_id"),
                        rs.getString("license_model"), rs.getString("product_type"), rs.getString("product_id"),
                        rs.getString("agreement"), Tokens.territories(rs.getString("territories")),
                        Tokens.channels(rs.getString("channels")), start == null ? null : start.toLocalDate(),
                        end == null ? null : end.toLocalDate(), rs.getString("campaign"), rs.getBigDecimal("cost"),
                        rs.getString("currency"), rs.getString("cost_center"), rs.getString("restrictions"),
                        usageLimit, rs.getInt("used_count"), rs.getString("license_event")));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("license registry read failed: " + e.getMessage(), e);
        }
    }

    private static Object[] append(Object[] head, Object... tail) {
        Object[] out = new Object[head.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    private static Date date(LocalDate d) {
        return d == null ? null : Date.valueOf(d);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }
}
