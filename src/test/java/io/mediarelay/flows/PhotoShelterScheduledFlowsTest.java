package io.mediarelay.flows;

import static io.mediarelay.flows.GettyFlowRuntime.assertNoPartFiles;
import static io.mediarelay.flows.GettyFlowRuntime.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.transfer.DeliveryRecorder;
import io.mediarelay.testsupport.Polls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PF4 (cron, curated gallery to gallery/date folders) and PF7 (incremental collection archive), end to end. */
class PhotoShelterScheduledFlowsTest {
    static final String PF4 = "pf4-scheduled-gallery-delivery";
    static final String PF7 = "pf7-incremental-archive";

    @TempDir
    Path data;

    static long rowsOf(List<DeliveryRecorder.Delivery> rows, String assetId) {
        return rows.stream().filter(d -> d.assetId().equals(assetId)).count();
    }

    @Test
    void pf4DeliversOnlyNewAndChangedMediaToDatedGalleryFolder() throws Exception {
        try (PsFlowRuntime rt = PsFlowRuntime.start(PsFlowRuntime.overrides(data, "pf4"))) {
            Path out = rt.ftpRoot.resolve("pf4-scheduled");
            String day = LocalDate.now(ZoneOffset.UTC).toString();
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.delivered(PF4).size() == 3);
            String folder = "Spring Campaign/" + day + "/";
            assertEquals(List.of(folder + "spring-1.jpg", folder + "spring-1.jpg.json", folder + "spring-2.jpg", folder + "spring-2.jpg.json",
                    folder + "spring-3.jpg", folder + "spring-3.jpg.json"), files(out));
            assertEquals(PsFlowRuntime.seedBytes(2), Files.readString(out.resolve(folder + "spring-2.jpg")));

            // a caption edited in PhotoShelter: only that media goes again, with the new caption
            String two = rt.mediaId("spring-2.jpg");
            rt.updateMetadata(two, "iptc", Map.of("caption", "Spring campaign shot 2, retouched"));
            // media outside the curated gallery never go
            rt.upload("Brand", "Not curated", "other.jpg", "other\n".repeat(10));
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.delivered(PF4).size() == 4);
            JsonNode companion = new ObjectMapper().readTree(out.resolve(folder + "spring-2.jpg.json").toFile());
            assertEquals("Spring campaign shot 2, retouched", companion.path("caption").asText());
            assertEquals("Spring Campaign", companion.path("gallery").asText());
            assertEquals(2, rowsOf(rt.delivered(PF4), two));
            assertEquals(1, rowsOf(rt.delivered(PF4), rt.mediaId("spring-1.jpg")), "unchanged media not delivered again");
            // later runs find nothing new
            Polls.awaitMoreRuns(rt.runtime.context(), "pf4-source", 2, Duration.ofSeconds(20)); // two more cron runs: nothing more
            assertEquals(4, rt.delivered(PF4).size());
            assertTrue(files(out).stream().noneMatch(f -> f.contains("other")), files(out).toString());
            assertNoPartFiles(out);
        }
    }

    @Test
    void pf7ArchivesCollectionIncrementallyAcrossRestarts() throws Exception {
        String one;
        try (PsFlowRuntime rt = PsFlowRuntime.start(PsFlowRuntime.overrides(data, "pf7"))) {
            Path archive = rt.ftpRoot.resolve("pf7-archive");
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.delivered(PF7).size() == 3);
            one = rt.mediaId("spring-1.jpg");
            assertEquals(PsFlowRuntime.seedBytes(1), Files.readString(archive.resolve(one + "/spring-1.jpg")));
            JsonNode record = new ObjectMapper().readTree(archive.resolve(one + "/spring-1.jpg.json").toFile());
            assertEquals("Spring campaign shot 1", record.path("caption").asText());
            assertEquals("approved", record.path("approval").asText());
            assertEquals("2026-12-31", record.path("licenseExpiry").asText()); // SandboxSeed: spring-1
            String firstVersion = record.path("version").asText();

            // a new gallery below the collection is archived; a gallery outside it is not
            String added = rt.upload("Brand/2025", "Archive picks", "old-shot.jpg", "old shot\n".repeat(80));
            rt.upload("", "Inbox", "inbox.jpg", "inbox\n".repeat(10));
            // a changed custom field archives that media again, with the new record
            rt.updateMetadata(one, "custom", Map.of("License Expiry", "2031-01-31"));
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.delivered(PF7).size() == 5);
            assertEquals(1, rowsOf(rt.delivered(PF7), added));
            assertEquals(2, rowsOf(rt.delivered(PF7), one));
            JsonNode changed = new ObjectMapper().readTree(archive.resolve(one + "/spring-1.jpg.json").toFile());
            assertEquals("2031-01-31", changed.path("licenseExpiry").asText());
            assertNotEquals(firstVersion, changed.path("version").asText());
            assertTrue(files(archive).stream().noneMatch(f -> f.contains("inbox")), files(archive).toString());
        }
        // restart: the state is in the database; nothing archived again until something changes
        try (PsFlowRuntime rt = PsFlowRuntime.start(PsFlowRuntime.overrides(data, "pf7"))) {
            String three = rt.mediaId("spring-3.jpg");
            rt.updateMetadata(three, "iptc", Map.of("caption", "Spring campaign shot 3 (final)"));
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.delivered(PF7).size() == 6);
            assertEquals(2, rowsOf(rt.delivered(PF7), three));
            assertEquals(2, rowsOf(rt.delivered(PF7), one));
            assertEquals(8, files(rt.ftpRoot.resolve("pf7-archive")).size(), "4 originals + 4 records, overwritten in place: "
                    + files(rt.ftpRoot.resolve("pf7-archive")));
            assertNoPartFiles(rt.ftpRoot.resolve("pf7-archive"));
        }
    }
}
