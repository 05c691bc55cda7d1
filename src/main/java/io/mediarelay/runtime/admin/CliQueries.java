package io.mediarelay.runtime.admin;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.getty.GettyConfiguration;
import io.mediarelay.getty.GettyHttpClient;
import io.mediarelay.getty.LicenseEvent;
import io.mediarelay.getty.LicenseEventRepository;
import io.mediarelay.license.Decision;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.license.LicenseRules;
import io.mediarelay.plan.FlowPlan;
import io.mediarelay.plan.FlowPlanner;
import io.mediarelay.webhook.OutboxEntry;
import io.mediarelay.webhook.WebhookBeans;
import org.apache.camel.CamelContext;

/**
 * The read queries behind {@code licenses}, {@code licenses check}, {@code webhooks list} and {@code plan}, in one place
 * for both callers: the CLI when it can open the database file, and the admin API when a runtime holds the file
 * (H2 never listens on the network). The CLI prints either result with the same formatter, so the output is the same.
 * Bad input is an {@link IllegalArgumentException} (CLI exit 2, admin API 400).
 */
public final class CliQueries {
    /** The JSON both sides use: ISO instants, unknown fields ignored (a newer runtime may send more). */
    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private CliQueries() {
    }

    /** One of the queries below, run against whichever database the caller can open. */
    @FunctionalInterface
    public interface Query<T> {
        T run(DataSource ds) throws Exception;
    }

    /** License events, newest first when unfiltered; the signed download URI is dropped (never printed or sent). */
    public static List<LicenseEvent> licenses(DataSource ds, String status, String asset, int limit) {
        String wanted = status == null || status.isBlank() ? null : status.trim().toUpperCase(Locale.ROOT);
        if (wanted != null && !List.of(LicenseEvent.PENDING, LicenseEvent.LICENSED, LicenseEvent.UNCERTAIN).contains(wanted)) {
            throw new IllegalArgumentException("--status must be PENDING, LICENSED or UNCERTAIN, got '" + status + "'");
        }
        LicenseEventRepository repo = new LicenseEventRepository(ds);
        List<LicenseEvent> events;
        if (asset != null && !asset.isBlank()) {
            events = repo.listByAsset(asset.trim()).stream().filter(e -> wanted == null || wanted.equals(e.status())).toList();
        } else if (wanted != null) {
            events = repo.listByStatus(wanted);
        } else {
            events = repo.list(limit);
        }
        return events.stream().limit(Math.max(limit, 0)).map(e -> new LicenseEvent(e.id(), e.requestKey(), e.assetId(),
                e.assetType(), e.productId(), e.productType(), null, e.status(), e.claimedAt(), e.licensedAt(),
                e.uriExpiresAt(), e.licenseCount(), e.detail())).toList();
    }

    /** What the license gate would decide for this use (nothing recorded); {@code day} null = today in the license zone. */
    public static Decision check(RuntimeConfig config, DataSource ds, String asset, String channel, String territory,
                                 LocalDate day, int quantity) {
        LocalDate when = day != null ? day : LocalDate.now(ZoneId.of(config.get("mediarelay.license.zone", "UTC")));
        return new LicenseRules(new LicenseRegistry(ds), LicenseRules.table(config)).decide(asset.trim(), channel,
                territory, when, quantity);
    }

    /** Webhook outbox rows, oldest first; {@code status} null = all. */
    public static List<OutboxEntry> webhooks(RuntimeConfig config, DataSource ds, String status, int limit) {
        return WebhookBeans.outbox(config, ds, Clock.systemUTC())
                .list(status == null || status.isBlank() ? null : status.toUpperCase(Locale.ROOT), limit);
    }

    /** Dry run of a Getty -> FTP flow; {@code camel} only evaluates the flow's simple expressions. */
    public static FlowPlan plan(RuntimeConfig config, DataSource ds, GettyConfiguration getty, CamelContext camel,
                                String flow) throws Exception {
        return new FlowPlanner(config, ds, new GettyHttpClient(getty), camel, Clock.systemUTC()).plan(flow);
    }
}
