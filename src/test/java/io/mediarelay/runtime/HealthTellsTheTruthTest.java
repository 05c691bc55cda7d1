package io.mediarelay.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import io.mediarelay.runtime.deadletter.DeadLetterStore;
import io.mediarelay.transfer.EmbeddedFtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health on the drop-folder flow: an FTP outage is retried durably (the file is delivered once the server is back,
 * nobody replays anything), the flow is DEGRADED meanwhile (how many, since when) while readiness stays UP; a recent
 * dead letter makes health DOWN; the dead letter, the log line and {@code /admin/flows} say flow, step and where.
 */
class HealthTellsTheTruthTest {
    @TempDir
    Path data;

    @Test
    void anOutageIsDegradedAndHealsByItselfADeadLetterIsDown() throws Exception {
        Properties p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.embedded.ftp.port", String.valueOf(TestRuntimes.freePort()));
        p.setProperty("mediarelay.errors.maximum-redeliveries", "0");
        p.setProperty("mediarelay.errors.retry-initial-delay-ms", "500");
        p.setProperty("mediarelay.errors.retry-max-delay-ms", "1000");
        p.setProperty("mediarelay.dead-letters.catch-up.interval-ms", "200");
        try (MediarelayRuntime rt = new MediarelayRuntime(TestRuntimes.config(p)).start()) {
            String base = "http://127.0.0.1:" + rt.config().getInt("camel.management.port", 0) + "/observe/health";
            String flows = "http://127.0.0.1:" + rt.config().getInt("camel.server.port", 0) + "/admin/flows";
            await().atMost(Duration.ofSeconds(10)).until(() -> TestRuntimes.get(base, null).statusCode() == 200);
            EmbeddedFtpServer ftp = rt.embedded().find(EmbeddedFtpServer.class).orElseThrow();
            ftp.stop();

            drop("during-outage.txt");
            DeadLetterStore store = new DeadLetterStore(rt.dataSource(), data.resolve("dead-letters"));
            await().atMost(Duration.ofSeconds(30)).until(() -> !store.list().isEmpty());
            DeadLetterStore.DeadLetter letter = store.list().get(0);
            assertEquals("TRANSIENT", letter.failureKind(), letter.reason());
            String port = rt.config().get("mediarelay.embedded.ftp.port", "");
            assertTrue(letter.reason().contains("127.0.0.1:" + port) || String.valueOf(letter.destination()).contains("127.0.0.1"),
                    "names where: " + letter.reason() + " / " + letter.destination());
            // the step is the sink kamelet the flow called (ftp-upload-sink runs the verified upload, no camel-ftp
            // endpoint in it), the destination is where it was uploading to, the named destination's address
            assertTrue(letter.step().contains("kamelet:ftp-upload-sink"), letter.step());
            assertTrue(letter.destination().matches("ftp://\\w+@127\\.0\\.0\\.1:" + port + "/dropfolder"), letter.destination());
            String secret = rt.context().resolvePropertyPlaceholders("{{mediarelay.destinations.dropfolder.password}}");
            assertFalse(secret.isBlank() || secret.contains("{{"), "the destination has a password: " + secret.length());
            assertFalse(letter.reason().contains(secret) || letter.step().contains(secret) || letter.destination().contains(secret),
                    "never a secret");

            var degraded = TestRuntimes.get(base + "?data=true", null);
            assertEquals(200, degraded.statusCode(), "an outage being retried is not DOWN: " + degraded.body());
            assertTrue(degraded.body().contains("DEGRADED") && degraded.body().contains("waiting on a retry since"), degraded.body());
            assertEquals(200, TestRuntimes.get(base + "/ready", null).statusCode(), "still able to take work");
            var listed = TestRuntimes.get(flows, "sandbox-admin-token").body();
            assertTrue(listed.matches("(?s).*\"id\":\"dropfolder-to-ftp\"[^}]*\"retrying\":1.*"), listed);

            ftp.start();
            Path delivered = ftp.root().resolve("dropfolder/during-outage.txt");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(delivered));
            await().atMost(Duration.ofSeconds(10)).until(() -> !TestRuntimes.get(base + "?data=true", null).body().contains("DEGRADED"));
            assertEquals("REPLAYED", store.list().get(0).status(), "healed without an operator");

            insertDeadLetter(rt);
            var down = TestRuntimes.get(base + "?data=true", null);
            assertEquals(503, down.statusCode(), down.body());
            assertTrue(down.body().contains("dropfolder-to-ftp") && down.body().contains("dead letter"), down.body());
            assertEquals(200, TestRuntimes.get(base + "/ready", null).statusCode(), "readiness is not about destinations");
            assertEquals(200, TestRuntimes.get(base + "/live", null).statusCode());
        }
    }

    private void insertDeadLetter(MediarelayRuntime rt) throws Exception {
        try (var c = rt.dataSource().getConnection();
             var ps = c.prepareStatement("INSERT INTO dead_letters (route_id, reason, failed_at, status, failure_kind)"
                     + " VALUES ('dropfolder-to-ftp', 'FTP login as x failed: 530', ?, 'NEW', 'PERMANENT')")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
    }

    private void drop(String name) throws Exception {
        Path inbox = data.resolve("inbox");
        Files.createDirectories(inbox);
        Files.writeString(data.resolve(name), "content of " + name);
        Files.move(data.resolve(name), inbox.resolve(name));
    }
}
