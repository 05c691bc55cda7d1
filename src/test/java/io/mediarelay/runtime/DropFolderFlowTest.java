package io.mediarelay.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.transfer.DeliveryRecorder;
import io.mediarelay.transfer.EmbeddedFtpServer;
import io.mediarelay.transfer.Sha256Action;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first real flow, end to end: drop folder -> embedded FTP server (real, disk-backed) with companion and record. */
class DropFolderFlowTest {
    @TempDir
    Path data;
    MediarelayRuntime runtime;

    @BeforeEach
    void start() throws Exception {
        runtime = new MediarelayRuntime(TestRuntimes.config(data)).start();
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void deliversDroppedFileWithCompanionAndRecordsSha256() throws Exception {
        Path inbox = data.resolve("inbox");
        Files.createDirectories(inbox);
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        Path staged = data.resolve("photo-001.jpg");
        Files.write(staged, content);
        String sha = Sha256Action.of(staged);
        Files.move(staged, inbox.resolve("photo-001.jpg"));

        Path ftpRoot = runtime.embedded().find(EmbeddedFtpServer.class).orElseThrow().root();
        Path delivered = ftpRoot.resolve("dropfolder/photo-001.jpg");
        Path companion = ftpRoot.resolve("dropfolder/photo-001.jpg.json");
        DeliveryRecorder recorder = new DeliveryRecorder(runtime.dataSource(), null);
        await().atMost(Duration.ofSeconds(20)).until(() -> !recorder.all().isEmpty());

        assertTrue(Files.exists(delivered), "file delivered under its final name");
        assertEquals(sha, Sha256Action.of(delivered), "delivered bytes are the dropped bytes");
        JsonNode json = new ObjectMapper().readTree(companion.toFile());
        assertEquals("photo-001.jpg", json.get("assetId").asText());
        assertEquals(sha, json.get("sha256").asText());
        assertEquals(300_000, json.get("bytes").asLong());
        assertEquals("dropfolder-to-ftp", json.get("flow").asText());
        try (var files = Files.list(ftpRoot.resolve("dropfolder"))) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".part")), "no temp file left");
        }
        List<DeliveryRecorder.Delivery> rows = recorder.all();
        assertEquals(1, rows.size());
        DeliveryRecorder.Delivery row = rows.get(0);
        assertEquals("dropfolder-to-ftp", row.flowId());
        assertEquals("dropfolder", row.destination());
        assertEquals("dropfolder/photo-001.jpg", row.remotePath());
        assertEquals(300_000L, row.bytes());
        assertEquals(sha, row.sha256());
        assertEquals("DELIVERED", row.outcome());
        // the source is moved once the exchange completes, just after the delivery row is written
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox.resolve(".done/photo-001.jpg")));
    }

    @Test
    void sameContentDroppedTwiceIsDeliveredOnce() throws Exception {
        Path inbox = data.resolve("inbox");
        Files.createDirectories(inbox);
        Files.writeString(data.resolve("a.txt"), "same bytes");
        Files.move(data.resolve("a.txt"), inbox.resolve("a.txt"));
        DeliveryRecorder recorder = new DeliveryRecorder(runtime.dataSource(), null);
        await().atMost(Duration.ofSeconds(20)).until(() -> recorder.all().size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox.resolve(".done/a.txt")));
        Files.delete(inbox.resolve(".done/a.txt"));
        Files.writeString(data.resolve("a.txt"), "same bytes");
        Files.move(data.resolve("a.txt"), inbox.resolve("a.txt"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(inbox.resolve(".done/a.txt")));
        assertEquals(1, recorder.all().size(), "second drop of identical content skipped");
    }

    @Test
    void healthIsUpAndStartupMeasured() throws Exception {
        int mgmt = runtime.config().getInt("camel.management.port", 0);
        String url = "http://127.0.0.1:" + mgmt + "/observe/health";
        // the drop folder consumer is UNKNOWN until its first poll (camel.health.initial-state), then UP
        await().atMost(Duration.ofSeconds(10)).until(() -> TestRuntimes.get(url, null).statusCode() == 200);
        var health = TestRuntimes.get(url, null);
        assertTrue(health.body().contains("\"UP\""), health.body());
        assertTrue(runtime.startupMillis() > 0, "startup time measured");
    }
}
