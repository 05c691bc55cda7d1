package io.mediarelay.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import io.mediarelay.runtime.deadletter.DeadLetterStore;
import io.mediarelay.transfer.DeliveryRecorder;
import io.mediarelay.transfer.EmbeddedFtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow whose destination stays down past its retry deadline has a dead letter: health DOWN naming the flow, the
 * file kept; an operator's replay delivers it once. (Within the deadline it heals by itself: HealthTellsTheTruthTest.)
 */
class FlowHealthTest {
    @TempDir
    Path data;

    @Test
    void unreachableDestinationIsReportedAndNothingIsLost() throws Exception {
        Properties p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.embedded.ftp.port", String.valueOf(TestRuntimes.freePort()));
        p.setProperty("mediarelay.dropfolder.retry-deadline", "1"); // ms: the first retry is past the deadline: dead
        try (MediarelayRuntime rt = new MediarelayRuntime(TestRuntimes.config(p)).start()) {
            String health = "http://127.0.0.1:" + rt.config().getInt("camel.management.port", 0) + "/observe/health";
            await().atMost(Duration.ofSeconds(10)).until(() -> TestRuntimes.get(health, null).statusCode() == 200);
            EmbeddedFtpServer ftp = rt.embedded().find(EmbeddedFtpServer.class).orElseThrow();
            ftp.stop();

            drop("lost-not.txt");
            DeadLetterStore store = new DeadLetterStore(rt.dataSource(), data.resolve("dead-letters"));
            await().atMost(Duration.ofSeconds(60)).until(() -> !store.list().isEmpty() && store.list().get(0).status().equals("NEW"));
            // DeadLetterStore inserts the row before it marks the flow failed: wait for the health check, not the row
            await().atMost(Duration.ofSeconds(10)).until(() -> TestRuntimes.get(health, null).statusCode() == 503);
            var down = TestRuntimes.get(health + "?data=true", null);
            assertEquals(503, down.statusCode(), "health stays UP after a dead letter");
            assertTrue(down.body().contains("dropfolder-to-ftp"), "health names the flow");
            var letter = store.list().get(0);
            assertEquals("dropfolder-to-ftp", letter.routeId());
            assertEquals("content of lost-not.txt", Files.readString(Path.of(letter.payloadPath())), "payload kept");

            ftp.start();
            drop("after-recovery.txt");
            DeliveryRecorder recorder = new DeliveryRecorder(rt.dataSource(), null);
            await().atMost(Duration.ofSeconds(30)).until(() -> recorder.all().stream()
                    .anyMatch(d -> d.assetId().equals("after-recovery.txt") && d.outcome().equals("DELIVERED")));
            assertEquals(503, TestRuntimes.get(health, null).statusCode(), "a recent dead letter keeps health DOWN");
            assertTrue(recorder.all().stream().noneMatch(d -> d.assetId().equals("lost-not.txt") && d.outcome().equals("DELIVERED")),
                    "the dead letter is not retried by itself");

            // replay: the kept message goes back through its flow and is delivered; a second replay is refused
            String admin = "http://127.0.0.1:" + rt.config().getInt("camel.server.port", 0) + "/admin/dead-letters/" + letter.id() + "/replay";
            assertEquals(401, TestRuntimes.post(admin, "wrong-token").statusCode());
            var replay = TestRuntimes.post(admin, "sandbox-admin-token");
            assertEquals(200, replay.statusCode(), replay.body());
            assertTrue(replay.body().contains("\"COMPLETED\""), replay.body());
            var row = recorder.all().stream().filter(d -> d.assetId().equals("lost-not.txt") && d.outcome().equals("DELIVERED"))
                    .findFirst().orElseThrow();
            assertEquals("dropfolder-to-ftp", row.flowId());
            assertEquals("content of lost-not.txt", Files.readString(ftp.root().resolve("dropfolder/lost-not.txt")));
            assertEquals("REPLAYED", store.list().stream().filter(d -> d.id() == letter.id()).findFirst().orElseThrow().status());
            await().atMost(Duration.ofSeconds(10)).until(() -> TestRuntimes.get(health, null).statusCode() == 200);
            var again = TestRuntimes.post(admin, "sandbox-admin-token");
            assertEquals(409, again.statusCode(), again.body());
            assertEquals(1, recorder.all().stream().filter(d -> d.assetId().equals("lost-not.txt") && d.outcome().equals("DELIVERED")).count(),
                    "delivered once");
            assertEquals(404, TestRuntimes.post(admin.replace("/" + letter.id() + "/", "/999999/"), "sandbox-admin-token").statusCode());
        }
    }

    private void drop(String name) throws Exception {
        Path inbox = data.resolve("inbox");
        Files.createDirectories(inbox);
        Files.writeString(data.resolve(name), "content of " + name);
        Files.move(data.resolve(name), inbox.resolve(name));
    }
}
