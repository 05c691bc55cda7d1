package io.mediarelay.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestClock;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.sandbox.receiver.HttpReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GH8 delivery against the real embedded HTTP receiver and a real H2: outages, 500s and timeouts, with the clock
 * moved by hand so that minutes of backoff take milliseconds.
 */
class WebhookDeliveryTest {
    static final String PUBLISHING = "webhooks-publishing";
    static final String COMPLIANCE = "webhooks-compliance";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    MediarelayRuntime runtime;
    TestClock clock = new TestClock(Instant.parse("2026-03-01T08:00:00Z"));
    HttpReceiver receiver;
    WebhookOutbox outbox;

    @BeforeEach
    void start() throws Exception {
        Properties p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.webhooks.poll-ms", "50");
        p.setProperty("mediarelay.webhooks.initial-backoff-ms", "60000");
        p.setProperty("mediarelay.webhooks.max-backoff-ms", "300000");
        p.setProperty("mediarelay.webhooks.retry-budget", "PT1H");
        p.setProperty("mediarelay.webhooks.connect-timeout-ms", "1000");
        p.setProperty("mediarelay.webhooks.read-timeout-ms", "800");
        p.setProperty("mediarelay.http.poll-ms", "3600000");
        runtime = new MediarelayRuntime(TestRuntimes.config(p)).withClock(clock).start();
        receiver = runtime.embedded().find(HttpReceiver.class).orElseThrow();
        outbox = runtime.context().getRegistry().lookupByNameAndType("webhookOutbox", WebhookOutbox.class);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void receiverDownTenMinutesThenUpGetsEveryEventOnceInOrderPerAssetSigned() throws Exception {
        receiver.setFault(PUBLISHING, 500, 0);
        receiver.setFault(COMPLIANCE, 503, 0);
        List<String> enqueued = new ArrayList<>();
        String[] assets = {"A", "B", "A", "C", "A", "B", null, "C", "A"};
        for (int i = 0; i < assets.length; i++) {
            String type = i % 2 == 0 ? "asset.updated" : "usage.violation";
            outbox.enqueue(type, "k" + i, assets[i], Map.of("seq", i));
            enqueued.add("k" + i);
        }
        assertEquals(0, outbox.enqueue("asset.updated", "k0", "A", Map.of("seq", 0)), "same fact twice: no-op");
        // the first attempt fails at once; then 10 simulated minutes down, the dispatcher polling every 50 ms
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.list("PENDING", 1).get(0).attempts() >= 1);
        for (int step = 0; step < 20; step++) {
            clock.advance(Duration.ofSeconds(30));
            Thread.sleep(150);
        }
        List<OutboxEntry> forA = outbox.list("PENDING", 100).stream()
                .filter(e -> e.receiver().equals("publishing") && "A".equals(e.assetId())).toList();
        assertTrue(forA.get(0).attempts() >= 3, "the head event of A retried with backoff: " + forA.get(0).attempts());
        assertTrue(forA.stream().skip(1).allMatch(e -> e.attempts() == 0), "later events of A wait behind it");
        int attemptsWhileDown = outbox.list(null, 100).stream().mapToInt(OutboxEntry::attempts).sum();
        assertTrue(attemptsWhileDown >= 4, "retried while down: " + attemptsWhileDown);
        assertEquals(0, receiver.received(PUBLISHING).size());
        assertTrue(outbox.list("PENDING", 100).stream().allMatch(e -> e.attempts() == 0
                || e.lastError() != null && e.lastError().startsWith("HTTP 50")), "failures recorded with their reason");

        receiver.setFault(PUBLISHING, 200, 0);
        receiver.setFault(COMPLIANCE, 200, 0);
        long upAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            clock.advance(Duration.ofSeconds(30));
            return outbox.list("PENDING", 100).isEmpty();
        });
        System.out.printf("[figures] outage drained in %d ms wall clock, %d attempts while down%n",
                (System.nanoTime() - upAt) / 1_000_000, attemptsWhileDown);

        List<HttpReceiver.Received> got = receiver.received(PUBLISHING);
        assertEquals(assets.length, got.size(), "every event once");
        assertEquals(assets.length, got.stream().map(r -> r.headers().get("x-mediarelay-event-id")).distinct().count());
        Map<String, List<Integer>> perAsset = new HashMap<>();
        for (HttpReceiver.Received r : got) {
            String ts = r.headers().get("x-mediarelay-timestamp");
            assertTrue(WebhookSigner.verify("sandbox-webhook-secret-publishing", ts, r.body(),
                    r.headers().get("x-mediarelay-signature")), "signature verifies with the receiver's secret");
            assertTrue(!WebhookSigner.verify("wrong-secret", ts, r.body(), r.headers().get("x-mediarelay-signature")));
            JsonNode body = JSON.readTree(r.body());
            assertEquals(r.headers().get("x-mediarelay-event-id"), body.get("id").asText());
            perAsset.computeIfAbsent(body.get("assetId").asText("-"), k -> new ArrayList<>())
                    .add(body.get("data").get("seq").asInt());
        }
        for (List<Integer> seqs : perAsset.values()) {
            List<Integer> sorted = new ArrayList<>(seqs);
            sorted.sort(Integer::compare);
            assertEquals(sorted, seqs, "in order per asset: " + perAsset);
        }
        // the compliance receiver only wants license/usage events
        Set<String> complianceTypes = receiver.received(COMPLIANCE).stream()
                .map(r -> r.headers().get("x-mediarelay-event-type")).collect(Collectors.toSet());
        assertEquals(Set.of("usage.violation"), complianceTypes);
    }

    @Test
    void receiverAnswering500IsDeadAfterBudgetAndReplayDelivers() throws Exception {
        receiver.setFault(PUBLISHING, 500, 0);
        outbox.enqueue("asset.updated", "dead-1", "X", Map.of("n", 1));
        outbox.enqueue("asset.updated", "dead-2", "X", Map.of("n", 2));
        String first = outbox.list(null, 10).get(0).eventId();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            clock.advance(Duration.ofMinutes(5));
            return outbox.find(first).orElseThrow().status().equals(OutboxEntry.DEAD);
        });
        OutboxEntry dead = outbox.find(first).orElseThrow();
        assertEquals(500, dead.lastStatus());
        assertTrue(dead.attempts() >= 3, "retried with backoff before giving up: " + dead.attempts());
        // the dead event no longer holds back the next event of the same asset
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            clock.advance(Duration.ofMinutes(5));
            return outbox.list("DEAD", 10).size() == 2;
        });
        receiver.setFault(PUBLISHING, 200, 0);
        assertTrue(outbox.replay(first));
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.find(first).orElseThrow().status().equals("DELIVERED"));
        assertEquals(1, receiver.received(PUBLISHING).size());
    }

    @Test
    void receiverThatHangsIsCutOffByTheReadTimeoutAndRetried() throws Exception {
        receiver.setFault(COMPLIANCE, 200, 5000);
        outbox.enqueue("license.expired", "slow-1", "S", Map.of("n", 1));
        String id = outbox.list(null, 10).stream().filter(e -> e.receiver().equals("compliance")).findFirst()
                .orElseThrow().eventId();
        long t0 = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> outbox.find(id).orElseThrow().attempts() >= 1
                && outbox.find(id).orElseThrow().lastError() != null);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        OutboxEntry e = outbox.find(id).orElseThrow();
        assertTrue(e.lastError().contains("timeout"), e.lastError());
        assertTrue(ms < 4000, "the call was cut off by the 800 ms read timeout, not the 5 s answer: " + ms);
        receiver.setFault(COMPLIANCE, 200, 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            clock.advance(Duration.ofMinutes(1));
            return outbox.find(id).orElseThrow().status().equals("DELIVERED");
        });
        // the receiver may have recorded the late answer too: receivers dedupe by event id, which is stable
        assertTrue(receiver.received(COMPLIANCE).stream().allMatch(r -> r.headers().get("x-mediarelay-event-id").equals(id)));
        System.out.printf("[figures] hung receiver cut off after %d ms%n", ms);
    }

    @Test
    void registryChangesBecomeWebhooksOnceAndCreationIsSilent() throws Exception {
        var registry = runtime.context().getRegistry().lookupByNameAndType("licenseRegistry",
                io.mediarelay.license.LicenseRegistry.class);
        var scanner = runtime.context().getRegistry().lookupByNameAndType("registryChangeScanner",
                RegistryChangeScanner.class);
        var day = java.time.LocalDate.parse("2026-03-01");
        registry.upsertAsset(new io.mediarelay.license.Asset("getty", "gi-1", "Old title", "Ann", "Getty", null, "creative", null));
        var license = io.mediarelay.license.License.of("L-1", "getty", "gi-1", Set.of("US"), Set.of("web"), day, day.plusDays(30));
        registry.putLicense(license);
        assertEquals(0, scanner.scan(), "creation is not a change");
        registry.upsertAsset(new io.mediarelay.license.Asset("getty", "gi-1", "New title", "Ann", "Getty", null, "creative", null));
        registry.putLicense(license); // re-import with identical terms
        assertEquals(1, scanner.scan(), "asset.updated only");
        registry.putLicense(io.mediarelay.license.License.of("L-1", "getty", "gi-1", Set.of("US", "CA"), Set.of("web"), day,
                day.plusDays(60)));
        try (var c = runtime.dataSource().getConnection(); var ps = c.prepareStatement("INSERT INTO deliveries (flow_id,"
                + " asset_id, destination, remote_path, bytes, sha256, started_at, finished_at, outcome)"
                + " VALUES ('gf1', 'gi-1', 'partner-ftp', 'out/gi-1.jpg', 10, 'abc', ?, ?, 'DELIVERED')")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(clock.instant()));
            ps.setTimestamp(2, java.sql.Timestamp.from(clock.instant()));
            ps.executeUpdate();
        }
        assertEquals(2, scanner.scan(), "usage.terms_changed and delivery.completed");
        assertEquals(0, scanner.scan(), "nothing twice");
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            clock.advance(Duration.ofSeconds(30)); // a slow first call (cold JVM) is retried after its backoff
            return receiver.received(PUBLISHING).size() == 3 && receiver.received(COMPLIANCE).size() == 1;
        });
        List<String> types = receiver.received(PUBLISHING).stream().map(r -> r.headers().get("x-mediarelay-event-type")).toList();
        List<String> enqueued = outbox.list(null, 10).stream().filter(e -> e.receiver().equals("publishing"))
                .map(OutboxEntry::eventType).toList();
        assertEquals(Set.of("asset.updated", "usage.terms_changed", "delivery.completed"), Set.copyOf(types));
        assertEquals(enqueued, types, "delivered in outbox order for asset gi-1");
        JsonNode delivered = JSON.readTree(receiver.received(PUBLISHING).get(types.indexOf("delivery.completed")).body());
        JsonNode terms = JSON.readTree(receiver.received(COMPLIANCE).get(0).body());
        assertEquals("usage.terms_changed", terms.get("type").asText());
        assertEquals("CA,US", String.join(",", new java.util.TreeSet<>(List.of(terms.get("data").get("territories").asText().split(",")))));
        assertEquals("out/gi-1.jpg", delivered.get("data").get("remotePath").asText());
    }
}
