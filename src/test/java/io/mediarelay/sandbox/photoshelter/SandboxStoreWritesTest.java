package io.mediarelay.sandbox.photoshelter;

import static org.awaitility.Awaitility.await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Persisting the sandbox costs a few writes, not one whole-file rewrite per request (issue 15: the PF2 bench at
 * 5,000 images was bound by the sandbox rewriting state.json on every change), and nothing is lost by it: what was
 * changed is in state.json once the sandbox stops, and a sandbox started on the same directory has it.
 */
class SandboxStoreWritesTest {

    @TempDir
    Path dir;

    @Test
    void manyChangesFewWritesNothingLostAtStop() throws Exception {
        String imageId;
        long writesBefore;
        long writesAfter;
        try (PhotoShelterSandbox s = new PhotoShelterSandbox(new PhotoShelterSandboxConfig().dataDir(dir).port(0)).start()) {
            SandboxStore store = storeOf(s);
            writesBefore = s.stateWrites();
            String gallery = store.createContainer("gallery", "writes", null).id;
            imageId = null;
            for (int i = 0; i < 300; i++) {
                Path tmp = Files.writeString(dir.resolve("upload-" + i), "bytes " + i);
                imageId = store.addImage(gallery, "img" + i + ".jpg", tmp, 7, "00").id;
                store.updateMetadata(imageId, "iptc", Map.of("title", "Title " + i));
            }
            writesAfter = s.stateWrites();
        }
        // 601 changes in well under a second of writes: at most a handful of writes happened while they were made
        assertTrue(writesAfter - writesBefore < 60, "state.json written " + (writesAfter - writesBefore) + " times for 601 changes");
        String json = Files.readString(dir.resolve("state.json"));
        assertTrue(json.contains("\"Title 299\""), "the last change is in state.json after the stop");
        try (PhotoShelterSandbox again = new PhotoShelterSandbox(new PhotoShelterSandboxConfig().dataDir(dir).port(0)).start()) {
            assertEquals("Title 299", again.iptc(imageId).get("title"), "a sandbox restarted on the directory has it");
            assertEquals(300, again.findImagesInGallery(again.findGalleries("writes").get(0)).size());
        }
    }

    @Test
    void nothingIsWrittenAfterTheStop() throws Exception {
        PhotoShelterSandbox s = new PhotoShelterSandbox(new PhotoShelterSandboxConfig().dataDir(dir).port(0)).start();
        SandboxStore store = storeOf(s);
        store.createContainer("gallery", "late", null); // schedules a write WRITE_DELAY_MS from now
        s.close();
        assertTrue(Files.readString(dir.resolve("state.json")).contains("\"late\""), "the stop wrote the last change");
        // the owner deletes the directory (a test's @TempDir, an operator's cleanup) while that write is still due
        Files.delete(dir.resolve("state.json"));
        long writes = s.stateWrites();
        await().during(Duration.ofMillis(2 * SandboxStore.WRITE_DELAY_MS)).atMost(Duration.ofSeconds(5))
                .until(() -> !Files.exists(dir.resolve("state.json")) && !Files.exists(dir.resolve("state.json.tmp"))
                        && s.stateWrites() == writes);
    }

    /** The store itself: the test changes it as the API handlers do, without 600 HTTP round trips. */
    private static SandboxStore storeOf(PhotoShelterSandbox s) throws ReflectiveOperationException {
        var f = PhotoShelterSandbox.class.getDeclaredField("store");
        f.setAccessible(true);
        return (SandboxStore) f.get(s);
    }
}
