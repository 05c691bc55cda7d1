package io.mediarelay.runtime.deadletter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.runtime.health.FlowFailures;
import io.mediarelay.runtime.health.FlowHealthCheck;
import io.mediarelay.runtime.health.FlowOutcomeNotifier;
import io.mediarelay.transfer.DeliveryHeaders;
import io.mediarelay.transfer.DeliveryRecorder;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of every route's error path: keeps the failed message (payload copied to {@code data/dead-letters},
 * headers and reason in the {@code dead_letters} table) so nothing is lost and it can be inspected and replayed.
 *
 * <p>Headers whose names suggest a secret are not stored, and endpoint URIs are sanitized.
 */
public final class DeadLetterStore implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);
    private static final int MAX_HEADER_VALUE = 1000;

    /** A stored dead letter. */
    public record DeadLetter(long id, String routeId, String fromEndpoint, String reason, String payloadPath,
                             Long payloadBytes, String failedAt, String status, int attempts, String nextAttemptAt,
                             String retryDeadline, String failureKind, String step, String destination) {
    }

    /** Exchange property a delivery step sets to the destination it failed on ({@code ftp://user@host:port/dir}). */
    public static final String FAILED_DESTINATION = "MediarelayFailedDestination";
    /** See {@link io.mediarelay.common.RetryLayers#SOURCE_RETRIES} (where the sources can reach it). */
    public static final String SOURCE_RETRIES = io.mediarelay.common.RetryLayers.SOURCE_RETRIES;
    /** Header of a replayed message: the dead letter it came from (its row is updated if the replay fails again). */
    public static final String REPLAY_OF = "MediarelayReplayOf";

    private final DataSource dataSource;
    private final Path payloadDir;
    private final DeliveryRecorder deliveries;
    private final ObjectMapper json = new ObjectMapper();
    private final FlowHealthCheck health;
    private final RetryQueue retries;
    /** Flows with letters their own source retries (see {@link #sourceRetried}); loaded lazily from the table. */
    private final java.util.Set<String> heldFlows = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean heldLoaded;

    public DeadLetterStore(DataSource dataSource, Path payloadDir) {
        this(dataSource, payloadDir, null);
    }

    public DeadLetterStore(DataSource dataSource, Path payloadDir, FlowHealthCheck health) {
        this.dataSource = dataSource;
        this.payloadDir = payloadDir;
        this.deliveries = new DeliveryRecorder(dataSource, null);
        this.retries = new RetryQueue(dataSource);
        this.health = health;
        if (health != null) {
            health.onSuccess(this::sourceRetried);
            health.source(() -> {
                try {
                    return failuresByFlow();
                } catch (SQLException e) {
                    throw new IllegalStateException("dead_letters unreadable: " + e.getMessage(), e);
                }
            });
        }
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "unknown failure" : FailureDescription.reason(cause);
        String routeId = io.mediarelay.common.FlowIdTagger.flowOf(exchange);
        String flow = routeId == null ? "unknown" : routeId;
        FailureClassifier.Kind kind = cause == null ? FailureClassifier.Kind.PERMANENT : FailureClassifier.classify(cause);
        String step = FailureDescription.step(exchange);
        String destination = FailureDescription.destination(exchange);
        if (destination != null && !reason.contains(destination)) {
            reason = reason + " [" + destination + "]"; // say where, even when the component's message does not
        }
        Instant now = Instant.now();
        RetrySchedule schedule = RetrySchedule.of(exchange.getContext(), flow);
        Long replayOf = exchange.getIn().getHeader(REPLAY_OF, Long.class);
        Outcome outcome = replayOf == null ? null : retriedAgain(replayOf, kind, reason, step, destination, schedule, now);
        if (outcome == null) {
            // an inbox file that was not delivered goes to .error with a reason, never to .done; the dead letter
            // names it (a transient failure is then retried from the letter's payload, not from the inbox)
            io.mediarelay.transfer.inbox.InboxFailure.refile(exchange, reason, routeId);
            String from = exchange.getFromEndpoint() == null ? null : URISupport.sanitizeUri(exchange.getFromEndpoint().getEndpointUri());
            Path payload;
            try {
                payload = PayloadFiles.save(exchange, payloadDir);
            } catch (IOException e) {
                // e.g. a download stream the failed step already closed: the message (headers: asset, source) is kept,
                // the bytes can be fetched again on replay; failing here would lose the whole dead letter
                payload = null;
                reason = reason + " (payload not kept: " + e.getMessage() + ")";
                LOG.warn("Dead letter payload not kept: {}", e.getMessage());
            }
            Instant deadline = now.plus(schedule.deadline());
            boolean retry = kind == FailureClassifier.Kind.TRANSIENT;
            // a source that polls a failed item again by itself (PhotoShelter holdOnFailure) is that item's retry
            // layer: the letter waits (no next attempt, never replayed here) until the flow succeeds again
            // (a property the source sets, not its endpoint uri: the exchange's from endpoint does not reliably carry
            // the option, and a letter with a next attempt was replayed while the source polled the item again)
            boolean sourceRetries = retry && exchange.getProperty(SOURCE_RETRIES, false, Boolean.class);
            Instant next = retry && !sourceRetries ? schedule.next(1, now, deadline) : null;
            if (sourceRetries) {
                heldFlows.add(flow);
            }
            long id = insert(exchange, flow, from, reason, cause, payload, retry ? RETRYING : DEAD, kind, step, destination,
                    next, deadline);
            outcome = new Outcome(id, retry ? RETRYING : DEAD, 1, next);
        }
        if (exchange.getIn().getHeader(DeliveryHeaders.DESTINATION) != null
                && exchange.getIn().getHeader(DeliveryHeaders.ASSET_ID) != null
                && exchange.getIn().getHeader(DeliveryHeaders.REMOTE_PATH) != null) {
            deliveries.record(exchange, "FAILED", reason);
        }
        io.mediarelay.transfer.DeliveryGuard.releaseClaims(exchange); // issue 13: the retry may claim it again
        exchange.setProperty(FlowOutcomeNotifier.DEAD_LETTERED, outcome.id());
        String where = "flow " + flow + ", step " + step + (destination == null ? "" : ", destination " + destination);
        if (RETRYING.equals(outcome.status())) {
            LOG.warn("Retrying later (#{}, attempt {} failed, next at {}): {}: {}", outcome.id(), outcome.attempts(),
                    outcome.next(), where, reason);
        } else {
            if (health != null && routeId != null) {
                health.failed(routeId, "dead letter #" + outcome.id() + " (" + where + "): " + reason);
            }
            LOG.error("Dead letter #{} ({} failure after {} attempt(s)): {}: {}", outcome.id(), kind.name().toLowerCase(Locale.ROOT),
                    outcome.attempts(), where, reason);
        }
    }

    /** Status of a message waiting for a durable retry, and of one that is dead (an operator's: replay or drop). */
    public static final String RETRYING = "RETRYING";
    public static final String DEAD = "NEW";

    private record Outcome(long id, String status, int attempts, Instant next) {
    }

    /**
     * A replay of letter {@code id} failed again: the same row counts the attempt and is scheduled again (transient,
     * before the deadline) or becomes dead. Null when the letter is not being replayed (then a new row is written).
     */
    private Outcome retriedAgain(long id, FailureClassifier.Kind kind, String reason, String step, String destination,
                                 RetrySchedule schedule, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            int attempts;
            Instant deadline;
            try (PreparedStatement ps = c.prepareStatement("SELECT attempts, retry_deadline FROM dead_letters WHERE id = ?"
                    + " AND status = 'REPLAYING'")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    attempts = rs.getInt(1) + 1;
                    Timestamp d = rs.getTimestamp(2);
                    deadline = d == null ? now.plus(schedule.deadline()) : d.toInstant();
                }
            }
            boolean retry = kind == FailureClassifier.Kind.TRANSIENT && now.isBefore(deadline);
            Instant next = retry ? schedule.next(attempts, now, deadline) : null;
            String status = retry ? RETRYING : DEAD;
            try (PreparedStatement ps = c.prepareStatement("UPDATE dead_letters SET status = ?, attempts = ?, reason = ?,"
                    + " failure_kind = ?, step_id = ?, destination = ?, next_attempt_at = ?,"
                    // failed_at: the first failure while retrying ("retrying since"), the moment it died once dead
                    + (retry ? " failed_at = failed_at" : " failed_at = ?") + " WHERE id = ? AND status = 'REPLAYING'")) {
                ps.setString(1, status);
                ps.setInt(2, attempts);
                ps.setString(3, cut(retry || kind == FailureClassifier.Kind.PERMANENT ? reason
                        : reason + " (retry deadline " + deadline + " passed)", 4000));
                ps.setString(4, kind.name());
                ps.setString(5, cut(step, 300));
                ps.setString(6, cut(destination, 500));
                ps.setTimestamp(7, next == null ? null : Timestamp.from(next));
                int i = 8;
                if (!retry) {
                    ps.setTimestamp(i++, Timestamp.from(now));
                }
                ps.setLong(i, id);
                return ps.executeUpdate() == 1 ? new Outcome(id, status, attempts, next) : null;
            }
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }


    private long insert(Exchange exchange, String routeId, String from, String reason, Throwable cause, Path payload,
                        String status, FailureClassifier.Kind kind, String step, String destination, Instant next,
                        Instant deadline) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO dead_letters (route_id, from_endpoint, exchange_id,"
                     + " reason, exception_type, headers_json, payload_path, payload_bytes, failed_at, status, origin_route_id,"
                     + " attempts, next_attempt_at, retry_deadline, failure_kind, step_id, destination)"
                     + " VALUES (?,?,?,?,?,?,?,?,?,?,?,1,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, routeId);
            ps.setString(2, from);
            ps.setString(3, exchange.getExchangeId());
            ps.setString(4, cut(reason, 4000));
            ps.setString(5, cause == null ? null : cause.getClass().getName());
            ps.setString(6, json.writeValueAsString(safeHeaders(exchange)));
            ps.setString(7, payload == null ? null : payload.toString());
            if (payload == null) {
                ps.setNull(8, java.sql.Types.BIGINT);
            } else {
                ps.setLong(8, Files.size(payload));
            }
            ps.setTimestamp(9, Timestamp.from(Instant.now()));
            ps.setString(10, status);
            ps.setString(11, exchange.getFromRouteId());
            ps.setTimestamp(12, next == null ? null : Timestamp.from(next));
            ps.setTimestamp(13, deadline == null ? null : Timestamp.from(deadline));
            ps.setString(14, kind.name());
            ps.setString(15, cut(step, 300));
            ps.setString(16, cut(destination, 500));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                return keys.next() ? keys.getLong(1) : -1;
            }
        }
    }

    static Map<String, String> safeHeaders(Exchange exchange) {
        Map<String, String> out = new LinkedHashMap<>();
        exchange.getIn().getHeaders().forEach((k, v) -> {
            String lower = k.toLowerCase(Locale.ROOT);
            if (v == null || lower.contains("password") || lower.contains("secret") || lower.contains("token")
                    || lower.contains("authorization") || lower.contains("apikey") || lower.contains("api-key")) {
                return;
            }
            String s = String.valueOf(v);
            out.put(k, s.length() > MAX_HEADER_VALUE ? s.substring(0, MAX_HEADER_VALUE) : s);
        });
        return out;
    }

    /** All dead letters, newest first. */
    public List<DeadLetter> list() throws SQLException {
        List<DeadLetter> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, route_id, from_endpoint, reason, payload_path,"
                     + " payload_bytes, failed_at, status, attempts, next_attempt_at, retry_deadline, failure_kind, step_id,"
                     + " destination FROM dead_letters ORDER BY id DESC");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long bytes = rs.getLong(6);
                out.add(new DeadLetter(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.wasNull() ? null : bytes, rs.getTimestamp(7).toInstant().toString(),
                        rs.getString(8), rs.getInt(9), text(rs.getTimestamp(10)), text(rs.getTimestamp(11)),
                        rs.getString(12), rs.getString(13), rs.getString(14)));
            }
        }
        return out;
    }

    private static String text(Timestamp t) {
        return t == null ? null : t.toInstant().toString();
    }

    /** What replay needs of one dead letter: where it came from, its headers and payload. */
    public record Stored(long id, String routeId, String originRouteId, Map<String, String> headers, String payloadPath,
                         String status, String stepId) {
    }

    /** One dead letter with its headers, or null. */
    public Stored find(long id) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT route_id, origin_route_id, headers_json, payload_path, status,"
                     + " step_id FROM dead_letters WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String headers = rs.getString(3);
                @SuppressWarnings("unchecked")
                Map<String, String> map = headers == null ? Map.of() : json.readValue(headers, LinkedHashMap.class);
                return new Stored(id, rs.getString(1), rs.getString(2), map, rs.getString(4), rs.getString(5), rs.getString(6));
            }
        }
    }

    /**
     * Moves a dead letter from one status to another only if it is still in {@code from}: two operators (or two
     * instances) replaying the same letter cannot both win, so a message is never replayed twice.
     */
    public boolean transition(long id, String from, String to) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE dead_letters SET status = ?, replayed_at = ?"
                     + " WHERE id = ? AND status = ?")) {
            ps.setString(1, to);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setLong(3, id);
            ps.setString(4, from);
            return ps.executeUpdate() == 1;
        }
    }

    /** NEW dead letters, oldest first: id, route and how many replays already failed before it (0 for a first failure). */
    public record Pending(long id, String routeId, int replayAttempts, String exceptionType) {
    }

    public List<Pending> pending() throws SQLException, IOException {
        List<Pending> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, route_id, headers_json, exception_type FROM dead_letters"
                     + " WHERE status = 'NEW' ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String headers = rs.getString(3);
                int attempts = 0;
                if (headers != null) {
                    Object a = json.readValue(headers, LinkedHashMap.class).get(DeadLetterReplayer.ATTEMPT_HEADER);
                    attempts = a == null ? 0 : Integer.parseInt(String.valueOf(a));
                }
                out.add(new Pending(rs.getLong(1), rs.getString(2), attempts, rs.getString(4)));
            }
        }
        return out;
    }

    /** The catch-up's view of the retrying letters (what is due, postpone, stale claims). */
    public RetryQueue retries() {
        return retries;
    }

    public Map<String, FlowFailures> failuresByFlow() throws SQLException {
        Map<String, FlowFailures> out = new java.util.TreeMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT route_id, status, COUNT(*), MIN(failed_at), MAX(failed_at),"
                     + " MIN(next_attempt_at) FROM dead_letters WHERE status IN ('RETRYING', 'REPLAYING', 'NEW') GROUP BY route_id, status");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String flow = rs.getString(1);
                FlowFailures f = out.getOrDefault(flow, new FlowFailures(flow, 0, null, null, 0, null, null));
                int n = rs.getInt(3);
                Instant first = rs.getTimestamp(4).toInstant();
                Instant last = rs.getTimestamp(5).toInstant();
                Timestamp next = rs.getTimestamp(6);
                if ("NEW".equals(rs.getString(2))) {
                    f = new FlowFailures(flow, f.retrying(), f.retryingSince(), f.nextAttempt(), n, last, null);
                } else {
                    Instant since = f.retryingSince() == null || first.isBefore(f.retryingSince()) ? first : f.retryingSince();
                    Instant nextAt = next == null ? f.nextAttempt() : f.nextAttempt() == null || next.toInstant().isBefore(f.nextAttempt())
                            ? next.toInstant() : f.nextAttempt();
                    f = new FlowFailures(flow, f.retrying() + n, since, nextAt, f.dead(), f.lastDead(), f.lastReason());
                }
                out.put(flow, f);
            }
        }
        for (Map.Entry<String, FlowFailures> e : out.entrySet()) {
            if (e.getValue().dead() > 0) {
                try (Connection c = dataSource.getConnection();
                     PreparedStatement ps = c.prepareStatement("SELECT reason FROM dead_letters WHERE route_id = ? AND status = 'NEW'"
                             + " ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")) {
                    ps.setString(1, e.getKey());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            FlowFailures f = e.getValue();
                            e.setValue(new FlowFailures(f.flowId(), f.retrying(), f.retryingSince(), f.nextAttempt(), f.dead(),
                                    f.lastDead(), rs.getString(1)));
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * An exchange of {@code flowId} succeeded: the letters its own source was going to poll again (PhotoShelter
     * holdOnFailure) are done - the source delivered them or will. Cheap when the flow has none (no query).
     */
    public void sourceRetried(String flowId) {
        try {
            if (!heldLoaded) {
                try (Connection c = dataSource.getConnection();
                     PreparedStatement ps = c.prepareStatement("SELECT DISTINCT route_id FROM dead_letters WHERE status = 'RETRYING'"
                             + " AND next_attempt_at IS NULL");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        heldFlows.add(rs.getString(1));
                    }
                }
                heldLoaded = true;
            }
            if (heldFlows.remove(flowId)) {
                try (Connection c = dataSource.getConnection();
                     PreparedStatement ps = c.prepareStatement("UPDATE dead_letters SET status = 'REPLAYED', replayed_at = ?"
                             + " WHERE route_id = ? AND status = 'RETRYING' AND next_attempt_at IS NULL")) {
                    ps.setTimestamp(1, Timestamp.from(Instant.now()));
                    ps.setString(2, flowId);
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            LOG.debug("could not settle letters retried by the source of {}: {}", flowId, e.getMessage());
        }
    }
}
