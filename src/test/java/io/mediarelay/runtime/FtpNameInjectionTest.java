package io.mediarelay.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import io.mediarelay.transfer.DeliveryRecorder;
import io.mediarelay.transfer.EmbeddedFtpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #10 finding 1, end to end on the real drop-folder flow and the real (embedded Apache FtpServer) target: a
 * file named {@code inj<LF>DELE victim.txt<LF>x.jpg} used to make the FTP server delete victim.txt (the name went
 * verbatim into STOR/RNFR/RNTO) and forge log lines. Every command the server received is captured (Ftplet).
 */
class FtpNameInjectionTest {
    static final String INJECTION = "inj\nDELE victim.txt\nx.jpg";
    static final String CR_INJECTION = "cr\rRNFR victim.txt\rRNTO gone.txt\rx.jpg";
    static final String UNICODE = "caf\u00e9-\u65e5\u672c.jpg";
    static final String DASH = "-rf.jpg";
    static final String ESCAPE = "esc\u001b[31mred.jpg";
    static final String LONG = "L".repeat(251) + ".jpg"; // 255 bytes: the longest name the disk allows

    @TempDir
    Path data;
    MediarelayRuntime runtime;
    LogCapture logs;

    @BeforeEach
    void start() throws Exception {
        logs = new LogCapture();
        runtime = new MediarelayRuntime(TestRuntimes.config(data)).start();
    }

    @AfterEach
    void stop() {
        runtime.close();
        logs.close();
    }

    @Test
    void hostileNamesNeverReachAnFtpCommandOrALogLine() throws Exception {
        EmbeddedFtpServer ftp = runtime.embedded().find(EmbeddedFtpServer.class).orElseThrow();
        Path target = ftp.root().resolve("dropfolder");
        Files.createDirectories(target);
        Files.writeString(target.resolve("victim.txt"), "must survive");
        Files.writeString(target.resolve("gone.txt"), "must not be overwritten by a forged rename");
        Path inbox = data.resolve("inbox");
        Files.createDirectories(inbox);
        List<String> names = List.of(INJECTION, CR_INJECTION, UNICODE, DASH, ESCAPE, LONG);
        long t0 = System.nanoTime();
        for (String n : names) {
            Path staged = data.resolve("staged.tmp");
            Files.writeString(staged, "content of " + n);
            Files.move(staged, inbox.resolve(n));
        }
        DeliveryRecorder recorder = new DeliveryRecorder(runtime.dataSource(), null);
        await().atMost(Duration.ofSeconds(30)).until(() -> recorder.all().size() == names.size());
        await().atMost(Duration.ofSeconds(10)).until(() -> names.stream().allMatch(n -> Files.exists(inbox.resolve(".done").resolve(n))));
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertEquals("must survive", Files.readString(target.resolve("victim.txt")), "DELE injected through a file name");
        assertEquals("must not be overwritten by a forged rename", Files.readString(target.resolve("gone.txt")));
        for (DeliveryRecorder.Delivery row : recorder.all()) {
            String remote = row.remotePath();
            assertTrue(remote.codePoints().noneMatch(Character::isISOControl), "control char in remote name: " + remote);
            String name = remote.substring(remote.lastIndexOf('/') + 1);
            assertFalse(name.startsWith("-"), "leading dash: " + remote);
            assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 250, "too long: " + remote);
            assertTrue(Files.exists(ftp.root().resolve(remote)), "recorded remote path is the real one: " + remote);
        }
        assertTrue(Files.exists(target.resolve(UNICODE)), "a Unicode name arrives as UTF-8, not as 501 Invalid character");
        assertTrue(Files.exists(target.resolve("_-rf.jpg")), "a leading dash is neutralised");
        try (var files = Files.list(target)) {
            List<String> longOnes = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("LLLL")).toList();
            assertTrue(longOnes.stream().anyMatch(n -> n.matches("L+~[0-9a-f]{8}\\.jpg")), "shortened with a hash: " + longOnes);
        }

        List<String> commands = ftp.recentCommands();
        assertFalse(commands.isEmpty());
        for (String c : commands) {
            assertFalse(c.startsWith("DELE victim") || c.startsWith("RNFR victim") || c.startsWith("RNTO gone"), "forged command " + c);
            assertTrue(c.codePoints().noneMatch(cp -> Character.isISOControl(cp)), "control char in command: " + c);
        }
        String text = logs.text();
        for (String line : text.split("\n", -1)) {
            assertFalse(line.startsWith("DELE victim") || line.startsWith("RNFR victim"), "forged log line: " + line);
            assertFalse(line.contains("\r") || line.contains("\u001b") || line.contains("\u0000"), "raw control char in log line: " + line);
        }
        System.out.printf("6 hostile names delivered and filed in %d ms%n", millis);
    }
}
