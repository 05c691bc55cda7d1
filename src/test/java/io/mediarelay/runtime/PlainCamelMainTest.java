package io.mediarelay.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.runtime.db.Database;
import io.mediarelay.transfer.DeliveryRecorder;
import io.mediarelay.transfer.EmbeddedFtpServer;
import io.mediarelay.transfer.Sha256Action;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The route files run on plain Apache Camel: {@code org.apache.camel.main.Main} (no MediarelayRuntime, no bean bound
 * in code) with the properties files README's "Run a flow with plain Camel" names, delivering a dropped file through
 * dropfolder-to-ftp and its kamelets to a real FTP server, recorded in the database. Before the beans were declared
 * where Camel finds them this failed at start: "No bean could be found in the registry for: inboxGuard".
 */
class PlainCamelMainTest {
    @TempDir
    Path tmp;
    EmbeddedFtpServer ftp;
    Main main;

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
        if (ftp != null) {
            ftp.close();
        }
    }

    @Test
    void dropFolderFlowDeliversOnPlainCamelMain() throws Exception {
        Path data = tmp.resolve("data");
        ftp = new EmbeddedFtpServer(0, tmp.resolve("ftp"), "0").user("relay", "relay-secret", "").start();
        String db = "jdbc:h2:mem:plain-camel-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

        // what a user's own file would say, listed first (the first location that has a key wins in Camel)
        Properties mine = new Properties();
        mine.setProperty("mediarelay.data-dir", data.toString());
        mine.setProperty("mediarelay.db.url", db);
        mine.setProperty("mediarelay.embedded.ftp.port", String.valueOf(ftp.port()));
        mine.setProperty("mediarelay.embedded.ftp.user", "relay");
        mine.setProperty("mediarelay.embedded.ftp.password", "relay-secret");
        mine.setProperty("mediarelay.dropfolder.poll-delay-ms", "100");
        mine.setProperty("mediarelay.dropfolder.read-lock-min-age-ms", "200");
        mine.setProperty("camel.management.enabled", "false");
        mine.setProperty("camel.server.enabled", "false");
        Path mineFile = tmp.resolve("mine.properties");
        try (Writer w = Files.newBufferedWriter(mineFile)) {
            mine.store(w, null);
        }

        main = new Main();
        main.setPropertyPlaceholderLocations(String.join(",", "file:" + mineFile,
                "file:config/plain-camel.properties", "file:config/application-embedded.properties",
                "file:config/application.properties"));
        main.start();

        byte[] content = new byte[120_000];
        new Random(11).nextBytes(content);
        Path inbox = data.resolve("inbox");
        Files.createDirectories(inbox);
        Path staged = tmp.resolve("plain-001.jpg");
        Files.write(staged, content);
        String sha = Sha256Action.of(staged);
        Files.move(staged, inbox.resolve("plain-001.jpg"));

        DeliveryRecorder recorder = new DeliveryRecorder(Database.dataSource(db, "sa", ""), null);
        await().atMost(Duration.ofSeconds(20)).until(() -> !recorder.all().isEmpty());

        Path delivered = ftp.root().resolve("dropfolder/plain-001.jpg");
        assertTrue(Files.exists(delivered), "delivered under its final name");
        assertEquals(sha, Sha256Action.of(delivered), "delivered bytes are the dropped bytes");
        JsonNode companion = new ObjectMapper().readTree(ftp.root().resolve("dropfolder/plain-001.jpg.json").toFile());
        assertEquals(sha, companion.get("sha256").asText());
        assertEquals("dropfolder-to-ftp", companion.get("flow").asText(), "the flow id reaches kamelet steps");
        List<DeliveryRecorder.Delivery> rows = recorder.all();
        assertEquals(1, rows.size());
        assertEquals("dropfolder-to-ftp", rows.get(0).flowId());
        assertEquals("dropfolder", rows.get(0).destination());
        assertEquals("dropfolder/plain-001.jpg", rows.get(0).remotePath());
        assertEquals(sha, rows.get(0).sha256());
        assertEquals("DELIVERED", rows.get(0).outcome());
    }
}
