package io.mediarelay.connector;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

/** Named polling positions in the shared {@code cursors} table (V1), so consumers resume after a restart. */
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
}
