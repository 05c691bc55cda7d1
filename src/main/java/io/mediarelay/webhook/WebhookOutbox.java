package io.mediarelay.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The durable webhook outbox ({@code webhook_outbox}, V5 + V7). Events are written here, ideally in the same
 * transaction as the state change they announce ({@link #enqueue(Connection, String, String, String, Map)}), and
 * delivered later by {@link WebhookDispatcher}. One row per event per interested receiver.
 *
 * <p>Event ids are derived from (type, business key, receiver), so enqueueing the same fact twice (a rescan, a
 * restart, a second node) is a no-op: the UNIQUE(event_id) constraint is the last word.
 */
public final class WebhookOutbox {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLS = "id, event_id, event_type, receiver, asset_id, payload, created_at, attempts,"
            + " next_attempt_at, status, last_error, give_up_at, delivered_at, last_status";
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final DataSource dataSource;
    private final WebhookReceivers receivers;
    private final Clock clock;
    private final Duration budget;

    public WebhookOutbox(DataSource dataSource, WebhookReceivers receivers, Clock clock, Duration budget) {
        this.dataSource = dataSource;
        this.receivers = receivers;
        this.clock = clock;
        this.budget = budget;
    }

    /** Enqueues in its own transaction; returns the number of rows (receivers) added. */
    public int enqueue(String type, String key, String assetId, Map<String, Object> data) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int n = enqueue(c, type, key, assetId, data);
                c.commit();
                return n;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not enqueue " + type + " " + key + ": " + e.getMessage(), e);
        }
    }

    /** Enqueues on the caller's connection and transaction, so the event commits or rolls back with the change. */
    public int enqueue(Connection c, String type, String key, String assetId, Map<String, Object> data)
            throws SQLException {
        Instant now = clock.instant();
        int added = 0;
        for (WebhookReceivers.Receiver r : receivers.all()) {
            if (!r.wants(type)) {
                continue;
            }
            String eventId = eventId(type, key, r.name());
            if (exists(c, eventId)) {
                continue;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", eventId);
            body.put("type", type);
            body.put("occurredAt", now.toString());
            body.put("assetId", assetId);
            body.put("data", data);
            String payload;
            try {
                payload = JSON.writeValueAsString(body);
            } catch (Exception e) {
                throw new IllegalArgumentException("event " + type + " is not serialisable: " + e.getMessage(), e);
            }
            update(c, "INSERT INTO webhook_outbox (event_id, event_type, receiver, asset_id, payload, created_at,"
                    + " attempts, next_attempt_at, status, give_up_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
                    eventId, type, r.name(), assetId, payload, ts(now), ts(now), OutboxEntry.PENDING,
                    ts(now.plus(budget)));
            added++;
        }
        return added;
    }

    /**
     * Due events that may be sent now: PENDING, due, and the earliest pending one of their (receiver, asset), so an
     * event for asset A never overtakes an earlier, still pending event for A to the same receiver.
     */
    public List<OutboxEntry> due(int limit) {
        return query("SELECT " + COLS + " FROM webhook_outbox o WHERE o.status = 'PENDING' AND o.next_attempt_at <= ?"
                + " AND NOT EXISTS (SELECT 1 FROM webhook_outbox p WHERE p.status = 'PENDING'"
                + " AND p.receiver = o.receiver AND p.asset_id = o.asset_id AND p.id < o.id)"
                + " ORDER BY o.id FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY", ts(clock.instant()));
    }

    /**
     * Takes a due entry for one attempt: counts the attempt and pushes next_attempt_at past the call's worst case,
     * so a crash mid-call retries later and a second dispatcher (another node) skips it. False: someone else has it.
     */
    public boolean lease(OutboxEntry e, Duration lease) {
        Instant now = clock.instant();
        // the retry budget runs from the first attempt, not from enqueueing: an event that waited behind an earlier
        // event of the same asset still gets its full budget
        return run("UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at = ?, give_up_at ="
                + " CASE WHEN attempts = 0 THEN ? ELSE give_up_at END WHERE id = ? AND attempts = ? AND status = 'PENDING'",
                ts(now.plus(lease)), ts(now.plus(budget)), e.id(), e.attempts()) == 1;
    }

    public void delivered(long id, int httpStatus) {
        run("UPDATE webhook_outbox SET status = 'DELIVERED', delivered_at = ?, last_status = ?, last_error = NULL"
                + " WHERE id = ?", ts(clock.instant()), httpStatus, id);
    }

    /** Records a failed attempt: retried at {@code next}, or DEAD when that is past the budget. */
    public String failed(OutboxEntry e, Integer httpStatus, String error, Instant next) {
        boolean dead = e.giveUpAt() != null && next.isAfter(e.giveUpAt());
        String status = dead ? OutboxEntry.DEAD : OutboxEntry.PENDING;
        run("UPDATE webhook_outbox SET status = ?, next_attempt_at = ?, last_status = ?, last_error = ? WHERE id = ?",
                status, ts(next), httpStatus, truncate(error, 4000), e.id());
        return status;
    }

    /** Puts an event back in the queue with a fresh retry budget (CLI {@code webhooks replay}). */
    public boolean replay(String eventId) {
        Instant now = clock.instant();
        return run("UPDATE webhook_outbox SET status = 'PENDING', attempts = 0, next_attempt_at = ?, give_up_at = ?,"
                + " last_error = NULL WHERE event_id = ?", ts(now), ts(now.plus(budget)), eventId) == 1;
    }

    public List<OutboxEntry> list(String status, int limit) {
        String where = status == null ? "" : " WHERE status = ?";
        String sql = "SELECT " + COLS + " FROM webhook_outbox" + where + " ORDER BY id FETCH FIRST "
                + Math.max(1, limit) + " ROWS ONLY";
        return status == null ? query(sql) : query(sql, status);
    }

    public Optional<OutboxEntry> find(String eventId) {
        return query("SELECT " + COLS + " FROM webhook_outbox WHERE event_id = ?", eventId).stream().findFirst();
    }

    public WebhookReceivers receivers() {
        return receivers;
    }

    /** Deterministic, so that the same fact enqueued twice has the same id (see class comment). */
    static String eventId(String type, String key, String receiver) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((type + "|" + key + "|" + receiver).getBytes(StandardCharsets.UTF_8));
            return "evt_" + HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean exists(Connection c, String eventId) throws SQLException {
        try (PreparedStatement ps = bind(c.prepareStatement("SELECT 1 FROM webhook_outbox WHERE event_id = ?"), eventId);
             ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    private int run(String sql, Object... args) {
        try (Connection c = dataSource.getConnection()) {
            return update(c, sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException("webhook outbox write failed: " + e.getMessage(), e);
        }
    }

    private List<OutboxEntry> query(String sql, Object... args) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = bind(c.prepareStatement(sql), args);
             ResultSet rs = ps.executeQuery()) {
            List<OutboxEntry> out = new ArrayList<>();
            while (rs.next()) {
                int last = rs.getInt("last_status");
                Integer lastStatus = rs.wasNull() ? null : last;
                out.add(new OutboxEntry(rs.getLong("id"), rs.getString("event_id"), rs.getString("event_type"),
                        rs.getString("receiver"), rs.getString("asset_id"), rs.getString("payload"),
                        instant(rs.getTimestamp("created_at")), rs.getInt("attempts"),
                        instant(rs.getTimestamp("next_attempt_at")), rs.getString("status"),
                        rs.getString("last_error"), instant(rs.getTimestamp("give_up_at")),
                        instant(rs.getTimestamp("delivered_at")), lastStatus));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("webhook outbox read failed: " + e.getMessage(), e);
        }
    }

    static boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = bind(c.prepareStatement(sql), args)) {
            return ps.executeUpdate();
        }
    }

    static PreparedStatement bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                ps.setNull(i + 1, Types.NULL);
            } else {
                ps.setObject(i + 1, args[i]);
            }
        }
        return ps;
    }

    static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
