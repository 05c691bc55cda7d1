package io.mediarelay.photoshelter.intake;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.sandbox.photoshelter.PhotoShelterSandbox;
import io.mediarelay.transfer.DeliveryRecorder;
import io.mediarelay.transfer.EmbeddedFtpServer;
import io.mediarelay.testsupport.Polls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PF1 end to end: real runtime, embedded FTP server (files dropped on its disk), embedded PhotoShelter sandbox. */
class Pf1DropFolderIntakeTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path data;
    MediarelayRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
    }

    private void start(String... extra) throws Exception {
        Properties p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.pf1.enabled", "true");
        for (int i = 0; i + 1 < extra.length; i += 2) p.setProperty(extra[i], extra[i + 1]);
        runtime = new MediarelayRuntime(TestRuntimes.config(p)).start();
    }

    private PhotoShelterSandbox sandbox() {
        return runtime.embedded().find(PhotoShelterSandbox.class).orElseThrow();
    }

    private Path inbox() {
        return runtime.embedded().find(EmbeddedFtpServer.class).orElseThrow().root().resolve("pf1-dropfolder");
    }

    private List<Map<String, Object>> galleryImages() {
        List<String> galleries = sandbox().findGalleries("Drop folder");
        return galleries.isEmpty() ? List.of() : sandbox().findImagesInGallery(galleries.get(0));
    }

    private static List<String> names(List<Map<String, Object>> images) {
        return images.stream().map(i -> (String) i.get("file_name")).sorted().toList();
    }

    @Test
    void completeImageIsUploadedWithTagsAndMovedToDoneTruncatedOneGoesToErrorWithReason() throws Exception {
        start();
        byte[] jpeg = IntakeImages.image("jpg", 1);
        byte[] png = IntakeImages.image("png", 2);
        IntakeImages.drop(inbox(), "approved-001.jpg", jpeg);
        IntakeImages.drop(inbox(), "approved-002.png", png);
        IntakeImages.drop(inbox(), "cut-short.jpg", IntakeImages.truncated(jpeg));
        IntakeImages.drop(inbox(), "cut-short.png", IntakeImages.truncated(png));

        await().atMost(WAIT).until(() -> Files.exists(inbox().resolve(".done/approved-001.jpg"))
                && Files.exists(inbox().resolve(".done/approved-002.png"))
                && Files.exists(inbox().resolve(".error/cut-short.jpg")) && Files.exists(inbox().resolve(".error/cut-short.png")));

        List<Map<String, Object>> images = galleryImages();
        assertEquals(List.of("approved-001.jpg", "approved-002.png"), names(images), "only the complete images are uploaded");
        Map<String, Object> first = images.stream().filter(i -> i.get("file_name").equals("approved-001.jpg")).findFirst().orElseThrow();
        assertEquals((long) jpeg.length, ((Number) first.get("file_size")).longValue());
        assertEquals(io.mediarelay.transfer.Sha256Action.of(inbox().resolve(".done/approved-001.jpg")), first.get("sha256"));
        String keywords = String.valueOf(sandbox().iptc((String) first.get("id")).get("keywords"));
        assertTrue(keywords.contains("intake") && keywords.contains("approved"), "tags written as keywords: " + keywords);
        assertFalse(sandbox().findCollections("Intake").isEmpty(), "gallery created under its collection path");

        String reason = Files.readString(inbox().resolve(".error/cut-short.jpg.reason.txt"), StandardCharsets.UTF_8);
        assertTrue(reason.contains("truncated JPEG"), reason);
        String pngReason = Files.readString(inbox().resolve(".error/cut-short.png.reason.txt"), StandardCharsets.UTF_8);
        assertTrue(pngReason.contains("truncated PNG"), pngReason);
        assertFalse(Files.exists(inbox().resolve(".done/cut-short.jpg")), "a truncated image is never moved to .done");

        List<DeliveryRecorder.Delivery> rows = new DeliveryRecorder(runtime.dataSource(), null).all().stream()
                .filter(d -> d.flowId().equals("pf1-dropfolder-intake")).toList();
        assertEquals(2, rows.stream().filter(d -> d.outcome().equals("DELIVERED")).count(), rows.toString());
        assertEquals(2, rows.stream().filter(d -> d.outcome().equals("FAILED")).count(), rows.toString());

        // PhotoShelter failing: a complete image whose upload fails is moved to .error with the reason, never to .done
        sandbox().setErrorRatio(1.0);
        IntakeImages.drop(inbox(), "while-down.jpg", IntakeImages.image("jpg", 7));
        await().atMost(WAIT).until(() -> Files.exists(inbox().resolve(".error/while-down.jpg")));
        assertFalse(Files.exists(inbox().resolve(".done/while-down.jpg")));
        String downReason = Files.readString(inbox().resolve(".error/while-down.jpg.reason.txt"), StandardCharsets.UTF_8);
        assertTrue(downReason.contains("PhotoShelter"), downReason);
        sandbox().setErrorRatio(0);
        assertEquals(2, galleryImages().size());
    }

    @Test
    void hostileNamesStayInsideTheFolderAreReportedAndNothingIsLost() throws Exception {
        start();
        String control = "evil\u0007name\u001b.jpg";
        // a name that looks like another: right-to-left override (shows as "invoice.exe.jpg" reversed), quotes, colon
        String traversal = "invoice\u202Egpj:\"x\".jpg";
        String longName = "L".repeat(240) + ".jpg";
        IntakeImages.drop(inbox(), control, IntakeImages.image("jpg", 3));
        IntakeImages.drop(inbox(), traversal, IntakeImages.image("jpg", 4));
        IntakeImages.drop(inbox(), longName, IntakeImages.image("jpg", 5));

        await().atMost(WAIT).until(() -> galleryImages().size() == 3 && done(control) && done(traversal) && done(longName));
        List<String> uploaded = names(galleryImages());
        for (String n : uploaded) {
            assertTrue(n.codePoints().noneMatch(Character::isISOControl) && !n.contains("/") && !n.contains("\\") && !n.startsWith("."),
                    "safe name: " + n);
            assertTrue(n.getBytes(StandardCharsets.UTF_8).length <= 255, n);
        }
        assertTrue(uploaded.contains("evil_name_.jpg"), uploaded.toString());
        assertTrue(uploaded.contains("invoice_gpj__x_.jpg"), uploaded.toString());
        // nothing written outside the drop folder on the FTP server
        Path ftpRoot = inbox().getParent();
        // (other flows' consumers create their own empty folders at start-up: count files, not folders)
        try (Stream<Path> s = Files.walk(ftpRoot)) {
            assertEquals(List.of(), s.filter(Files::isRegularFile).filter(p -> !p.startsWith(ftpRoot.resolve("pf1-dropfolder")))
                    .map(Path::toString).toList());
        }
    }

    private boolean done(String name) {
        return Files.exists(inbox().resolve(".done").resolve(name));
    }

    @Test
    void doneFileModeWaitsForTheDoneFileAndRestartDoesNotUploadTwice() throws Exception {
        start("mediarelay.pf1.done-file-name", "${file:name}.done");
        byte[] jpeg = IntakeImages.image("jpg", 6);
        IntakeImages.drop(inbox(), "waiting.jpg", jpeg);
        // three polls of the drop folder that saw the image: without its done file it is not complete
        Polls.awaitMoreRuns(runtime.context(), "pf1-dropfolder-intake", 3, WAIT);
        assertTrue(galleryImages().isEmpty(), "not taken before the done file exists");
        assertTrue(Files.exists(inbox().resolve("waiting.jpg")));
        Files.writeString(inbox().resolve("waiting.jpg.done"), "");
        await().atMost(WAIT).until(() -> done("waiting.jpg") && galleryImages().size() == 1);
        await().atMost(WAIT).until(() -> !Files.exists(inbox().resolve("waiting.jpg.done")));
        int uploads = sandbox().uploadCount();

        // the same file dropped again after a restart (e.g. a partner re-sends it): not uploaded twice
        runtime.close();
        runtime = null;
        start("mediarelay.pf1.done-file-name", "${file:name}.done");
        Files.delete(inbox().resolve(".done/waiting.jpg"));
        IntakeImages.drop(inbox(), "waiting.jpg", jpeg);
        Files.writeString(inbox().resolve("waiting.jpg.done"), "");
        await().atMost(WAIT).until(() -> done("waiting.jpg"));
        assertEquals(1, galleryImages().size(), "one image in PhotoShelter");
        assertEquals(0, sandbox().uploadCount(), "no upload after the restart (counter restarts with the sandbox; before: " + uploads + ")");
    }
}
