package io.mediarelay.getty;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * Durable record of Getty license events ({@code license_events}, Flyway V3), also the read API for
 * the {@code mediarelay licenses} CLI. All state changes are single conditional statements, so two
 * nodes sharing the database cannot both claim a request key.
 */
public class LicenseEventRepository {

    private static final String COLS = "id, request_key, asset_id, asset_type, product_id, product_type, uri, status,"
            + " claimed_at, licensed_at, uri_expires_at, license_count, detail";

    private final DataSource ds;

    public LicenseEventRepository(DataSource ds) {
        this.ds = ds;
    }

    public Optional<LicenseEvent> find(String requestKey) {
        List<LicenseEvent> l = query("SELECT " + COLS + " FROM license_events WHERE request_key = ?", requestKey);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    public Optional<LicenseEvent> findById(long id) {
        List<LicenseEvent> l = query("SELECT " + COLS + " FROM license_events WHERE id = ?", id);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** Newest first. */
    public List<LicenseEvent> list(int limit) {
        return query("SELECT " + COLS + " FROM license_events ORDER BY updated_at DESC, id DESC FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY");
    }

    public List<LicenseEvent> listByAsset(String assetId) {
        return query("SELECT " + COLS + " FROM license_events WHERE asset_id = ? ORDER BY id", assetId);
    }

    public List<LicenseEvent> listByStatus(String status) {
        return query("SELECT " + COLS + " FROM license_events WHERE status = ? ORDER BY id", status);
    }

    /** Claims a new request key (INSERT ... PENDING). False if the key already exists. */
    public boolean claim(String requestKey, String assetId, String assetType, String productId, String productType) {
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO license_events (request_key, asset_id, asset_type, product_id,"
                     + " product_type, status, claimed_at, updated_at) VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?)")) {
            ps.setString(1, requestKey);
            ps.setString(2, assetId);
            ps.setString(3, assetType);
            ps.setString(4, productId);
            ps.setString(5, productType);
            ps.setTimestamp(6, now);
            ps.setTimestamp(7, now);
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false; // unique violation: someone holds this key
            }
            throw new IllegalStateException("license_events insert failed", e);
        }
    }

    /** Re-claims a LICENSED key whose download URI has expired (a new license is needed). */
    public boolean reclaimExpired(long id, Instant now) {
        return update("UPDATE license_events SET status = 'PENDING', claimed_at = ?, updated_at = ? WHERE id = ?"
                + " AND status = 'LICENSED' AND uri_expires_at <= ?", ts(now), ts(now), id, ts(now)) == 1;
    }

    /** A PENDING claim older than {@code claimedBefore} was abandoned mid-POST (crash): its outcome is unknown. */
    public boolean markStaleUncertain(String requestKey, Instant claimedBefore) {
        return update("UPDATE license_events SET status = 'UNCERTAIN', detail = 'claim abandoned while POST in flight',"
                + " updated_at = ? WHERE request_key = ? AND status = 'PENDING' AND claimed_at < ?",
                ts(Instant.now()), requestKey, ts(claimedBefore)) == 1;
    }

    /** The POST of a PENDING claim is about to be sent (again): its age counts from now (see staleness). */
    public void touch(String requestKey) {
        update("UPDATE license_events SET claimed_at = ?, updated_at = ? WHERE request_key = ? AND status = 'PENDING'",
                ts(Instant.now()), ts(Instant.now()), requestKey);
    }

    /** Getty's download history shows the UNCERTAIN POST did license: record it as licensed, with that URI. */
    public boolean markReconciled(String requestKey, String uri, Instant licensedAt, Instant expiresAt) {
        return update("UPDATE license_events SET status = 'LICENSED', uri = ?, licensed_at = ?, uri_expires_at = ?,"
                + " license_count = license_count + 1, detail = 'reconciled from Getty download history', updated_at = ?"
                + " WHERE request_key = ? AND status = 'UNCERTAIN'", uri, ts(licensedAt), ts(expiresAt), ts(Instant.now()),
                requestKey) == 1;
    }

    /** A fresh link for a LICENSED row (a re-download): no new license, the count and detail stay. */
    public void markRedownloaded(String requestKey, String uri, Instant expiresAt) {
        update("UPDATE license_events SET uri = ?, uri_expires_at = ?, updated_at = ? WHERE request_key = ? AND status = 'LICENSED'",
                uri, ts(expiresAt), ts(Instant.now()), requestKey);
    }

    /** Getty's download history shows the UNCERTAIN POST licensed nothing: claim the key again to license it. */
    public boolean reclaimUncertain(String requestKey) {
        Instant now = Instant.now();
        return update("UPDATE license_events SET status = 'PENDING', claimed_at = ?, detail = NULL, updated_at = ?"
                + " WHERE request_key = ? AND status = 'UNCERTAIN'", ts(now), ts(now), requestKey) == 1;
    }

    public void markLicensed(String requestKey, String uri, Instant licensedAt, Instant expiresAt) {
        update("UPDATE license_events SET status = 'LICENSED', uri = ?, licensed_at = ?, uri_expires_at = ?,"
                + " license_count = license_count + 1, detail = NULL, updated_at = ? WHERE request_key = ?",
                uri, ts(licensedAt), ts(expiresAt), ts(Instant.now()), requestKey);
    }

    public void markUncertain(String requestKey, String detail) {
        update("UPDATE license_events SET status = 'UNCERTAIN', detail = ?, updated_at = ? WHERE request_key = ?",
                truncate(detail), ts(Instant.now()), requestKey);
    }

    /**
     * Forgets a claim that certainly did not license anything (the POST was refused), or one an operator
     * has reconciled. A key with a past license keeps its row and returns to LICENSED (URI expired).
     */
    public void release(String requestKey) {
        update("DELETE FROM license_events WHERE request_key = ? AND license_count = 0 AND status <> 'LICENSED'", requestKey);
        update("UPDATE license_events SET status = 'LICENSED', detail = NULL, updated_at = ? WHERE request_key = ? AND license_count > 0"
                + " AND status <> 'LICENSED'", ts(Instant.now()), requestKey);
    }

    private int update(String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("license_events update failed", e);
        }
    }

    private List<LicenseEvent> query(String sql, Object... args) {
        List<LicenseEvent> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LicenseEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), inst(rs.getTimestamp(9)), inst(rs.getTimestamp(10)),
                            inst(rs.getTimestamp(11)), rs.getInt(12), rs.getString(13)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("license_events query failed", e);
        }
        return out;
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant inst(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }
}
