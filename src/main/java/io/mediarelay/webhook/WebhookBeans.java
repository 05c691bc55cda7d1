package io.mediarelay.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import javax.sql.DataSource;

import io.mediarelay.config.RuntimeConfig;

/**
 * Builds the GH8 beans from configuration and binds them, so MediarelayRuntime needs one line for all of them:
 * {@code webhookOutbox}, {@code webhookDispatcher}, {@code licenseAlertScanner}, {@code registryChangeScanner}.
 */
public final class WebhookBeans {
    private WebhookBeans() {
    }

    public static WebhookOutbox outbox(RuntimeConfig config, DataSource ds, Clock clock) {
        WebhookReceivers receivers;
        try {
            receivers = WebhookReceivers.from(config.properties());
        } catch (IllegalArgumentException e) {
            throw new io.mediarelay.config.ConfigException(e.getMessage(), e);
        }
        return new WebhookOutbox(ds, receivers, clock,
                Duration.parse(config.get("mediarelay.webhooks.retry-budget", "PT48H")));
    }

    public static void bind(BiConsumer<String, Object> bind, RuntimeConfig config, DataSource ds, Clock clock) {
        WebhookOutbox outbox = outbox(config, ds, clock);
        WebhookDispatcher.Settings settings = new WebhookDispatcher.Settings(
                Duration.ofMillis(config.getInt("mediarelay.webhooks.connect-timeout-ms", 5000)),
                Duration.ofMillis(config.getInt("mediarelay.webhooks.read-timeout-ms", 10000)),
                Duration.ofMillis(config.getInt("mediarelay.webhooks.initial-backoff-ms", 30000)),
                Duration.ofMillis(config.getInt("mediarelay.webhooks.max-backoff-ms", 1_800_000)),
                config.getInt("mediarelay.webhooks.batch-size", 50));
        bind.accept("webhookOutbox", outbox);
        bind.accept("webhookDispatcher", new WebhookDispatcher(outbox, clock, settings));
        bind.accept("registryChangeScanner", new RegistryChangeScanner(ds, outbox, clock));
        bind.accept("licenseAlertScanner", new LicenseAlertScanner(ds, outbox, clock,
                leadDays(config.get("mediarelay.alerts.lead-days", "30,7,1")),
                config.getInt("mediarelay.alerts.usage-near-percent", 80)));
    }

    static List<Integer> leadDays(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                try {
                    out.add(Integer.parseInt(s.trim()));
                } catch (NumberFormatException e) {
                    throw new io.mediarelay.config.ConfigException(
                            "mediarelay.alerts.lead-days must be day counts like 30,7,1, not " + csv, e);
                }
            }
        }
        return out;
    }
}
