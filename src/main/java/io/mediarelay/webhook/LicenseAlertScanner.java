package io.mediarelay.webhook;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import javax.sql.DataSource;

import io.mediarelay.connector.CursorStore;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.license.Verdict;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The license alert scan (bean {@code licenseAlertScanner}, route {@code gh8-license-alerts} on a quartz cron):
 * <ul>
 * <li>{@code license.expiring} once per license term (end date) per lead time ({@code mediarelay.alerts.lead-days}); when a scan
 * finds several lead times already passed (a license added 5 days before its end), only the tightest is sent and
 * the wider ones are marked, because "expires in 30 days" would be wrong news;</li>
 * <li>{@code license.expired} once per term, the day after the inclusive end date; a renewal (new end date under the
 * same license id) re-arms both (docs/GOVERNANCE.md R5);</li>
 * <li>{@code license.usage_limit_near} once, when used_count reaches the configured percentage of usage_limit;</li>
 * <li>{@code usage.violation} once per recorded usage event whose verdict, decided when it was recorded
 * (docs/GOVERNANCE.md R3), was a refusal; the webhook states that verdict and its reason. Old events are never
 * judged again against today's counts or terms;</li>
 * <li>{@code license.digest} once per day with exactly the licenses due (expiring within the widest lead time,
 * or expired yesterday).</li>
 * </ul>
 * Exactly-once across restarts and nodes: the alert is claimed in {@code alerts_sent} (UNIQUE(license_id, kind, term_end))
 * and its webhook written to the outbox in the same transaction, so a crash leaves neither or both.
 */
