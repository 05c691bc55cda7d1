package io.mediarelay.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** Catch-up replays what a later attempt can fix, oldest first, and leaves bad input / license refusals alone. */
class DeadLetterCatchUpTest {
    @TempDir
    Path data;

    @Test
    void replaysRetryableLettersAndLeavesBadInputForAnOperator() throws Exception {
        Properties p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.dead-letters.catch-up.routes", "dropfolder-to-ftp");
        p.setProperty("mediarelay.dead-letters.catch-up.interval-ms", "300");
        try (MediarelayRuntime rt = new MediarelayRuntime(TestRuntimes.config(p)).start()) {
            long refused = insert(rt, "refused.txt", "java.lang.IllegalArgumentException");
            long lost = insert(rt, "was-down.txt", "org.apache.camel.component.file.GenericFileOperationFailedException");
            Path ftp = rt.embedded().find(EmbeddedFtpServer.class).orElseThrow().root();
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(ftp.resolve("dropfolder/was-down.txt")));
            DeadLetterStore store = new DeadLetterStore(rt.dataSource(), data.resolve("dead-letters"));
            await().atMost(Duration.ofSeconds(10)).until(() -> status(store, lost).equals("REPLAYED"));
            Thread.sleep(1000); // several rounds
            assertEquals("NEW", status(store, refused), "bad input is not replayed by itself");
            assertEquals(false, Files.exists(ftp.resolve("dropfolder/refused.txt")));
        }
    }

    static String status(DeadLetterStore store, long id) throws Exception {
        return store.list().stream().filter(d -> d.id() == id).findFirst().orElseThrow().status();
    }

    private long insert(MediarelayRuntime rt, String name, String exceptionType) throws Exception {
        Path payload = data.resolve(name + ".bin");
        Files.writeString(payload, "content of " + name);
        String headers = "{\"CamelFileName\":\"" + name + "\",\"CamelFileNameOnly\":\"" + name + "\"}";
        try (var c = rt.dataSource().getConnection();
             var ps = c.prepareStatement("INSERT INTO dead_letters (route_id, reason, exception_type, headers_json,"
                     + " payload_path, payload_bytes, failed_at, status, origin_route_id) VALUES (?,?,?,?,?,?,?,'NEW',?)",
                     java.sql.Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, "dropfolder-to-ftp");
            ps.setString(2, "test");
            ps.setString(3, exceptionType);
            ps.setString(4, headers);
            ps.setString(5, payload.toString());
            ps.setLong(6, Files.size(payload));
            ps.setTimestamp(7, Timestamp.from(Instant.now()));
            ps.setString(8, "dropfolder-to-ftp");
            ps.executeUpdate();
            try (var keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }
}
