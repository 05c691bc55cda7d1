package io.mediarelay.transfer.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import io.mediarelay.transfer.Sha256Action;
import org.apache.ftpserver.FtpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verified delivery against a real, disk-backed Apache FtpServer (plain FTP), including a server that truncates. */
class FtpDeliveryTest {
    @TempDir
    static Path tmp;
    static Path root;
    static Path badRoot;
    static FtpServer server;
    static FtpServer truncating;
    static int port;
    static int badPort;
    static VerifiedDelivery delivery;

    @BeforeAll
    static void start() throws Exception {
        root = tmp.resolve("ftp/home");
        badRoot = tmp.resolve("bad/home");
        int[] p = new int[1];
        server = TestServers.ftp(root, false, false, p);
        port = p[0];
        truncating = TestServers.ftp(badRoot, false, true, p);
        badPort = p[0];
        delivery = new VerifiedDelivery();
    }

    @AfterAll
    static void stop() {
        delivery.close();
        server.stop();
        truncating.stop();
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void fileAndStreamBodiesArriveVerifiedUnderFinalNames() throws Exception {
        Path src = tmp.resolve("photo.jpg");
        Files.write(src, random(300_000, 1));
        DeliveryTarget t = TestServers.target("ftp", port, "getty/out", null, null, false);
        var r = delivery.deliver(t, "camp/a/photo.jpg", src, null, null, Sha256Action.of(src));
        Path landed = root.resolve("getty/out/camp/a/photo.jpg");
        assertEquals("getty/out/camp/a/photo.jpg", r.remotePath());
        assertEquals(Sha256Action.of(src), Sha256Action.of(landed));
        assertEquals(300_000, r.bytes());

        // A stream body (what a Getty download is): hashed while it is sent, never buffered by us.
        byte[] video = random(3_000_000, 2);
        var s = delivery.deliver(t, "clip.mp4", null, new ByteArrayInputStream(video), (long) video.length, null);
        assertArrayEquals(video, Files.readAllBytes(root.resolve("getty/out/clip.mp4")));
        assertEquals(Sha256Action.of(root.resolve("getty/out/clip.mp4")), s.sha256());
        assertNoTempFiles(root);
    }

    @Test
    void hostileNamesNeverLeaveTheDestinationDirectory() throws Exception {
        DeliveryTarget t = TestServers.target("ftp", port, "jail", null, null, false);
        List<String> names = List.of("../../escape.txt", "/etc/passwd", "..\\..\\win.ini", "a\u0000b\r\nc.txt",
                "x".repeat(1000) + ".jpg", "caf\u00e9/\u65e5\u672c\u8a9e/\u202egpj.exe", "./.././../.hidden", "con:aux?.txt");
        for (String name : names) {
            delivery.deliver(t, name, null, new ByteArrayInputStream(name.getBytes(StandardCharsets.UTF_8)), null, null);
        }
        Path jail = root.resolve("jail");
        try (Stream<Path> all = Files.walk(tmp)) {
            List<Path> outside = all.filter(Files::isRegularFile).filter(f -> !f.startsWith(jail))
                    .filter(f -> names.contains(read(f))).toList();
            assertEquals(List.of(), outside, "nothing written outside the destination directory");
        }
        assertFalse(Files.exists(tmp.resolve("escape.txt")));
        try (Stream<Path> all = Files.walk(jail)) {
            List<Path> files = all.filter(Files::isRegularFile).toList();
            assertEquals(names.size(), files.size(), "every hostile name delivered, none overwrote another: " + files);
            for (Path f : files) {
                String n = f.getFileName().toString();
                assertTrue(n.getBytes(StandardCharsets.UTF_8).length <= 255, n);
                assertFalse(n.startsWith("."), n);
                assertTrue(n.chars().noneMatch(c -> c < 0x20 || c == '\\' || c == ':' || c == '?' || c == 0x202e), n);
            }
        }
        assertTrue(Files.exists(jail.resolve("etc/passwd")));
        assertTrue(Files.exists(jail.resolve("escape.txt")));
    }

    @Test
    void serverThatTruncatesFailsVerificationAndLeavesNothing() throws Exception {
        Path src = tmp.resolve("truncated.bin");
        Files.write(src, random(100_000, 3));
        DeliveryTarget t = TestServers.target("ftp", badPort, "in", null, null, false);
        var e = assertThrows(DeliveryVerificationException.class, () -> delivery.deliver(t, "truncated.bin", src, null, null, null));
        assertTrue(e.getMessage().contains("server has 99990 bytes, sent 100000"), e.getMessage());
        try (Stream<Path> all = Files.walk(badRoot)) {
            assertEquals(List.of(), all.filter(Files::isRegularFile).toList(), "no final and no temp file");
        }
    }

    @Test
    void largeFileGoesThroughTheReadAheadPathAndReplacesAnEarlierCopy() throws Exception {
        // above READ_AHEAD_MIN_BYTES: hashed on the read-ahead thread, 1 MB chunks written straight to the socket
        Path src = tmp.resolve("big.bin");
        Files.write(src, random(20_000_000 + 12_345, 7)); // not a multiple of the chunk size
        DeliveryTarget t = TestServers.target("ftp", port, "big", null, null, false);
        for (int i = 0; i < 2; i++) { // the second time the final name exists already (RNTO onto an existing file)
            var r = delivery.deliver(t, "big.bin", src, null, null, Sha256Action.of(src));
            assertEquals(20_012_345, r.bytes());
            assertEquals(Sha256Action.of(src), r.sha256());
        }
        assertEquals(Sha256Action.of(src), Sha256Action.of(root.resolve("big/big.bin")));
        assertNoTempFiles(root);
    }

    @Test
    void largeFileResumesThroughTheReadAheadPathAndATruncatingServerIsCaught() throws Exception {
        Path src = tmp.resolve("big-resume.mov");
        byte[] data = random(20_000_000, 8);
        Files.write(src, data);
        Path dir = Files.createDirectories(root.resolve("zc-resume"));
        Files.write(dir.resolve("big-resume.mov.mediarelay.part"), java.util.Arrays.copyOf(data, 3_000_001)); // APPE the other 17 MB
        var r = delivery.deliver(TestServers.target("ftp", port, "zc-resume", null, null, true), "big-resume.mov", src, null,
                null, Sha256Action.of(src));
        assertEquals(3_000_001, r.resumedFrom());
        assertEquals(Sha256Action.of(src), r.sha256(), "hash covers the resumed prefix and the bytes sent");
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("big-resume.mov")));
        assertNoTempFiles(root);

