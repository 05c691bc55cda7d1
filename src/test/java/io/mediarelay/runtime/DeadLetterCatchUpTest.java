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
import io.mediarelay.testsupport.Polls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Catch-up replays the messages waiting on a durable retry (RETRYING, due) and leaves dead letters (NEW) to an operator. */
class DeadLetterCatchUpTest {
    @TempDir
    Path data;

    @Test
    void replaysRetryingLettersAndLeavesDeadOnesForAnOperator() throws Exception {
        Properties p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.dead-letters.catch-up.interval-ms", "300");
        try (MediarelayRuntime rt = new MediarelayRuntime(TestRuntimes.config(p)).start()) {
            long refused = insert(rt, "refused.txt", "java.lang.IllegalArgumentException", "NEW");
            long lost = insert(rt, "was-down.txt", "org.apache.camel.component.file.GenericFileOperationFailedException", "RETRYING");
            Path ftp = rt.embedded().find(EmbeddedFtpServer.class).orElseThrow().root();
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(ftp.resolve("dropfolder/was-down.txt")));
            DeadLetterStore store = new DeadLetterStore(rt.dataSource(), data.resolve("dead-letters"));
            await().atMost(Duration.ofSeconds(10)).until(() -> status(store, lost).equals("REPLAYED"));
            Polls.awaitMoreRuns(rt.context(), "dead-letter-catch-up", 3, Duration.ofSeconds(10)); // three more rounds
            assertEquals("NEW", status(store, refused), "a dead (permanent) letter is never replayed by the catch-up");
            assertEquals(false, Files.exists(ftp.resolve("dropfolder/refused.txt")));
        }
    }

    static String status(DeadLetterStore store, long id) throws Exception {
        return store.list().stream().filter(d -> d.id() == id).findFirst().orElseThrow().status();
    }

    private long insert(MediarelayRuntime rt, String name, String exceptionType, String status) throws Exception {
        Path payload = data.resolve(name + ".bin");
        Files.writeString(payload, "content of " + name);
        String headers = "{\"CamelFileName\":\"" + name + "\",\"CamelFileNameOnly\":\"" + name + "\"}";
        try (var c = rt.dataSource().getConnection();
             var ps = c.prepareStatement("INSERT INTO dead_letters (route_id, reason, exception_type, headers_json,"
                     + " payload_path, payload_bytes, failed_at, status, origin_route_id, next_attempt_at, retry_deadline)"
                     + " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                     java.sql.Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, "dropfolder-to-ftp");
            ps.setString(2, "test");
            ps.setString(3, exceptionType);
            ps.setString(4, headers);
            ps.setString(5, payload.toString());
            ps.setLong(6, Files.size(payload));
            ps.setTimestamp(7, Timestamp.from(Instant.now()));
            ps.setString(8, status);
            ps.setString(9, "dropfolder-to-ftp");
            ps.setTimestamp(10, Timestamp.from(Instant.now()));
            ps.setTimestamp(11, Timestamp.from(Instant.now().plusSeconds(3600)));
            ps.executeUpdate();
            try (var keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }
}
