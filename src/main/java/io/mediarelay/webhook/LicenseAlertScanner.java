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

import io.mediarelay.getty.CursorStore;
import io.mediarelay.license.Decision;
import io.mediarelay.license.LicenseRules;
import io.mediarelay.license.Verdict;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The license alert scan (bean {@code licenseAlertScanner}, route {@code gh8-license-alerts} on a quartz cron):
 * <ul>
 * <li>{@code license.expiring} once per license per lead time ({@code mediarelay.alerts.lead-days}); when a scan
 * finds several lead times already passed (a license added 5 days before its end), only the tightest is sent and
 * the wider ones are marked, because "expires in 30 days" would be wrong news;</li>
 * <li>{@code license.expired} once, the day after the inclusive end date;</li>
 * <li>{@code license.usage_limit_near} once, when used_count reaches the configured percentage of usage_limit;</li>
 * <li>{@code usage.violation} once per recorded usage event outside the license (channel, territory, dates,
 * restriction) or beyond its usage limit;</li>
 * <li>{@code license.digest} once per day with exactly the licenses due (expiring within the widest lead time,
 * or expired yesterday).</li>
 * </ul>
 * Exactly-once across restarts and nodes: the alert is claimed in {@code alerts_sent} (UNIQUE(license_id, kind))
 * and its webhook written to the outbox in the same transaction, so a crash leaves neither or both.
 */
public final class LicenseAlertScanner implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(LicenseAlertScanner.class);
    static final String USAGE_CURSOR = "gh8-license-alerts.usage-events";

    private final DataSource dataSource;
    private final WebhookOutbox outbox;
    private final LicenseRules rules;
    private final Clock clock;
    private final TreeSet<Integer> leadDays;
    private final int usageNearPercent;
    private final CursorStore cursors;

    public LicenseAlertScanner(DataSource dataSource, WebhookOutbox outbox, LicenseRules rules, Clock clock,
                               List<Integer> leadDays, int usageNearPercent) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.rules = rules;
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
                + " AND a.kind = 'expired') ORDER BY end_date, license_id", Date.valueOf(today.plusDays(leadDays.last())))) {
            String id = (String) l.get("license_id");
            String asset = (String) l.get("asset_id");
            LocalDate end = ((Date) l.get("end_date")).toLocalDate();
            long daysLeft = ChronoUnit.DAYS.between(today, end);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("licenseId", id);
            data.put("endDate", end.toString());
            if (daysLeft < 0) {
                raised += claim(id, "expired", "license.expired", asset, data);
                continue;
            }
            data.put("daysLeft", daysLeft);
            Integer tightest = leadDays.ceiling((int) daysLeft);
            for (int lead : leadDays.descendingSet()) {
                if (lead < daysLeft) {
                    continue;
                }
                data.put("leadDays", lead);
                raised += claim(id, "expiring-" + lead, lead == tightest ? "license.expiring" : null, asset, data);
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
            raised += claim((String) l.get("license_id"), "usage-limit-near", "license.usage_limit_near",
                    (String) l.get("asset_id"), data);
        }
        return raised;
    }

    /** Usage events since the last scan (cursor); the alerts_sent claim makes a rescan after a crash harmless. */
    private int violations() throws SQLException {
        long after = Long.parseLong(cursors.get(USAGE_CURSOR).orElse("0"));
        int raised = 0;
        long last = after;
        for (Map<String, Object> u : rows("SELECT u.id, u.asset_id, u.license_id, u.channel, u.territory, u.use_date,"
                + " u.quantity, l.usage_limit, l.used_count FROM usage_events u LEFT JOIN licenses l"
                + " ON l.license_id = u.license_id WHERE u.id > ? ORDER BY u.id", after)) {
            long id = ((Number) u.get("id")).longValue();
            last = id;
            String asset = (String) u.get("asset_id");
            LocalDate date = ((Date) u.get("use_date")).toLocalDate();
            Decision d = rules.decide(asset, (String) u.get("channel"), (String) u.get("territory"), date);
            Number limit = (Number) u.get("usage_limit");
            Number used = (Number) u.get("used_count");
            String reason = null;
            String code = d.code();
            // the rules count this use already (used_count includes it), so "limit reached" is not a violation here
            if (!d.allowed() && d.verdict() != Verdict.USAGE_LIMIT_REACHED) {
                reason = d.reason();
            } else if (limit != null && used != null && used.intValue() > limit.intValue()) {
                code = "USAGE_LIMIT_EXCEEDED";
                reason = "license " + u.get("license_id") + " allows " + limit + " uses, " + used + " recorded";
            }
            if (reason == null) {
                continue;
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("usageEventId", id);
            data.put("licenseId", u.get("license_id"));
            data.put("channel", u.get("channel"));
            data.put("territory", u.get("territory"));
            data.put("useDate", date.toString());
            data.put("code", code);
            data.put("reason", reason);
            String key = u.get("license_id") != null ? (String) u.get("license_id") : "asset:" + asset;
            raised += claim(key, "violation-" + id, "usage.violation", asset, data);
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
        return claim("*digest*", "digest-" + today, "license.digest", null, data);
    }

    /**
     * Claims (licenseId, kind) and enqueues its webhook in one transaction. {@code type == null}: claim only.
     * A lost claim (unique violation) rolls back: on PostgreSQL the transaction is unusable after it anyway.
     */
    private int claim(String licenseId, String kind, String type, String assetId, Map<String, Object> data)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                WebhookOutbox.update(c, "INSERT INTO alerts_sent (license_id, kind, sent_at) VALUES (?, ?, ?)",
                        licenseId, kind, WebhookOutbox.ts(clock.instant()));
                if (type != null) {
                    outbox.enqueue(c, type, licenseId + "|" + kind, assetId, new LinkedHashMap<>(data));
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
