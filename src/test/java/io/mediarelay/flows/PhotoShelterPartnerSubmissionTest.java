package io.mediarelay.flows;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PF8: FTP batch folders -> review gallery; an APPROVED marker publishes the batch to the target gallery, once. */
class PhotoShelterPartnerSubmissionTest {
    @TempDir
    Path data;

    static void drop(PsFlowRuntime rt, String relative, String content) throws Exception {
        Path target = rt.ftpRoot.resolve("pf8-submissions/" + relative);
        Files.createDirectories(target.getParent());
        Path tmp = rt.ftpRoot.resolve("pf8-" + relative.replace('/', '_') + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** File names in a PhotoShelter gallery (by exact name under a collection), via the API. */
    @SuppressWarnings("unchecked")
    static List<String> gallery(PsFlowRuntime rt, String collection, String name) {
        var ex = rt.ps.request("photoshelter:gallery?create=false&collectionPath=" + collection.replace(" ", "%20"),
                e -> e.getMessage().setHeader("PhotoShelterName", name));
        if (ex.getException() != null) return List.of();
        String id = ex.getMessage().getHeader("PhotoShelterGalleryId", String.class);
        List<Map<String, Object>> media = rt.ps.requestBody("photoshelter:search?galleryId=" + id, null, List.class);
        return media.stream().map(m -> (String) m.get("file_name")).sorted().toList();
    }

    static String download(PsFlowRuntime rt, String mediaId) throws Exception {
        try (InputStream in = rt.ps.requestBodyAndHeader("photoshelter:download", null, "PhotoShelterMediaId", mediaId, InputStream.class)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void batchStagedForReviewThenPublishedOnApproval() throws Exception {
        Properties o = PsFlowRuntime.overrides(data, "pf8");
        o.setProperty("mediarelay.pf8.poll-delay-ms", "200");
        o.setProperty("mediarelay.pf8.read-lock-min-age-ms", "200");
        try (PsFlowRuntime rt = PsFlowRuntime.start(o)) {
            drop(rt, "batch-1/a.jpg", "photo a\n".repeat(500));
            drop(rt, "batch-1/b.jpg", "photo b\n".repeat(500));
            drop(rt, "batch-1/notes.txt", "not an image"); // not a submission
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.count("SELECT COUNT(*) FROM pf_submissions WHERE status = 'STAGED'") == 2);
            assertEquals(List.of("a.jpg", "b.jpg"), gallery(rt, "Review", "Review - batch-1"));
            assertEquals(List.of(), gallery(rt, "Brand/2026", "Partner submissions"), "nothing published before approval");
            assertFalse(Files.exists(rt.ftpRoot.resolve("pf8-submissions/batch-1/a.jpg")), "submitted file moved away");

            drop(rt, "batch-1/APPROVED", "");
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.count("SELECT COUNT(*) FROM pf_submissions WHERE status = 'PUBLISHED'") == 2);
            assertEquals(List.of("a.jpg", "b.jpg"), gallery(rt, "Brand/2026", "Partner submissions"));
            String published;
            try (var c = rt.runtime.dataSource().getConnection(); var rs = c.createStatement().executeQuery(
                    "SELECT published_media_id FROM pf_submissions WHERE file_name = 'b.jpg'")) {
                rs.next();
                published = rs.getString(1);
            }
            assertEquals("photo b\n".repeat(500), download(rt, published));

            // a late file and a second approval: only the new file is published
            drop(rt, "batch-1/c.jpg", "photo c\n".repeat(10));
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.count("SELECT COUNT(*) FROM pf_submissions WHERE status = 'STAGED'") == 1);
            drop(rt, "batch-1/APPROVED", "");
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.count("SELECT COUNT(*) FROM pf_submissions WHERE status = 'PUBLISHED'") == 3);
            assertEquals(List.of("a.jpg", "b.jpg", "c.jpg"), gallery(rt, "Brand/2026", "Partner submissions"));
            assertEquals(List.of("a.jpg", "b.jpg", "c.jpg"), gallery(rt, "Review", "Review - batch-1"));
            assertEquals(0, rt.count("SELECT COUNT(*) FROM dead_letters"));
        }
    }
}
