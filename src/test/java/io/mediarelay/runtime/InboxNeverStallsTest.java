package io.mediarelay.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import javax.imageio.ImageIO;

import io.mediarelay.runtime.deadletter.DeadLetterStore;
import io.mediarelay.transfer.DeliveryRecorder;
import io.mediarelay.transfer.EmbeddedFtpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #10 findings 3 and 4 on the real inboxes: the local drop folder, PF1 (FTP inbox -> PhotoShelter) and GF4
 * (FTP usage-log inbox). A zero-byte file or a name of 255 bytes (too long for Camel's "<name>.camelLock") used
 * to stay in the inbox forever, unreported, and cost every poll the ~10 s read-lock timeout; an undelivered file
 * (the FTP target refused it) was dead-lettered but moved to .done.
 */
class InboxNeverStallsTest {
    static final String LONG_JPG = "L".repeat(251) + ".jpg";
    /**
     * FTP inboxes download to a local work directory as "<name>.inprogress" (Camel), so they take names of up to
     * 244 bytes; 245-255-byte names are refused to .error with a reason (OverlongNameFilter).
     */
    static final String FTP_LONG_JPG = "L".repeat(240) + ".jpg";
    static final String FTP_LONG_CSV = "U".repeat(240) + ".csv";

    @TempDir
    Path data;
    MediarelayRuntime runtime;
    Path ftpRoot;

    @BeforeEach
    void start() throws Exception {
        Properties p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.pf1.enabled", "true");
        p.setProperty("mediarelay.gf4.enabled", "true");
        p.setProperty("mediarelay.gf4.poll-delay-ms", "200");
        runtime = new MediarelayRuntime(TestRuntimes.config(p)).start();
        ftpRoot = runtime.embedded().find(EmbeddedFtpServer.class).orElseThrow().root();
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void zeroByteAndLongNamedFilesAreTakenOrRefusedWithAReasonWithinOnePoll() throws Exception {
        Path inbox = data.resolve("inbox");
        Path pf1 = ftpRoot.resolve("pf1-dropfolder");
        Path gf4 = ftpRoot.resolve("gf4-usage/inbox");
        long t0 = System.nanoTime();
        drop(inbox, "empty.jpg", new byte[0]);
        drop(inbox, LONG_JPG, "long".getBytes());
        drop(inbox, "ok.jpg", "fine".getBytes());
        drop(pf1, "empty.jpg", new byte[0]);
        drop(pf1, FTP_LONG_JPG, jpeg());
        drop(gf4, "empty.csv", new byte[0]);
        drop(gf4, FTP_LONG_CSV, "asset_id,channel,territory,date\nRM-1,web,US,2026-11-01\n".getBytes());

        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(inbox.resolve(".done/ok.jpg")));
        long okMillis = (System.nanoTime() - t0) / 1_000_000;
        await().atMost(Duration.ofSeconds(40)).until(() -> filed(inbox, "empty.jpg") && filed(inbox, LONG_JPG)
                && filed(pf1, "empty.jpg") && filed(pf1, FTP_LONG_JPG) && filed(gf4, "empty.csv") && filed(gf4, FTP_LONG_CSV));
        long allMillis = (System.nanoTime() - t0) / 1_000_000;

        // zero-byte files: refused (see InboxGuard for why), in .error with a reason, in every inbox
        for (Path dir : List.of(inbox, pf1, gf4)) {
            String empty = dir == gf4 ? "empty.csv" : "empty.jpg";
            assertTrue(Files.exists(dir.resolve(".error").resolve(empty)), dir + ": zero-byte file in .error");
            String reason = Files.readString(dir.resolve(".error").resolve(empty + ".reason.txt"));
            assertTrue(reason.contains("empty file (0 bytes)"), reason);
        }
        // the long names are taken: delivered/uploaded/recorded and moved to .done
        assertTrue(Files.exists(inbox.resolve(".done").resolve(LONG_JPG)), "drop folder took the 255-byte name");
        assertTrue(Files.exists(pf1.resolve(".done").resolve(FTP_LONG_JPG)), "PF1 took the 244-byte name");
        assertTrue(Files.exists(gf4.resolve(".done").resolve(FTP_LONG_CSV)), "GF4 took the 244-byte name");
        assertFalse(Files.exists(inbox.resolve(LONG_JPG + ".camelLock")));
        System.out.printf("drop folder latency with a zero-byte and a 255-byte file next to it: %d ms; all 7 filed in %d ms%n",
                okMillis, allMillis);
        assertTrue(okMillis < 10_000, "a normal file waited " + okMillis + " ms behind files the inbox could not lock");
    }

    /**
     * A 250-byte name (legal on the FTP server, too long for the local "<name>.inprogress" work file): before the
     * fix the download failed on every poll with a WARN and the file never left the PF1/GF4 inbox.
     */
    @Test
    void aRemoteNameTooLongForTheLocalWorkFolderIsRefusedWithAReasonAndTheNextFileIsProcessed() throws Exception {
        String longJpg = "P".repeat(246) + ".jpg";
        String longCsv = "G".repeat(246) + ".csv";
        Path pf1 = ftpRoot.resolve("pf1-dropfolder");
        Path gf4 = ftpRoot.resolve("gf4-usage/inbox");
        long t0 = System.nanoTime();
        drop(pf1, longJpg, jpeg());
        drop(pf1, "normal.jpg", jpeg());
        drop(gf4, longCsv, "asset_id,channel,territory,date\nRM-1,web,US,2026-11-01\n".getBytes());
        drop(gf4, "normal.csv", "asset_id,channel,territory,date\nRM-2,web,US,2026-11-01\n".getBytes());
        // long names the inbox does not read at all (a partner's upload in progress, a type it does not take)
        String longPart = "P".repeat(241) + ".jpg.part";
        String longTxt = "G".repeat(246) + ".txt";
        drop(pf1, longPart, "still uploading".getBytes());
        drop(gf4, longTxt, "not a usage log".getBytes());

        await().atMost(Duration.ofSeconds(15)).until(() -> filed(pf1, "normal.jpg") && filed(gf4, "normal.csv")
                && filed(pf1, longJpg) && filed(gf4, longCsv));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(Files.exists(pf1.resolve(".done/normal.jpg")), "PF1 uploaded the normal file next to it");
        assertTrue(Files.exists(gf4.resolve(".done/normal.csv")), "GF4 recorded the normal file next to it");
        for (Path dir : List.of(pf1, gf4)) {
            String name = dir == pf1 ? longJpg : longCsv;
            assertTrue(Files.exists(dir.resolve(".error").resolve(name)), dir + ": the 250-byte name is in .error");
            try (var reasons = Files.list(dir.resolve(".error"))) {
                String reason = Files.readString(reasons.filter(f -> f.getFileName().toString().endsWith(".reason.txt")
                        && f.getFileName().toString().startsWith(name.substring(0, 10))).findFirst().orElseThrow());
                assertTrue(reason.contains("file name too long: 250 bytes"), reason);
                assertTrue(reason.contains("flow: " + (dir == pf1 ? "pf1-dropfolder-intake" : "gf4-usage-logs-in")), reason);
            }
        }
        // the refusal honours include/exclude: files the inbox ignores stay where they are, untouched
        assertTrue(Files.exists(pf1.resolve(longPart)), "an excluded upload in progress is left alone");
        assertTrue(Files.exists(gf4.resolve(longTxt)), "a file the inbox does not include is left alone");
        System.out.printf("250-byte names refused and the normal files processed in %d ms%n", millis);
    }

    @Test
    void anUndeliveredFileGoesToErrorNotDoneAndItsDeadLetterReplays() throws Exception {
        // the FTP server refuses the upload (550: "dropfolder" is a file, not a directory): a real server refusal
        Path blocker = ftpRoot.resolve("dropfolder");
        Files.writeString(blocker, "not a directory");
        Path inbox = data.resolve("inbox");
        drop(inbox, "refused.jpg", "bytes that never arrive".getBytes());
        DeadLetterStore letters = new DeadLetterStore(runtime.dataSource(), data.resolve("dead-letters"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve(".error/refused.jpg"))
                || Files.exists(inbox.resolve(".done/refused.jpg")));
        // (before the fix: dead-lettered, yet moved to .done)
        assertFalse(Files.exists(inbox.resolve(".done/refused.jpg")), "an undelivered file is never filed as delivered");
        String reason = Files.readString(inbox.resolve(".error/refused.jpg.reason.txt"));
        assertTrue(reason.contains("reason: ") && reason.contains("dropfolder-to-ftp"), reason);
        DeadLetterStore.DeadLetter letter = letters.list().get(0);
        DeadLetterStore.Stored stored = letters.find(letter.id());
        assertTrue(stored.headers().get("MediarelayInboxErrorFile").endsWith("/.error/refused.jpg"), stored.headers().toString());
        assertTrue(new DeliveryRecorder(runtime.dataSource(), null).all().stream().noneMatch(d -> "DELIVERED".equals(d.outcome())));

        // the cause is fixed: the dead letter replays from its payload and the file is delivered
        Files.delete(blocker);
        String admin = "http://127.0.0.1:" + runtime.config().getInt("camel.server.port", 0) + "/admin/dead-letters/"
                + letter.id() + "/replay";
        var replay = TestRuntimes.post(admin, runtime.config().get("mediarelay.admin.token", ""));
        assertEquals(200, replay.statusCode(), replay.body());
        assertTrue(replay.body().contains("COMPLETED"), replay.body());
        assertEquals("bytes that never arrive", Files.readString(ftpRoot.resolve("dropfolder/refused.jpg")));
    }

    private static boolean filed(Path dir, String name) {
        return !Files.exists(dir.resolve(name))
                && (Files.exists(dir.resolve(".done").resolve(name)) || Files.exists(dir.resolve(".error").resolve(name)));
    }

    /** Written aside and renamed in, as a partner's client would. */
    static void drop(Path dir, String name, byte[] bytes) throws Exception {
        Files.createDirectories(dir);
        Path tmp = dir.resolve("incoming.tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    static byte[] jpeg() throws Exception {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        img.setRGB(3, 3, 0xff0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }
}
