package io.mediarelay.runtime.cli;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.type.TypeReference;
import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.runtime.admin.CliQueries;
import io.mediarelay.webhook.OutboxEntry;
import io.mediarelay.webhook.WebhookBeans;
import io.mediarelay.webhook.WebhookOutbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code mediarelay webhooks list|replay}: the webhook outbox, read and re-queued in the database directly; while a
 * runtime holds the database, {@code list} asks its admin API instead ({@code replay} needs the file).
 */
@Command(name = "webhooks", description = "List webhook events or replay one.",
        subcommands = {WebhooksCommand.ListCommand.class, WebhooksCommand.ReplayCommand.class})
final class WebhooksCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    static WebhookOutbox open(MediarelayCli.ConfigOptions options) {
        RuntimeConfig config = options.load();
        var ds = CliDatabase.open(config);
        return WebhookBeans.outbox(config, ds, Clock.systemUTC());
    }

    @Command(name = "list", description = "Webhook events, oldest first (default: all statuses).")
    static final class ListCommand implements Callable<Integer> {
        @CommandLine.Mixin
        MediarelayCli.ConfigOptions options = new MediarelayCli.ConfigOptions();

        @Option(names = "--status", description = "PENDING, DELIVERED or DEAD")
        String status;

        @Option(names = "--limit", defaultValue = "200", description = "At most this many rows (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() throws Exception {
            RuntimeConfig config = options.load();
            List<OutboxEntry> entries = FromDatabaseOrRuntime.read(config,
                    ds -> CliQueries.webhooks(config, ds, status, limit),
                    FromDatabaseOrRuntime.path("/admin/webhooks", "status", status, "limit", limit),
                    new TypeReference<List<OutboxEntry>>() { });
            System.out.printf("%-36s %-24s %-14s %-20s %-9s %-3s %-24s %s%n", "EVENT ID", "TYPE", "RECEIVER", "ASSET",
                    "STATUS", "TRY", "NEXT/DELIVERED", "LAST ERROR");
            for (OutboxEntry e : entries) {
                System.out.printf("%-36s %-24s %-14s %-20s %-9s %-3d %-24s %s%n", e.eventId(), e.eventType(),
                        e.receiver(), e.assetId() == null ? "-" : e.assetId(), e.status(), e.attempts(),
                        e.deliveredAt() != null ? e.deliveredAt() : e.nextAttemptAt(),
                        e.lastError() == null ? "" : e.lastError());
            }
            return 0;
        }
    }

    @Command(name = "replay", description = "Queue an event again (e.g. DEAD after its retry budget), with a fresh budget.")
    static final class ReplayCommand implements Callable<Integer> {
        @CommandLine.Mixin
        MediarelayCli.ConfigOptions options = new MediarelayCli.ConfigOptions();

        @Parameters(paramLabel = "EVENT_ID")
        String eventId;

        @Override
        public Integer call() {
            if (!open(options).replay(eventId)) {
                System.err.println("mediarelay: no webhook event " + eventId);
                return 1;
            }
            System.out.println("queued " + eventId + " for delivery");
            return 0;
        }
    }
}
