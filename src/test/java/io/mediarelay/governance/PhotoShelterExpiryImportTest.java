package io.mediarelay.governance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.license.License;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestClock;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.sandbox.photoshelter.PhotoShelterSandbox;
import io.mediarelay.sandbox.receiver.HttpReceiver;
import io.mediarelay.webhook.LicenseAlertScanner;
import io.mediarelay.testsupport.Polls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PhotoShelter expiry import (route ps-expiry-import) in the real runtime against the PhotoShelter sandbox's seeded
 * custom fields: licenses appear in the registry, the GH8 expiry scanner alerts on them, and an edited expiry is
 * picked up by the next run.
 */
class PhotoShelterExpiryImportTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void seededExpiryFieldsBecomeLicensesAndExpiryAlerts() throws Exception {
        Properties p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.photoshelter-expiry.enabled", "true");
        p.setProperty("mediarelay.photoshelter-expiry.cron", "0/1 * * * * ?");
        p.setProperty("mediarelay.webhooks.poll-ms", "100");
        p.setProperty("mediarelay.http.poll-ms", "3600000");
        TestClock clock = new TestClock(Instant.parse("2026-12-10T08:00:00Z"));
        try (MediarelayRuntime rt = new MediarelayRuntime(TestRuntimes.config(p)).withClock(clock).start()) {
            PhotoShelterSandbox ps = rt.embedded().find(PhotoShelterSandbox.class).orElseThrow();
            HttpReceiver receiver = rt.embedded().find(HttpReceiver.class).orElseThrow();
            LicenseRegistry registry = rt.context().getRegistry().lookupByNameAndType("licenseRegistry", LicenseRegistry.class);
            String gallery = ps.findGalleries("Spring Campaign").get(0);
            List<Map<String, Object>> images = ps.findImagesInGallery(gallery);
            String shot1 = idOf(images, "spring-1.jpg");
            String shot2 = idOf(images, "spring-2.jpg");
            String shot3 = idOf(images, "spring-3.jpg");

            await().atMost(Duration.ofSeconds(60)).until(() -> registry.license("photoshelter-" + shot1).isPresent()
                    && registry.license("photoshelter-" + shot2).isPresent());
            License l1 = registry.license("photoshelter-" + shot1).orElseThrow();
            assertEquals(LocalDate.parse("2026-12-31"), l1.endDate());
            assertEquals(Set.of("US", "CA"), l1.territories());
            assertEquals(Set.of("web", "social"), l1.channels());
            assertEquals(100, l1.usageLimit());
            assertEquals("Spring 2026", l1.campaign());
            License l2 = registry.license("photoshelter-" + shot2).orElseThrow();
            assertEquals(LocalDate.parse("2027-06-30"), l2.endDate());
            assertEquals("No print use.", l2.restrictions());
            assertTrue(registry.license("photoshelter-" + shot3).isEmpty(), "no expiry field, no license");

            // the GH8 expiry scan alerts on the PhotoShelter license: 21 days left -> the 30-day alert
            LicenseAlertScanner alerts = rt.context().getRegistry().lookupByNameAndType("licenseAlertScanner", LicenseAlertScanner.class);
            alerts.scan();
            await().atMost(Duration.ofSeconds(30)).until(() -> expiring(receiver, shot1).size() == 1);
            JsonNode alert = JSON.readTree(expiring(receiver, shot1).get(0).body());
            assertEquals("photoshelter-" + shot1, alert.get("data").get("licenseId").asText());
            assertEquals(30, alert.get("data").get("leadDays").asInt());
            assertEquals(0, expiring(receiver, shot2).size(), "2027-06-30 is not near yet");

            // someone shortens shot 2's license in PhotoShelter: the next run updates the registry, the scan alerts
            ps.editCustom(shot2, Map.of("License Expiry", "2026-12-15"));
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    LocalDate.parse("2026-12-15").equals(registry.license("photoshelter-" + shot2).orElseThrow().endDate()));
            alerts.scan();
            await().atMost(Duration.ofSeconds(30)).until(() -> expiring(receiver, shot2).size() == 1);
            assertEquals(7, JSON.readTree(expiring(receiver, shot2).get(0).body()).get("data").get("leadDays").asInt());
            alerts.scan();
            Polls.awaitMoreRuns(rt.context(), "gh8-webhook-dispatch", 2, Duration.ofSeconds(20)); // whatever the scan queued is sent
            assertEquals(1, expiring(receiver, shot1).size());
            assertEquals(1, expiring(receiver, shot2).size());
        }
    }

    static String idOf(List<Map<String, Object>> images, String fileName) {
        return images.stream().filter(i -> fileName.equals(i.get("file_name"))).findFirst().orElseThrow().get("id").toString();
    }

    /** license.expiring events for one asset at the compliance receiver. */
    static List<HttpReceiver.Received> expiring(HttpReceiver receiver, String assetId) {
        return receiver.received("webhooks-compliance").stream().filter(r -> {
            try {
                JsonNode b = JSON.readTree(r.body());
                return "license.expiring".equals(b.get("type").asText()) && assetId.equals(b.get("assetId").asText());
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }
}
