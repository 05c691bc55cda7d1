package io.mediarelay.runtime.deadletter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.runtime.health.FlowHealthCheck;
import io.mediarelay.runtime.health.FlowOutcomeNotifier;
import io.mediarelay.transfer.DeliveryHeaders;
import io.mediarelay.transfer.DeliveryRecorder;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.file.GenericFile;
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
                             Long payloadBytes, String failedAt, String status) {
    }

    private final DataSource dataSource;
    private final Path payloadDir;
    private final DeliveryRecorder deliveries;
    private final ObjectMapper json = new ObjectMapper();
    private final FlowHealthCheck health;

    public DeadLetterStore(DataSource dataSource, Path payloadDir) {
        this(dataSource, payloadDir, null);
    }

    public DeadLetterStore(DataSource dataSource, Path payloadDir, FlowHealthCheck health) {
        this.dataSource = dataSource;
        this.payloadDir = payloadDir;
        this.deliveries = new DeliveryRecorder(dataSource, null);
        this.health = health;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "unknown failure" : describe(cause);
        String routeId = io.mediarelay.runtime.FlowIdTagger.flowId(exchange);
        String from = exchange.getFromEndpoint() == null ? null : URISupport.sanitizeUri(exchange.getFromEndpoint().getEndpointUri());
        Path payload;
        try {
            payload = savePayload(exchange);
        } catch (IOException e) {
            // e.g. a download stream the failed step already closed: the message (headers: asset, source) is kept,
            // the bytes can be fetched again on replay; failing here would lose the whole dead letter
            payload = null;
            reason = reason + " (payload not kept: " + e.getMessage() + ")";
            LOG.warn("Dead letter payload not kept: {}", e.getMessage());
        }
        // an inbox file that was not delivered goes to .error with a reason, never to .done; the dead letter names it
        io.mediarelay.transfer.inbox.InboxFailure.refile(exchange, reason, routeId);
        long id = insert(exchange, routeId == null ? "unknown" : routeId, from, reason, cause, payload);
        if (exchange.getIn().getHeader(DeliveryHeaders.DESTINATION) != null
                && exchange.getIn().getHeader(DeliveryHeaders.ASSET_ID) != null
                && exchange.getIn().getHeader(DeliveryHeaders.REMOTE_PATH) != null) {
            deliveries.record(exchange, "FAILED", reason);
        }
        exchange.setProperty(FlowOutcomeNotifier.DEAD_LETTERED, id);
        if (health != null && routeId != null) {
            health.failed(routeId, "dead letter #" + id + ": " + reason);
        }
        LOG.error("Dead letter #{} from route {}: {}", id, routeId, reason);
    }

    private static String describe(Throwable cause) {
        String msg = cause.getMessage();
        String text = cause.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
        return URISupport.sanitizeUri(text);
    }

    private Path savePayload(Exchange exchange) throws IOException {
        Object body = exchange.getIn().getBody();
        if (body == null) {
            return null;
        }
        Files.createDirectories(payloadDir);
        Path target = payloadDir.resolve(UUID.randomUUID() + ".bin");
        try {
            return copyPayload(exchange, body, target);
        } catch (IOException e) {
            Files.deleteIfExists(target);
            throw e;
        }
    }

    private static Path copyPayload(Exchange exchange, Object body, Path target) throws IOException {
        if (body instanceof GenericFile<?> gf && gf.getFile() instanceof java.io.File f) {
            Files.copy(f.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } else if (body instanceof java.io.File f) {
            Files.copy(f.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } else if (body instanceof InputStream in) {
            try (in) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } else if (body instanceof byte[] bytes) {
            Files.write(target, bytes);
        } else {
            String text = exchange.getContext().getTypeConverter().tryConvertTo(String.class, exchange, body);
            Files.writeString(target, text == null ? String.valueOf(body) : text, StandardCharsets.UTF_8);
        }
        return target;
    }

    private long insert(Exchange exchange, String routeId, String from, String reason, Throwable cause, Path payload)
            throws SQLException, IOException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO dead_letters (route_id, from_endpoint, exchange_id,"
                     + " reason, exception_type, headers_json, payload_path, payload_bytes, failed_at, status, origin_route_id)"
                     + " VALUES (?,?,?,?,?,?,?,?,?,'NEW',?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, routeId);
            ps.setString(2, from);
            ps.setString(3, exchange.getExchangeId());
            ps.setString(4, reason.substring(0, Math.min(reason.length(), 4000)));
            ps.setString(5, cause == null ? null : cause.getClass().getName());
            ps.setString(6, json.writeValueAsString(safeHeaders(exchange)));
            ps.setString(7, payload == null ? null : payload.toString());
            if (payload == null) {
                ps.setNull(8, java.sql.Types.BIGINT);
            } else {
                ps.setLong(8, Files.size(payload));
            }
            ps.setTimestamp(9, Timestamp.from(Instant.now()));
            ps.setString(10, exchange.getFromRouteId());
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
                     + " payload_bytes, failed_at, status FROM dead_letters ORDER BY id DESC");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long bytes = rs.getLong(6);
                out.add(new DeadLetter(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.wasNull() ? null : bytes, rs.getTimestamp(7).toInstant().toString(),
                        rs.getString(8)));
            }
        }
        return out;
    }

    /** What replay needs of one dead letter: where it came from, its headers and payload. */
    public record Stored(long id, String routeId, String originRouteId, Map<String, String> headers, String payloadPath,
                         String status) {
    }

    /** One dead letter with its headers, or null. */
    public Stored find(long id) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT route_id, origin_route_id, headers_json, payload_path, status"
                     + " FROM dead_letters WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String headers = rs.getString(3);
                @SuppressWarnings("unchecked")
                Map<String, String> map = headers == null ? Map.of() : json.readValue(headers, LinkedHashMap.class);
                return new Stored(id, rs.getString(1), rs.getString(2), map, rs.getString(4), rs.getString(5));
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
}
