package io.mediarelay.runtime.deadletter;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * The durable retry's queue: the RETRYING rows of {@code dead_letters} as {@link DeadLetterCatchUp} works through them
 * (which are due, which wait, which claims a dead instance left). Recording, replay claims and listings stay in
 * {@link DeadLetterStore}, the owner of the table.
 */
public final class RetryQueue {
    private final DataSource dataSource;

    RetryQueue(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A message waiting for its durable retry whose time has come: id and flow. */
    public record Due(long id, String routeId) {
    }

    /**
     * A retrying letter whose flow is not running here waits behind the letters due now (no attempt counted): letters
     * of a stopped flow never fill the catch-up's batch ahead of other flows' letters.
     */
    public void postpone(long id, Instant next) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE dead_letters SET next_attempt_at = ? WHERE id = ? AND status = 'RETRYING'")) {
            ps.setTimestamp(1, Timestamp.from(next));
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** RETRYING letters whose next attempt is due, earliest first. */
    public List<Due> due(Instant now, int limit) throws SQLException {
        List<Due> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, route_id FROM dead_letters WHERE status = 'RETRYING'"
                     + " AND next_attempt_at <= ? ORDER BY next_attempt_at, id FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY")) {
            ps.setTimestamp(1, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Due(rs.getLong(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    /**
     * A replay claimed longer than {@code lease} ago whose instance died (kill -9, power loss) goes back to RETRYING,
     * so the message is not stranded in REPLAYING. The lease is longer than any replay takes.
     */
    public int releaseStaleClaims(Instant now, java.time.Duration lease) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE dead_letters SET status = 'RETRYING', next_attempt_at = ?"
                     + " WHERE status = 'REPLAYING' AND failure_kind = 'TRANSIENT' AND replayed_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now.minus(lease)));
            return ps.executeUpdate();
        }
    }
}
