package io.mediarelay.transfer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.mediarelay.common.FlowIdTagger;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;

/**
 * Writes one row in {@code deliveries} for each completed delivery: flow, run, asset, license event,
 * destination, remote path, bytes, SHA-256, start and finish time, outcome. Portable SQL (H2 and PostgreSQL).
 */
public final class DeliveryRecorder implements Processor {

    /** A row of the deliveries table. */
    public record Delivery(long id, String flowId, String runId, String assetId, String destination,
                           String remotePath, Long bytes, String sha256, String outcome) {
    }

    private final DataSource dataSource;
    private final IdempotentRepository delivered;
    private final DeliveryClaims claims;

    public DeliveryRecorder(DataSource dataSource, IdempotentRepository delivered) {
        this(dataSource, delivered, null);
    }

    public DeliveryRecorder(DataSource dataSource, IdempotentRepository delivered, DeliveryClaims claims) {
        this.dataSource = dataSource;
        this.delivered = delivered;
        this.claims = claims;
    }

    /** Records a completed delivery and marks the asset version as delivered to its destination. */
    @Override
    public void process(Exchange exchange) throws SQLException {
        record(exchange, "DELIVERED", null);
        if (delivered != null) {
            delivered.add(DeliveryGuard.key(exchange));
        }
    }

    /** Records the exchange's delivery with the given outcome; used for failures by the dead-letter store. */
    public void record(Exchange exchange, String outcome, String detail) throws SQLException {
        // a DELIVERED row and its claim's DELIVERED state commit together: the claim is the cluster-wide mark
        DeliveryClaims.Result claim = "DELIVERED".equals(outcome) && claims != null ? DeliveryGuard.claimOf(exchange) : null;
        try (Connection c = dataSource.getConnection()) {
            if (claim == null) {
                insert(c, exchange, outcome, detail, null);
                return;
            }
            c.setAutoCommit(false);
            try {
                if (!claims.complete(c, claim.token())) {
                    // our lease lapsed mid-delivery and another instance took the claim over: it delivers too
                    org.slf4j.LoggerFactory.getLogger(DeliveryRecorder.class).error("Delivery claim of {} was taken over"
                            + " by another instance before this delivery completed (its renewals failed for a whole"
                            + " mediarelay.delivery.claim-lease, or the delivery outlived mediarelay.delivery.claim-max-hold)", DeliveryGuard.key(exchange));
                }
                insert(c, exchange, outcome, detail, claim.id());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static void insert(Connection c, Exchange exchange, String outcome, String detail, Long claimId)
            throws SQLException {
        var in = exchange.getIn();
        String started = in.getHeader(DeliveryHeaders.STARTED_AT, String.class);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO deliveries (flow_id, run_id, asset_id, asset_version,"
                     + " license_event, destination, remote_path, bytes, sha256, started_at, finished_at, outcome, detail,"
                     + " claim_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, FlowIdTagger.flowId(exchange) != null ? FlowIdTagger.flowId(exchange) : "unknown");
            ps.setString(2, in.getHeader(DeliveryHeaders.RUN_ID, exchange.getExchangeId(), String.class));
            ps.setString(3, required(in.getHeader(DeliveryHeaders.ASSET_ID, String.class), DeliveryHeaders.ASSET_ID));
            ps.setString(4, in.getHeader(DeliveryHeaders.ASSET_VERSION, "1", String.class));
            ps.setString(5, in.getHeader(DeliveryHeaders.LICENSE_EVENT, String.class));
            ps.setString(6, required(in.getHeader(DeliveryHeaders.DESTINATION, String.class), DeliveryHeaders.DESTINATION));
            ps.setString(7, required(in.getHeader(DeliveryHeaders.REMOTE_PATH, String.class), DeliveryHeaders.REMOTE_PATH));
            Long bytes = in.getHeader(DeliveryHeaders.BYTES, Long.class);
            if (bytes == null) {
                ps.setNull(8, Types.BIGINT);
            } else {
                ps.setLong(8, bytes);
            }
            ps.setString(9, in.getHeader(DeliveryHeaders.SHA256, String.class));
            Instant now = Instant.now();
            ps.setTimestamp(10, Timestamp.from(started != null ? Instant.parse(started) : now));
            ps.setTimestamp(11, Timestamp.from(now));
            ps.setString(12, outcome);
            ps.setString(13, detail == null ? null : detail.substring(0, Math.min(detail.length(), 2000)));
            if (claimId == null) {
                ps.setNull(14, Types.BIGINT);
            } else {
                ps.setLong(14, claimId);
            }
            ps.executeUpdate();
        }
    }

    private static String required(String value, String header) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("delivery record needs header " + header);
        }
        return value;
    }

    /** Every recorded delivery, oldest first. */
    public List<Delivery> all() throws SQLException {
        List<Delivery> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, flow_id, run_id, asset_id, destination, remote_path,"
                     + " bytes, sha256, outcome FROM deliveries ORDER BY id");
             var rs = ps.executeQuery()) {
            while (rs.next()) {
                long bytes = rs.getLong(7);
                out.add(new Delivery(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.wasNull() ? null : bytes, rs.getString(8), rs.getString(9)));
            }
        }
        return out;
    }
}
