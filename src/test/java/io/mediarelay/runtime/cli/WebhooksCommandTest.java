package io.mediarelay.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.runtime.db.Database;
import io.mediarelay.webhook.OutboxEntry;
import io.mediarelay.webhook.WebhookBeans;
import io.mediarelay.webhook.WebhookOutbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mediarelay webhooks list|replay} against a real H2 outbox. */
class WebhooksCommandTest {
    @TempDir
    Path tmp;

    private String[] args(String... cmd) {
        List<String> a = new ArrayList<>(List.of(cmd));
        a.addAll(List.of("--config", TestRuntimes.PROJECT.resolve("config").toString()));
        for (Map.Entry<Object, Object> e : TestRuntimes.overrides(tmp).entrySet()) {
            a.add("--set");
            a.add(e.getKey() + "=" + e.getValue());
        }
        return a.toArray(String[]::new);
    }

    @Test
    void listsEventsAndReplaysADeadOne() {
        RuntimeConfig config = TestRuntimes.config(tmp);
        var ds = Database.dataSource(config.get("mediarelay.db.url"), config.get("mediarelay.db.user", ""),
                config.get("mediarelay.db.password", ""));
        Database.migrate(ds);
        WebhookOutbox outbox = WebhookBeans.outbox(config, ds, Clock.systemUTC());
        outbox.enqueue("license.expired", "L-9|expired", "gi-9", Map.of("licenseId", "L-9"));
        OutboxEntry e = outbox.list(null, 1).get(0);
        assertEquals(OutboxEntry.DEAD, outbox.failed(e, 500, "HTTP 500 from publishing", Instant.now().plus(Duration.ofDays(9))));

        CliBadInputTest.Result list = CliBadInputTest.run(args("webhooks", "list", "--status", "dead"));
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().contains(e.eventId()) && list.out().contains("HTTP 500 from publishing"), list.out());

        CliBadInputTest.Result replay = CliBadInputTest.run(args("webhooks", "replay", e.eventId()));
        assertEquals(0, replay.exit(), replay.err());
        assertEquals(OutboxEntry.PENDING, outbox.find(e.eventId()).orElseThrow().status());
        assertEquals(0, outbox.find(e.eventId()).orElseThrow().attempts());

        CliBadInputTest.Result unknown = CliBadInputTest.run(args("webhooks", "replay", "evt_nope"));
        assertEquals(1, unknown.exit());
        assertEquals("mediarelay: no webhook event evt_nope", unknown.err().trim());
    }
}
