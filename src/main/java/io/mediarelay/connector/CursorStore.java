package io.mediarelay.connector;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * Named polling positions in the shared {@code cursors} table (V1), so consumers resume after a restart.
 *
 * <p>With several instances on one database, two pollers may read the same position: {@link #compareAndSet} advances
 * a cursor only if it still holds the value the caller read, so the slower one learns it lost (and stops) instead of
 * writing its position over a newer one. {@link #put} stays for single-writer cursors.
 */
public class CursorStore {

    private final DataSource ds;

    public CursorStore(DataSource ds) {
        this.ds = ds;
    }

    public Optional<String> get(String name) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT cursor_value FROM cursors WHERE cursor_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cursor read failed: " + name, e);
        }
    }

    /** Update-then-insert rather than MERGE/UPSERT: portable across H2 and PostgreSQL. */
    public void put(String name, String value) {
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement up = c.prepareStatement("UPDATE cursors SET cursor_value = ?, updated_at = ? WHERE cursor_name = ?")) {
                up.setString(1, value);
                up.setTimestamp(2, now);
                up.setString(3, name);
                if (up.executeUpdate() == 1) {
                    return;
                }
            }
            try (PreparedStatement in = c.prepareStatement("INSERT INTO cursors (cursor_name, cursor_value, updated_at) VALUES (?, ?, ?)")) {
                in.setString(1, name);
                in.setString(2, value);
                in.setTimestamp(3, now);
                in.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cursor write failed: " + name, e);
        }
    }

    /**
     * Sets {@code name} to {@code value} only if it still holds {@code expected} ({@code null}: the cursor does not
     * exist yet). False when another writer changed it since it was read. Portable: a conditional UPDATE, or an
     * INSERT that the primary key refuses to the second of two first writers.
     */
    public boolean compareAndSet(String name, String expected, String value) {
        try (Connection c = ds.getConnection()) {
            return compareAndSet(c, name, expected, value);
        } catch (SQLException e) {
            throw new IllegalStateException("cursor write failed: " + name, e);
        }
    }

    /** {@link #compareAndSet(String, String, String)} on the caller's connection and transaction. */
    public static boolean compareAndSet(Connection c, String name, String expected, String value) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        if (expected != null) {
            try (PreparedStatement up = c.prepareStatement("UPDATE cursors SET cursor_value = ?, updated_at = ?"
                    + " WHERE cursor_name = ? AND cursor_value = ?")) {
                up.setString(1, value);
                up.setTimestamp(2, now);
                up.setString(3, name);
                up.setString(4, expected);
                return up.executeUpdate() == 1;
            }
        }
        // a failed INSERT would abort the caller's transaction on PostgreSQL: insert only where the row is absent
        try (PreparedStatement in = c.prepareStatement("INSERT INTO cursors (cursor_name, cursor_value, updated_at)"
                + " SELECT ?, ?, ? FROM (VALUES (1)) AS one (x) WHERE NOT EXISTS"
                + " (SELECT 1 FROM cursors WHERE cursor_name = ?)")) {
            in.setString(1, name);
            in.setString(2, value);
            in.setTimestamp(3, now);
            in.setString(4, name);
            return in.executeUpdate() == 1;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return false; // a concurrent first writer inserted it between our check and our insert
            }
            throw e;
        }
    }
}
