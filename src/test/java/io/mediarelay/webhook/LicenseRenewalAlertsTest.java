package io.mediarelay.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.license.License;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.runtime.TestClock;
import io.mediarelay.runtime.db.Database;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 finding 5: alerts per license term. A license that expired and is then renewed under the same id (a new
 * end date, as a PhotoShelter re-import does) must alert again for every lead time and its new expiry; before, the
 * claims in alerts_sent were per (license, kind) and the renewed license stayed silent forever.
 */
class LicenseRenewalAlertsTest {
    static final Instant START = Instant.parse("2026-03-01T06:00:00Z");
    static final LocalDate DAY0 = LocalDate.parse("2026-03-01");

    @Test
    void aRenewalReArmsEveryLeadTimeAndTheExpiry() throws Exception {
        DataSource ds = Database.inMemory("renewal-" + UUID.randomUUID());
        Database.migrate(ds);
        TestClock clock = new TestClock(START);
        LicenseRegistry registry = new LicenseRegistry(ds, clock);
        WebhookOutbox outbox = new WebhookOutbox(ds, new WebhookReceivers(List.of(new WebhookReceivers.Receiver(
                "ops", "http://127.0.0.1:9/none", "s3cret", Set.of()))), clock, Duration.ofHours(48));
        LicenseAlertScanner scanner = new LicenseAlertScanner(ds, outbox, clock, List.of(30, 7, 1), 80);

        registry.putLicense(License.of("photoshelter-M1", "photoshelter", "M1", Set.of("WORLDWIDE"), Set.of("all"),
                null, DAY0.plusDays(5)));
        scanDays(scanner, clock, 0, 8);
        assertEquals(List.of("license.expiring 7 " + DAY0.plusDays(5), "license.expiring 1 " + DAY0.plusDays(5),
                "license.expired - " + DAY0.plusDays(5)), alerts(outbox));

        // renewed after it expired: same id, new end date
        registry.putLicense(License.of("photoshelter-M1", "photoshelter", "M1", Set.of("WORLDWIDE"), Set.of("all"),
                null, DAY0.plusDays(50)));
        scanDays(scanner, clock, 9, 52);
        LocalDate renewed = DAY0.plusDays(50);
        assertEquals(List.of("license.expiring 7 " + DAY0.plusDays(5), "license.expiring 1 " + DAY0.plusDays(5),
                "license.expired - " + DAY0.plusDays(5), "license.expiring 30 " + renewed, "license.expiring 7 " + renewed,
                "license.expiring 1 " + renewed, "license.expired - " + renewed), alerts(outbox));
    }

    private static void scanDays(LicenseAlertScanner scanner, TestClock clock, int from, int to) throws Exception {
        for (int day = from; day <= to; day++) {
            clock.advance(Duration.between(clock.instant(), START.plus(Duration.ofDays(day))));
            scanner.scan();
        }
    }

    /** The expiry alerts in the outbox, in order: type, lead days, end date. */
    private static List<String> alerts(WebhookOutbox outbox) throws Exception {
        List<String> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (OutboxEntry e : outbox.list(null, 1000).stream().sorted((a, b) -> Long.compare(a.id(), b.id())).toList()) {
            if (!e.eventType().startsWith("license.expir")) {
                continue;
            }
            JsonNode data = json.readTree(e.payload()).path("data");
            out.add(e.eventType() + " " + (data.has("leadDays") ? data.get("leadDays").asText() : "-") + " "
                    + data.path("endDate").asText());
        }
        return out;
    }
}
