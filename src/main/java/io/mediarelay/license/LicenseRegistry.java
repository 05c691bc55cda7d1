package io.mediarelay.license;

import static io.mediarelay.common.Sql.bind;
import static io.mediarelay.common.Sql.update;

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
    /** alerts_sent.term_end of alerts that are not about a license term (V14's default). */
    public static final Date NO_TERM = Date.valueOf("1970-01-01");
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
        RegistryChanges.changed();
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
        RegistryChanges.changed();
    }

    public List<License> licensesOf(String assetId) {
        return query("SELECT " + LICENSE_COLS + " FROM licenses WHERE asset_id = ? ORDER BY license_id", assetId);
    }

    public Optional<License> license(String licenseId) {
        return query("SELECT " + LICENSE_COLS + " FROM licenses WHERE license_id = ?", licenseId).stream().findFirst();
    }

    /**
     * Records a use already charged to {@code e.licenseId()} by its caller and counts it when it stays within the
     * usage limit (an over-limit use is recorded as USAGE_LIMIT_REACHED and counts against nothing). The conditional
     * UPDATE is atomic, so two concurrent uses cannot both take the last unit. Undecided uses go through
     * {@link #recordDecided}.
     */
    public boolean recordUsage(UsageEvent e) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean within = record(c, e);
                c.commit();
                RegistryChanges.changed();
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
     * Decides a use and records it with its verdict, once (docs/GOVERNANCE.md R3): in one transaction the asset's
     * licenses are locked ({@code SELECT ... FOR UPDATE}, H2 and PostgreSQL), {@code rules} decide the use against
     * the counts they hold now, an allowed use adds its quantity to the chosen license, and the {@code usage_events}
     * row keeps the verdict, the license and the reason. A refused use is recorded (it happened; compliance must see
     * it) and counts against nothing. Concurrent uses of one asset are serialised by the locks, so two cannot both
     * take the last unit. With {@code fileSha256} the use is claimed per (file content, line) of a GF4 usage log:
     * empty when that line was recorded before.
     */
    public Optional<Decision> recordDecided(UsageEvent e, LicenseRules rules, String fileSha256, int line,
                                            String fileName) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (fileSha256 != null) {
                    update(c, "INSERT INTO usage_log_lines (file_sha256, line_no, file_name, recorded_at)"
                            + " VALUES (?, ?, ?, ?)", fileSha256, line, truncate(fileName, 1024), now());
                }
                List<License> locked = query(c, "SELECT " + LICENSE_COLS + " FROM licenses WHERE asset_id = ?"
                        + " ORDER BY license_id FOR UPDATE", e.assetId());
                Decision d = rules.decide(locked, e.assetId(), e.channel(), e.territory(), e.useDate(), e.quantity());
                if (d.allowed()) {
                    update(c, "UPDATE licenses SET used_count = used_count + ? WHERE license_id = ?", e.quantity(),
                            d.licenseId());
                }
                insertEvent(c, e, d.licenseId(), d.code(), d.reason());
                c.commit();
                RegistryChanges.changed();
                return Optional.of(d);
            } catch (SQLException ex) {
                c.rollback();
                if (fileSha256 != null && UNIQUE_VIOLATION.equals(ex.getSQLState())) {
                    return Optional.empty();
                }
                throw ex;
            } catch (RuntimeException ex) {
                c.rollback();
                throw ex;
            }
        } catch (SQLException ex) {
            throw new IllegalStateException("could not record usage of " + e.assetId() + ": " + ex.getMessage(), ex);
        }
    }

    /** As {@link #recordDecided} without a usage-log line claim (a use reported once by its caller). */
    public Decision recordDecided(UsageEvent e, LicenseRules rules) {
        return recordDecided(e, rules, null, 0, null).orElseThrow();
    }

    /** Only a use within the limit counts (R3): an over-limit use is recorded and counts against nothing. */
    private boolean record(Connection c, UsageEvent e) throws SQLException {
        boolean within = true;
        if (e.licenseId() != null) {
            within = update(c, "UPDATE licenses SET used_count = used_count + ? WHERE license_id = ?"
                    + " AND (usage_limit IS NULL OR used_count + ? <= usage_limit)",
                    e.quantity(), e.licenseId(), e.quantity()) == 1;
        }
        insertEvent(c, e, e.licenseId(), within ? Verdict.ALLOWED.name() : Verdict.USAGE_LIMIT_REACHED.name(),
                within ? null : "license " + e.licenseId() + ": quantity " + e.quantity() + " exceeds its usage limit");
        return within;
    }

    private void insertEvent(Connection c, UsageEvent e, String licenseId, String verdict, String reason)
            throws SQLException {
        update(c, "INSERT INTO usage_events (asset_id, license_id, channel, territory, use_date, quantity,"
                + " proof_file, source_flow, recorded_at, verdict, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.assetId(), licenseId, Tokens.channel(e.channel()), Tokens.territory(e.territory()),
                date(e.useDate()), e.quantity(), truncate(e.proofFile(), 1024), e.sourceFlow(), now(), verdict,
                truncate(reason, 2000));
    }

    /**
     * Claims the right to send one alert ({@code expiring-30}, {@code expiring-7}, {@code expired}, ...) for a
     * license. True exactly once per (license, kind, term end), across restarts and nodes: the UNIQUE constraint
     * decides. This form claims for the license's current end date (R5: a renewal re-arms).
     * Callers send only when this returns true.
     */
    public boolean tryMarkAlert(String licenseId, String kind) {
        try (Connection c = dataSource.getConnection()) {
            update(c, "INSERT INTO alerts_sent (license_id, kind, sent_at, term_end) VALUES (?, ?, ?,"
                    + " COALESCE((SELECT end_date FROM licenses WHERE license_id = ?), ?))", licenseId, kind, now(),
                    licenseId, NO_TERM);
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
        try (Connection c = dataSource.getConnection()) {
            return query(c, sql, arg);
        } catch (SQLException e) {
            throw new IllegalStateException("license registry read failed: " + e.getMessage(), e);
        }
    }

    private static List<License> query(Connection c, String sql, Object arg) throws SQLException {
        try (PreparedStatement ps = bind(c.prepareStatement(sql), arg);
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
