package io.mediarelay.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.license.License;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.license.LicenseRules;
import io.mediarelay.license.UsageEvent;
import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestClock;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.sandbox.receiver.HttpReceiver;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 60 simulated days, the runtime restarted 3 times (same database), the scan run twice a day (a cron plus a
 * reload/rescan): every license is alerted exactly once per lead time, and each daily digest lists exactly the
 * licenses due that day.
 */
class LicenseAlertsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant START = Instant.parse("2026-01-01T07:00:00Z");
    static final LocalDate DAY0 = LocalDate.parse("2026-01-01");

    @TempDir
    Path data;
    TestClock clock = new TestClock(START);
    final Map<String, LocalDate> ends = new HashMap<>();

    @Test
    void sixtyDaysThreeRestartsEachLicenseAlertedOncePerLeadTime() throws Exception {
        List<JsonNode> publishing = new ArrayList<>();
        List<JsonNode> compliance = new ArrayList<>();
        int[][] segments = {{0, 14}, {15, 29}, {30, 44}, {45, 60}};
        long t0 = System.nanoTime();
        for (int s = 0; s < segments.length; s++) {
            try (MediarelayRuntime runtime = start()) {
                assertEquals(ServiceStatus.Started, runtime.context().getRouteController().getRouteStatus("gh8-license-alerts"),
                        "the cron route runs");
                if (s == 0) {
                    seed(runtime.context().getRegistry().lookupByNameAndType("licenseRegistry", LicenseRegistry.class));
                }
                LicenseAlertScanner scanner = runtime.context().getRegistry()
                        .lookupByNameAndType("licenseAlertScanner", LicenseAlertScanner.class);
                WebhookOutbox outbox = runtime.context().getRegistry().lookupByNameAndType("webhookOutbox", WebhookOutbox.class);
                for (int day = segments[s][0]; day <= segments[s][1]; day++) {
                    clock.advance(Duration.between(clock.instant(), START.plus(Duration.ofDays(day))));
                    scanner.scan();
                    assertEquals(0, scanner.scan(), "a second scan the same day raises nothing (day " + day + ")");
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> outbox.list("PENDING", 1).isEmpty());
                HttpReceiver receiver = runtime.embedded().find(HttpReceiver.class).orElseThrow();
                for (HttpReceiver.Received r : receiver.received("webhooks-publishing")) {
                    publishing.add(JSON.readTree(r.body()));
                }
                for (HttpReceiver.Received r : receiver.received("webhooks-compliance")) {
                    compliance.add(JSON.readTree(r.body()));
                }
            }
        }
        System.out.printf("[figures] 60 simulated days, 4 runtime starts, %d webhooks in %d ms%n", publishing.size(),
                (System.nanoTime() - t0) / 1_000_000);

        Map<String, Integer> alerts = new TreeMap<>();
        List<JsonNode> digests = new ArrayList<>();
        for (JsonNode e : publishing) {
            String type = e.get("type").asText();
            if (type.equals("license.digest")) {
                digests.add(e);
                continue;
            }
            String lead = e.get("data").has("leadDays") ? "-" + e.get("data").get("leadDays").asText() : "";
            alerts.merge(e.get("data").get("licenseId").asText() + " " + type + lead, 1, Integer::sum);
        }
        Map<String, Integer> expected = new TreeMap<>();
        for (String a : List.of("L-45 license.expiring-30", "L-45 license.expiring-7", "L-45 license.expiring-1",
                "L-45 license.expired", "L-5 license.expiring-7", "L-5 license.expiring-1", "L-5 license.expired",
                "L-20 license.expiring-30", "L-20 license.expiring-7", "L-20 license.expiring-1", "L-20 license.expired",
                "L-20 license.usage_limit_near", "L-T license.expiring-30", "L-T usage.violation")) {
            expected.put(a, 1);
        }
        assertEquals(expected, alerts, "each license alerted exactly once per lead time, nothing else");

        Set<String> digestDays = new TreeSet<>();
        for (JsonNode d : digests) {
            LocalDate date = LocalDate.parse(d.get("data").get("date").asText());
            assertTrue(digestDays.add(date.toString()), "one digest per day: " + date);
            assertEquals(due(date, false), ids(d.get("data").get("expiring")), "expiring in the digest of " + date);
            assertEquals(due(date, true), ids(d.get("data").get("expired")), "expired in the digest of " + date);
        }
        int daysWithSomethingDue = 0;
        for (int day = 0; day <= 60; day++) {
            LocalDate date = DAY0.plusDays(day);
            if (!due(date, false).isEmpty() || !due(date, true).isEmpty()) {
                daysWithSomethingDue++;
            }
        }
        assertEquals(daysWithSomethingDue, digestDays.size(), "a digest on every day something was due");
        assertEquals(publishing.size(), compliance.size(), "compliance subscribed to every alert type used here");
    }

    @Test
    void theQuartzCronRunsTheScan() throws Exception {
        Properties p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.alerts.cron", "0/1 * * * * ?");
        p.setProperty("mediarelay.http.poll-ms", "3600000");
        try (MediarelayRuntime runtime = new MediarelayRuntime(TestRuntimes.config(p)).start()) {
            LicenseRegistry registry = runtime.context().getRegistry().lookupByNameAndType("licenseRegistry", LicenseRegistry.class);
            LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
            registry.putLicense(License.of("L-cron", "getty", "asset-cron", Set.of("US"), Set.of("web"), today, today.plusDays(3)));
            WebhookOutbox outbox = runtime.context().getRegistry().lookupByNameAndType("webhookOutbox", WebhookOutbox.class);
            await().atMost(Duration.ofSeconds(15)).until(() -> outbox.list(null, 20).stream()
                    .anyMatch(e -> e.eventType().equals("license.expiring") && "asset-cron".equals(e.assetId())));
        }
    }

    private MediarelayRuntime start() throws Exception {
        Properties p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.webhooks.poll-ms", "50");
        p.setProperty("mediarelay.webhooks.change-scan-ms", "3600000");
        p.setProperty("mediarelay.http.poll-ms", "3600000");
        return new MediarelayRuntime(TestRuntimes.config(p)).withClock(clock).start();
    }

    private void seed(LicenseRegistry registry) {
        license(registry, "L-45", "asset-45", 45, null);
        license(registry, "L-5", "asset-5", 5, null);
        license(registry, "L-20", "asset-20", 20, 10);
        license(registry, "L-100", "asset-100", 100, null);
        license(registry, "L-T", "asset-T", 70, null);
        registry.putLicense(License.of("L-open", "getty", "asset-open", Set.of("WORLDWIDE"), Set.of("all"), DAY0, null));
        // decided when recorded (the FR use is refused: territory), the scanner only reports that verdict
        LicenseRules rules = new LicenseRules(registry);
        registry.recordDecided(new UsageEvent("asset-T", null, "web", "FR", DAY0, 1, null, "test"), rules);
        registry.recordDecided(new UsageEvent("asset-T", null, "web", "US", DAY0, 1, null, "test"), rules);
    }

    private void license(LicenseRegistry registry, String id, String asset, int endDay, Integer usageLimit) {
        LocalDate end = DAY0.plusDays(endDay);
        ends.put(id, end);
        License l = License.of(id, "getty", asset, Set.of("US"), Set.of("web"), DAY0.minusDays(10), end);
        registry.putLicense(usageLimit == null ? l : l.withUsage(usageLimit, 8));
    }

    /** The licenses a digest of {@code date} must list: ending within 30 days, or (expired) ended yesterday. */
    private Set<String> due(LocalDate date, boolean expired) {
        Set<String> out = new TreeSet<>();
        ends.forEach((id, end) -> {
            boolean match = expired ? end.equals(date.minusDays(1))
                    : !end.isBefore(date) && !end.isAfter(date.plusDays(30));
            if (match) {
                out.add(id);
            }
        });
        return out;
    }

    private static Set<String> ids(JsonNode list) {
        Set<String> out = new TreeSet<>();
        list.forEach(n -> out.add(n.get("licenseId").asText()));
        return out;
    }
}