        // the server keeps 10 bytes less than it was sent: caught by the size check, nothing left behind
        var e = assertThrows(DeliveryVerificationException.class, () -> delivery.deliver(
                TestServers.target("ftp", badPort, "zc-bad", null, null, false), "big.mov", src, null, null, null));
        assertTrue(e.getMessage().contains("server has 19999990 bytes, sent 20000000"), e.getMessage());
        try (Stream<Path> all = Files.walk(badRoot)) {
            assertEquals(List.of(), all.filter(Files::isRegularFile).toList(), "no final and no temp file");
        }
    }

    @Test
    void pipelinedSizeCheckKeepsTheControlConnectionInStep() throws Exception {
        // SIZE + RNFR are sent in one write; after a refused size the pending RNFR must lapse and the replies of
        // the next uploads on the same pooled session must still match their commands
        DeliveryTarget bad = TestServers.target("ftp", badPort, "again", null, null, false);
        for (int i = 1; i <= 3; i++) {
            byte[] body = random(10_000 * i, 10 + i);
            var e = assertThrows(DeliveryVerificationException.class,
                    () -> delivery.deliver(bad, "f.bin", null, new ByteArrayInputStream(body), null, null));
            assertTrue(e.getMessage().contains("server has " + (body.length - 10) + " bytes, sent " + body.length), e.getMessage());
        }
        try (Stream<Path> all = Files.walk(badRoot)) {
            assertEquals(List.of(), all.filter(Files::isRegularFile).toList(), "no final and no temp file");
        }
        DeliveryTarget good = TestServers.target("ftp", port, "inStep", null, null, false);
        for (int i = 1; i <= 3; i++) {
            byte[] body = random(5_000 * i, 20 + i);
            var r = delivery.deliver(good, "g" + i + ".bin", null, new ByteArrayInputStream(body), null, null);
            assertEquals("inStep/g" + i + ".bin", r.remotePath());
            assertArrayEquals(body, Files.readAllBytes(root.resolve("inStep/g" + i + ".bin")));
        }
        assertNoTempFiles(root);
    }

    @Test
    void declaredSizeOrChecksumMismatchFails() throws Exception {
        DeliveryTarget t = TestServers.target("ftp", port, "declared", null, null, false);
        byte[] body = random(50_000, 4);
        assertThrows(DeliveryVerificationException.class,
                () -> delivery.deliver(t, "short.bin", null, new ByteArrayInputStream(body), 60_000L, null));
        assertThrows(DeliveryVerificationException.class,
                () -> delivery.deliver(t, "wrong.bin", null, new ByteArrayInputStream(body), null, "00".repeat(32)));
        try (Stream<Path> all = Files.walk(root.resolve("declared"))) {
            assertEquals(List.of(), all.filter(Files::isRegularFile).toList());
        }
    }

    @Test
    void aSourceThatBreaksMidStreamFailsAndLeavesNoTempFile() {
        DeliveryTarget t = TestServers.target("ftp", port, "broken", null, null, false);
        InputStream breaking = new InputStream() { // a Getty download whose connection drops after 1 MB
            long left = 1_000_000;

            @Override
            public int read() throws java.io.IOException {
                if (left-- <= 0) {
                    throw new java.io.IOException("connection reset by Getty");
                }
                return 7;
            }
        };
        Exception e = assertThrows(java.io.IOException.class, () -> delivery.deliver(t, "v.mp4", null, breaking, null, null));
        assertTrue(String.valueOf(e.getMessage()).contains("connection reset") || e.getCause() != null, e.toString());
        try (Stream<Path> all = Files.walk(root.resolve("broken"))) {
            assertEquals(List.of(), all.filter(Files::isRegularFile).toList(), "neither final nor temp file");
        } catch (java.io.IOException io) {
            throw new AssertionError(io);
        }
    }

    @Test
    void interruptedUploadResumesFromThePartFile() throws Exception {
        Path src = tmp.resolve("big.mov");
        byte[] data = random(2_000_000, 5);
        Files.write(src, data);
        Path dir = Files.createDirectories(root.resolve("resume"));
        Files.write(dir.resolve("big.mov.mediarelay.part"), java.util.Arrays.copyOf(data, 1_234_567)); // left by a broken attempt
        DeliveryTarget t = TestServers.target("ftp", port, "resume", null, null, true);
        var r = delivery.deliver(t, "big.mov", src, null, null, null);
        assertEquals(1_234_567, r.resumedFrom());
        assertEquals(Sha256Action.of(src), r.sha256(), "hash covers the whole file, prefix included");
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("big.mov")));
        assertFalse(Files.exists(dir.resolve("big.mov.mediarelay.part")));
    }

    @Test
    void parallelUploadsShareAPoolOfConnections() throws Exception {
        DeliveryTarget t = TestServers.target("ftp", port, "parallel", null, null, false);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<VerifiedDelivery.Result>> results = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            byte[] body = random(20_000, 100 + i);
            String name = "d" + (i % 3) + "/f" + i + ".bin";
            results.add(pool.submit(() -> delivery.deliver(t, name, null, new ByteArrayInputStream(body), null, null)));
        }
        for (Future<VerifiedDelivery.Result> f : results) {
            assertEquals(20_000, f.get().bytes());
        }
        pool.shutdown();
        try (Stream<Path> all = Files.walk(root.resolve("parallel"))) {
            assertEquals(60, all.filter(Files::isRegularFile).count());
        }
    }

    static void assertNoTempFiles(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            assertEquals(List.of(), all.filter(p -> p.toString().endsWith(".part")).toList());
        }
    }

    static String read(Path f) {
        try {
            return Files.size(f) < 4096 ? Files.readString(f, StandardCharsets.UTF_8) : "";
        } catch (Exception e) {
            return "";
        }
    }

    static InputStream stream(byte[] b) {
        return new ByteArrayInputStream(b);
    }
}
