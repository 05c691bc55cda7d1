package io.mediarelay.runtime.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import javax.sql.DataSource;

/** Table {@code schedule_slots} (V19): a cron slot is claimed once, by whoever inserts its row first. */
public final class ScheduleSlots {
    /** Claimed slots older than this are deleted when a newer one is claimed (the latest one is all catch-up needs). */
    private static final Duration KEEP = Duration.ofDays(7);

    private final DataSource dataSource;
    private final String memberId;

    public ScheduleSlots(DataSource dataSource, String memberId) {
        this.dataSource = dataSource;
        this.memberId = memberId;
    }

    /** True when this instance claimed the slot now; false when someone already fired it. */
    public boolean claim(String routeId, long slotMs, boolean catchUp) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO schedule_slots (route_id, slot_ms, fired_at, member_id, catch_up) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, routeId);
                ps.setLong(2, slotMs);
                ps.setTimestamp(3, Timestamp.from(Instant.now()));
                ps.setString(4, memberId);
                ps.setBoolean(5, catchUp);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    return false; // unique violation: fired already (H2 23505, PostgreSQL 23505)
                }
                throw e;
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM schedule_slots WHERE route_id = ? AND slot_ms < ?")) {
                ps.setString(1, routeId);
                ps.setLong(2, slotMs - KEEP.toMillis());
                ps.executeUpdate();
            }
            return true;
        }
    }

    /** The latest slot fired for the route, if any. */
    public OptionalLong lastSlot(String routeId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT MAX(slot_ms) FROM schedule_slots WHERE route_id = ?")) {
            ps.setString(1, routeId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
            }
        }
    }

    /**
     * When the route's schedule was first armed by any leader (set now if never): what a new leader catches up from
     * while no slot was claimed yet. Without it a slot that fell in the first failover of a cluster's life - before
     * any slot had been fired - was never fired (bench/cluster.sh: GF8's first slot, killed leader).
     */
    public long armedSince(String routeId, long nowMs) throws SQLException {
        String name = "schedule-armed:" + routeId;
        try (Connection c = dataSource.getConnection()) {
            io.mediarelay.connector.CursorStore.compareAndSet(c, name, null, Long.toString(nowMs)); // the first one wins
        }
        return Long.parseLong(new io.mediarelay.connector.CursorStore(dataSource).get(name).orElse(Long.toString(nowMs)));
    }
}
