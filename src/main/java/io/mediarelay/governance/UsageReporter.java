package io.mediarelay.governance;

import static io.mediarelay.common.Sql.bind;
import static io.mediarelay.common.Sql.update;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.mediarelay.getty.GettyApiException;
import io.mediarelay.getty.GettyConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Getty usage reporting from recorded {@code usage_events} (route {@code gh-usage-reporting}). Never double-counted:
 * <ol>
 *   <li>{@link #claimStep()}: in one transaction, up to {@code batchSize} (&le; 1000) unreported usage events of
 *       Getty assets are stamped with a new batch id and the batch row is written (CLAIMED). Nothing is sent yet.</li>
 *   <li>{@link #loadStep()}: the batch's events, read back by batch id, become the {@code getty:usage} body, the
 *       batch id its {@code GettyUsageBatchId}. The same batch always yields the same usages.</li>
 *   <li>{@link #markStep()}: REPORTED after Getty accepted it, or answered 409 (the id was already used: it was
 *       accepted before and the answer got lost).</li>
 * </ol>
 * A crash or 5xx between send and mark leaves the batch CLAIMED; the next run sends it again first, under the
 * same id with the same events, so Getty counts it once. An event belongs to exactly one batch forever.
 */
public final class UsageReporter {
    private static final Logger LOG = LoggerFactory.getLogger(UsageReporter.class);
    public static final String CLAIMED = "CLAIMED";
    public static final String REPORTED = "REPORTED";
    public static final String REJECTED = "REJECTED";
    /** Getty's cap per usage batch. */
    public static final int MAX_BATCH = 1000;
    // an event counts as Getty's when its asset or its license came from Getty
    private static final String GETTY_EVENT = "(EXISTS (SELECT 1 FROM assets a WHERE a.source = 'getty' AND a.asset_id = e.asset_id)"
            + " OR EXISTS (SELECT 1 FROM licenses l WHERE l.license_id = e.license_id AND l.source = 'getty'))";

    private final DataSource dataSource;
    private final Clock clock;
    private final ZoneId zone;
    private final int batchSize;
    private final int maxBatchesPerRun;

    public UsageReporter(DataSource dataSource, Clock clock, ZoneId zone, int batchSize, int maxBatchesPerRun) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.zone = zone;
        this.batchSize = Math.max(1, Math.min(MAX_BATCH, batchSize));
        this.maxBatchesPerRun = Math.max(1, maxBatchesPerRun);
    }

    /** Body := batch ids to send this run: unconfirmed (CLAIMED) ones first, then newly claimed ones. */
    public Processor claimStep() {
        return exchange -> exchange.getMessage().setBody(batchesToSend());
    }

    /** Body (a batch id) := its usages; header GettyUsageBatchId := the batch id. */
    public Processor loadStep() {
        return exchange -> {
            String batchId = exchange.getMessage().getBody(String.class);
            exchange.getMessage().setHeader(GettyConstants.USAGE_BATCH_ID, batchId);
            exchange.getMessage().setBody(usages(batchId));
            run("UPDATE usage_report_batches SET attempts = attempts + 1 WHERE batch_id = ?", batchId);
        };
    }

    /** After getty:usage answered: the batch is REPORTED (accepted now or, 409, earlier). */
    public Processor markStep() {
        return exchange -> {
            String batchId = exchange.getMessage().getHeader(GettyConstants.USAGE_BATCH_ID, String.class);
            boolean already = Boolean.TRUE.equals(exchange.getMessage().getHeader(GettyConstants.USAGE_ALREADY_REPORTED, Boolean.class));
            run("UPDATE usage_report_batches SET status = ?, outcome = ?, reported_at = ?, last_error = NULL"
                    + " WHERE batch_id = ? AND status = ?", REPORTED, already ? "already_reported" : "reported",
                    Timestamp.from(clock.instant()), batchId, CLAIMED);
            LOG.info("Getty usage batch {} {}", batchId, already ? "was already reported (409): counted once" : "reported");
        };
    }

    /**
     * Getty refused the batch as invalid (400, e.g. an asset id it does not know): sending it again cannot help, so
     * it is REJECTED with Getty's reason and its events stay with it for someone to look at.
     */
    public Processor rejectStep() {
        return exchange -> {
            String batchId = exchange.getMessage().getHeader(GettyConstants.USAGE_BATCH_ID, String.class);
            Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            String reason = e == null ? "rejected" : e.getMessage();
            run("UPDATE usage_report_batches SET status = ?, last_error = ? WHERE batch_id = ? AND status = ?", REJECTED,
                    reason == null ? null : reason.substring(0, Math.min(2000, reason.length())), batchId, CLAIMED);
            LOG.warn("Getty usage batch {} rejected: {}", batchId, reason);
        };
    }

    /** True for the errors {@link #rejectStep()} handles: a definite 4xx answer other than auth/throttling. */
    public static boolean isRejection(Throwable t) {
        return t instanceof GettyApiException g && g.getStatus() == 400;
    }

    List<String> batchesToSend() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = bind(c.prepareStatement("SELECT batch_id FROM usage_report_batches WHERE status = ?"
                     + " ORDER BY created_at, batch_id"), CLAIMED);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        while (ids.size() < maxBatchesPerRun) {
            String claimed = claim();
            if (claimed == null) {
                break;
            }
            ids.add(claimed);
        }
        return ids;
    }

    /** Claims the next batch; null when nothing is left to report. */
    String claim() throws SQLException {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Long> events = new ArrayList<>();
                int quantity = 0;
                // Getty refuses usage dates in the future: such events wait until their day
                try (PreparedStatement ps = bind(c.prepareStatement("SELECT e.id, e.quantity FROM usage_events e"
                        + " WHERE e.report_batch_id IS NULL AND e.use_date <= ? AND " + GETTY_EVENT
                        + " ORDER BY e.id FETCH FIRST " + batchSize + " ROWS ONLY"), java.sql.Date.valueOf(today));
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(rs.getLong(1));
                        quantity += rs.getInt(2);
                    }
                }
                if (events.isEmpty()) {
                    c.rollback();
                    return null;
                }
                String batchId = "mr-" + UUID.randomUUID();
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE usage_events SET report_batch_id = ? WHERE id = ? AND report_batch_id IS NULL")) {
                    for (Long id : events) {
                        ps.setString(1, batchId);
                        ps.setLong(2, id);
                        ps.addBatch();
                    }
                    for (int n : ps.executeBatch()) {
                        if (n != 1) {
                            // another node claimed some of them meanwhile: leave it to that node, try again next run
                            c.rollback();
                            return null;
                        }
                    }
                }
                update(c, "INSERT INTO usage_report_batches (batch_id, status, event_count, total_quantity, attempts,"
                        + " created_at) VALUES (?, ?, ?, ?, 0, ?)", batchId, CLAIMED, events.size(), quantity,
                        Timestamp.from(clock.instant()));
                c.commit();
                LOG.info("Getty usage batch {} claimed: {} events, quantity {}", batchId, events.size(), quantity);
                return batchId;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The batch's usages in event order: the same list on every attempt. */
    List<Map<String, Object>> usages(String batchId) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = bind(c.prepareStatement("SELECT asset_id, quantity, use_date FROM usage_events"
                     + " WHERE report_batch_id = ? ORDER BY id"), batchId);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> u = new LinkedHashMap<>();
                u.put("asset_id", rs.getString(1));
                u.put("quantity", rs.getInt(2));
                u.put("usage_date", rs.getDate(3).toLocalDate().toString());
                out.add(u);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("usage batch " + batchId + " has no events");
        }
        return out;
    }

    private void run(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            update(c, sql, args);
        }
    }

}