public final class LicenseAlertScanner implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(LicenseAlertScanner.class);
    static final String USAGE_CURSOR = "gh8-license-alerts.usage-events";

    private final DataSource dataSource;
    private final WebhookOutbox outbox;
    private final Clock clock;
    private final TreeSet<Integer> leadDays;
    private final int usageNearPercent;
    private final CursorStore cursors;

    public LicenseAlertScanner(DataSource dataSource, WebhookOutbox outbox, Clock clock,
                               List<Integer> leadDays, int usageNearPercent) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.clock = clock;
        this.leadDays = new TreeSet<>(leadDays);
        this.usageNearPercent = usageNearPercent;
        this.cursors = new CursorStore(dataSource);
        if (this.leadDays.isEmpty() || this.leadDays.first() < 0) {
            throw new IllegalArgumentException("mediarelay.alerts.lead-days needs non-negative day counts, got " + leadDays);
        }
    }

    @Override
    public void process(Exchange exchange) throws SQLException {
        exchange.getMessage().setBody(scan());
    }

    /** One scan; returns the number of alerts raised (for the log line and tests). */
    public int scan() throws SQLException {
        LocalDate today = LocalDate.now(clock);
        int raised = expiry(today) + usageLimits() + violations() + digest(today);
        LOG.info("License alert scan for {}: {} alert(s)", today, raised);
        return raised;
    }

    private int expiry(LocalDate today) throws SQLException {
        int raised = 0;
        for (Map<String, Object> l : rows("SELECT license_id, asset_id, end_date FROM licenses WHERE end_date IS NOT NULL"
                + " AND end_date <= ? AND NOT EXISTS (SELECT 1 FROM alerts_sent a WHERE a.license_id = licenses.license_id"
                + " AND a.kind = 'expired' AND a.term_end = licenses.end_date) ORDER BY end_date, license_id", Date.valueOf(today.plusDays(leadDays.last())))) {
            String id = (String) l.get("license_id");
            String asset = (String) l.get("asset_id");
            LocalDate end = ((Date) l.get("end_date")).toLocalDate();
            long daysLeft = ChronoUnit.DAYS.between(today, end);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("licenseId", id);
            data.put("endDate", end.toString());
            if (daysLeft < 0) {
                raised += claim(id, "expired", end, "license.expired", asset, data);
                continue;
            }
            data.put("daysLeft", daysLeft);
            Integer tightest = leadDays.ceiling((int) daysLeft);
            for (int lead : leadDays.descendingSet()) {
                if (lead < daysLeft) {
                    continue;
                }
                data.put("leadDays", lead);
                raised += claim(id, "expiring-" + lead, end, lead == tightest ? "license.expiring" : null, asset, data);
            }
        }
        return raised;
    }

    private int usageLimits() throws SQLException {
        int raised = 0;
        for (Map<String, Object> l : rows("SELECT license_id, asset_id, usage_limit, used_count FROM licenses"
                + " WHERE usage_limit IS NOT NULL AND used_count * 100 >= usage_limit * ?", usageNearPercent)) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("licenseId", l.get("license_id"));
            data.put("usageLimit", l.get("usage_limit"));
            data.put("usedCount", l.get("used_count"));
            raised += claim((String) l.get("license_id"), "usage-limit-near", null, "license.usage_limit_near",
                    (String) l.get("asset_id"), data);
        }
        return raised;
    }

    /**
     * Usage events since the last scan (cursor) whose recorded verdict was a refusal; the alerts_sent claim makes a
     * rescan after a crash harmless. The verdict is the one made when the use was recorded: nothing is re-judged.
     */
    private int violations() throws SQLException {
        long after = Long.parseLong(cursors.get(USAGE_CURSOR).orElse("0"));
        int raised = 0;
        long last = after;
        for (Map<String, Object> u : rows("SELECT id, asset_id, license_id, channel, territory, use_date, quantity,"
                + " verdict, reason FROM usage_events WHERE id > ? ORDER BY id", after)) {
            long id = ((Number) u.get("id")).longValue();
            last = id;
            String verdict = (String) u.get("verdict");
            if (verdict == null || Verdict.ALLOWED.name().equals(verdict)) {
                continue;
            }
            String asset = (String) u.get("asset_id");
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("usageEventId", id);
            data.put("licenseId", u.get("license_id"));
            data.put("channel", u.get("channel"));
            data.put("territory", u.get("territory"));
            data.put("useDate", ((Date) u.get("use_date")).toLocalDate().toString());
            data.put("quantity", u.get("quantity"));
            data.put("code", verdict);
            data.put("reason", u.get("reason"));
            String key = u.get("license_id") != null ? (String) u.get("license_id") : "asset:" + asset;
            raised += claim(key, "violation-" + id, null, "usage.violation", asset, data);
        }
        if (last > after) {
            cursors.put(USAGE_CURSOR, Long.toString(last));
        }
        return raised;
    }

    private int digest(LocalDate today) throws SQLException {
        List<Map<String, Object>> expiring = new ArrayList<>();
        List<Map<String, Object>> expired = new ArrayList<>();
        for (Map<String, Object> l : rows("SELECT license_id, asset_id, end_date FROM licenses WHERE end_date >= ?"
                + " AND end_date <= ? ORDER BY end_date, license_id", Date.valueOf(today.minusDays(1)),
                Date.valueOf(today.plusDays(leadDays.last())))) {
            LocalDate end = ((Date) l.get("end_date")).toLocalDate();
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("licenseId", l.get("license_id"));
            item.put("assetId", l.get("asset_id"));
            item.put("endDate", end.toString());
            item.put("daysLeft", ChronoUnit.DAYS.between(today, end));
            (end.isBefore(today) ? expired : expiring).add(item);
        }
        if (expiring.isEmpty() && expired.isEmpty()) {
            return 0;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("date", today.toString());
        data.put("expiring", expiring);
        data.put("expired", expired);
        return claim("*digest*", "digest-" + today, null, "license.digest", null, data);
    }

    /**
     * Claims (licenseId, kind) and enqueues its webhook in one transaction. {@code type == null}: claim only.
     * A lost claim (unique violation) rolls back: on PostgreSQL the transaction is unusable after it anyway.
     */
    private int claim(String licenseId, String kind, LocalDate termEnd, String type, String assetId,
                      Map<String, Object> data) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                WebhookOutbox.update(c, "INSERT INTO alerts_sent (license_id, kind, sent_at, term_end) VALUES (?, ?, ?, ?)",
                        licenseId, kind, WebhookOutbox.ts(clock.instant()),
                        termEnd == null ? LicenseRegistry.NO_TERM : Date.valueOf(termEnd));
                if (type != null) {
                    String key = licenseId + "|" + kind + (termEnd == null ? "" : "|" + termEnd);
                    outbox.enqueue(c, type, key, assetId, new LinkedHashMap<>(data));
                }
                c.commit();
                return type == null ? 0 : 1;
            } catch (SQLException e) {
                c.rollback();
                if (WebhookOutbox.isUniqueViolation(e)) {
                    return 0;
                }
                throw e;
            }
        }
    }

    private List<Map<String, Object>> rows(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = WebhookOutbox.bind(c.prepareStatement(sql), args);
             ResultSet rs = ps.executeQuery()) {
            List<Map<String, Object>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= n; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        }
    }
}
