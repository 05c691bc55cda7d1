package io.mediarelay.api;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * JDBC access to {@code license_requests}. Status changes are conditional updates ({@code WHERE status = ?}) so
 * two approvers, or an approval racing a retry, cannot both move the same request.
 */
final class LicenseRequestStore {
    private final DataSource ds;

    LicenseRequestStore(DataSource ds) {
        this.ds = ds;
    }

    void insert(LicenseRequest r) {
        try (Connection c = ds.getConnection()) {
            insert(c, r);
        } catch (SQLException e) {
            throw new IllegalStateException("license_requests insert failed: " + e.getMessage(), e);
        }
    }

    /** Work on one connection inside {@link #withBudgetLocked}. */
    interface LockedWork<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction that holds the lock of {@code budgetCode} (its {@code budget_locks} row,
     * SELECT ... FOR UPDATE): deciders on every instance that share the database take their turn, so a budget check
     * and the reservation it allows (the insert or approval) cannot interleave with another's. Rolled back on failure.
     */
    <T> T withBudgetLocked(String budgetCode, LockedWork<T> work) {
        String code = budgetCode.toUpperCase(java.util.Locale.ROOT);
        try (Connection c = ds.getConnection()) {
            // the lock row exists before the transaction: a duplicate insert would abort it on PostgreSQL
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO budget_locks (budget_code) SELECT ? FROM"
                    + " (VALUES (1)) AS one (x) WHERE NOT EXISTS (SELECT 1 FROM budget_locks WHERE budget_code = ?)")) {
                ps.setString(1, code);
                ps.setString(2, code);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState())) {
                    throw e; // 23505: another instance created it at the same moment, fine
                }
            }
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT budget_code FROM budget_locks WHERE budget_code = ?"
                        + " FOR UPDATE")) {
                    ps.setString(1, code);
                    ps.executeQuery().close();
                }
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("budget " + budgetCode + ": " + e.getMessage(), e);
        }
    }

    void insert(Connection c, LicenseRequest r) throws SQLException {
        String sql = "INSERT INTO license_requests (id, asset_id, asset_type, campaign, campaign_type, channel, territory,"
                + " budget_code, estimated_cost, currency, decision, status, reasons, requested_by, decided_by, decided_at,"
                + " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        Timestamp now = Timestamp.from(r.createdAt());
        update(c, sql, r.id(), r.assetId(), r.assetType(), r.campaign(), r.campaignType(), r.channel(), r.territory(),
                r.budgetCode(), r.estimatedCost(), r.currency(), r.decision(), r.status(), r.reasons(), r.requestedBy(),
                r.decidedBy(), r.decidedAt() == null ? null : Timestamp.from(r.decidedAt()), now, now);
    }

    Optional<LicenseRequest> find(String id) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM license_requests WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read license request " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * The newest {@code limit} requests, optionally only those {@code requestedBy} one client and/or in one
     * {@code status}; newest first.
     */
    java.util.List<LicenseRequest> list(String requestedBy, String status, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM license_requests WHERE 1 = 1");
        java.util.List<Object> args = new java.util.ArrayList<>();
        if (requestedBy != null) {
            sql.append(" AND requested_by = ?");
            args.add(requestedBy);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status);
        }
        sql.append(" ORDER BY created_at DESC, id");
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            ps.setMaxRows(limit);
            java.util.List<LicenseRequest> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && out.size() < limit) {
                    out.add(row(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list license requests: " + e.getMessage(), e);
        }
    }

    /** Spend promised on a budget code: approved, licensed and (optionally) pending requests, except {@code excludeId}. */
    BigDecimal committed(String budgetCode, String excludeId, boolean includePending) {
        try (Connection c = ds.getConnection()) {
            return committed(c, budgetCode, excludeId, includePending);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot sum budget " + budgetCode + ": " + e.getMessage(), e);
        }
    }

    BigDecimal committed(Connection c, String budgetCode, String excludeId, boolean includePending) throws SQLException {
        String statuses = "'AUTO_APPROVED','APPROVED','LICENSED','LICENSE_FAILED'" + (includePending ? ",'NEEDS_APPROVAL'" : "");
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(estimated_cost), 0) FROM license_requests"
                     + " WHERE UPPER(budget_code) = UPPER(?) AND status IN (" + statuses + ") AND id <> ?")) {
            ps.setString(1, budgetCode);
            ps.setString(2, excludeId == null ? "" : excludeId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        }
    }

    /** NEEDS_APPROVAL -> APPROVED/REJECTED by {@code who}; false if the request was no longer waiting. */
    boolean decide(String id, String status, String who, String reason) {
        try (Connection c = ds.getConnection()) {
            return decide(c, id, status, who, reason);
        } catch (SQLException e) {
            throw new IllegalStateException("license_requests update failed: " + e.getMessage(), e);
        }
    }

    boolean decide(Connection c, String id, String status, String who, String reason) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        return update(c, "UPDATE license_requests SET status = ?, decided_by = ?, decided_at = ?, reasons = COALESCE(?, reasons),"
                + " updated_at = ? WHERE id = ? AND status = 'NEEDS_APPROVAL'", status, who, now, reason, now, id) == 1;
    }

    void licensed(String id, long eventId, String licenseId, String productId, Instant at) {
        update("UPDATE license_requests SET status = 'LICENSED', license_event_id = ?, license_id = ?, product_id = ?,"
                        + " licensed_at = ?, procurement_status = COALESCE(procurement_status, 'PENDING'), last_error = NULL,"
                        + " updated_at = ? WHERE id = ?", eventId, licenseId, productId, Timestamp.from(at),
                Timestamp.from(Instant.now()), id);
    }

    void licenseFailed(String id, String error) {
        update("UPDATE license_requests SET status = 'LICENSE_FAILED', last_error = ?, updated_at = ? WHERE id = ?"
                + " AND status <> 'LICENSED'", cut(error), Timestamp.from(Instant.now()), id);
    }

    void procurement(String id, String status, String error) {
        Timestamp now = Timestamp.from(Instant.now());
        if ("PENDING".equals(status)) {
            // (re)queued: a fresh attempt budget, due now
            update("UPDATE license_requests SET procurement_status = 'PENDING', procurement_sent_at = NULL, last_error = ?,"
                    + " procurement_attempts = 0, procurement_next_at = NULL, updated_at = ? WHERE id = ?", cut(error), now, id);
            return;
        }
        update("UPDATE license_requests SET procurement_status = ?, procurement_sent_at = ?, last_error = ?, updated_at = ?"
                + " WHERE id = ?", status, "SENT".equals(status) ? now : null, cut(error), now, id);
    }

    /** One queued procurement push: the request id and how many attempts it had so far. */
    record Due(String id, int attempts) {
    }

    /** Requests whose procurement push is PENDING and due, oldest licence first. */
    java.util.List<Due> procurementDue(Instant now, int limit) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, procurement_attempts FROM license_requests"
                     + " WHERE procurement_status = 'PENDING' AND (procurement_next_at IS NULL OR procurement_next_at <= ?)"
                     + " ORDER BY licensed_at, id FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY")) {
            ps.setTimestamp(1, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                java.util.List<Due> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(new Due(rs.getString(1), rs.getInt(2)));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the procurement queue: " + e.getMessage(), e);
        }
    }

    /**
     * Takes one attempt: counts it and pushes the next attempt past the call's worst case, so a crash mid-call
     * retries later and a second poller (another node) skips it. False: someone else took it.
     */
    boolean leaseProcurement(Due d, Instant until) {
        return update("UPDATE license_requests SET procurement_attempts = procurement_attempts + 1, procurement_next_at = ?"
                + " WHERE id = ? AND procurement_attempts = ? AND procurement_status = 'PENDING'",
                Timestamp.from(until), d.id(), d.attempts()) == 1;
    }

    /** A failed attempt that will be retried at {@code next}. */
    void procurementRetry(String id, Instant next, String error) {
        update("UPDATE license_requests SET procurement_next_at = ?, last_error = ?, updated_at = ? WHERE id = ?"
                + " AND procurement_status = 'PENDING'", Timestamp.from(next), cut(error), Timestamp.from(Instant.now()), id);
    }

    private int update(String sql, Object... args) {
        try (Connection c = ds.getConnection()) {
            return update(c, sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException("license_requests update failed: " + e.getMessage(), e);
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    private static String cut(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }

    private static LicenseRequest row(ResultSet rs) throws SQLException {
        long ev = rs.getLong("license_event_id");
        Long eventId = rs.wasNull() ? null : ev;
        return new LicenseRequest(rs.getString("id"), rs.getString("asset_id"), rs.getString("asset_type"),
                rs.getString("campaign"), rs.getString("campaign_type"), rs.getString("channel"), rs.getString("territory"),
                rs.getString("budget_code"), rs.getBigDecimal("estimated_cost"), rs.getString("currency"),
                rs.getString("decision"), rs.getString("status"), rs.getString("reasons"), rs.getString("requested_by"),
                rs.getString("decided_by"), ts(rs, "decided_at"), eventId, rs.getString("license_id"),
                rs.getString("product_id"), ts(rs, "licensed_at"), rs.getString("procurement_status"),
                ts(rs, "procurement_sent_at"), rs.getString("last_error"), ts(rs, "created_at"));
    }

    private static Instant ts(ResultSet rs, String col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }
}
