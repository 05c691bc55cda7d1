package io.mediarelay.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Properties;

import io.mediarelay.runtime.deadletter.DeadLetterStore;
import io.mediarelay.transfer.DeliveryRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password set in configuration appears in no log line (at DEBUG, stack traces included), no health or metrics
 * output, and no dead-letter record — on the success path and on a failing login.
 */
class SecretsNeverLeakTest {
    static final String FTP_PASSWORD = "S3cr3t-Ftp-Pa55-91xq";
    static final String WRONG_PASSWORD = "Wr0ng-Destination-Pa55-77zk";
    static final String ADMIN_TOKEN = "Adm1n-T0ken-5ecret-4242";

    @TempDir
    Path data;

    @Test
    void passwordsAppearNowhere() throws Exception {
        Properties p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.embedded.ftp.password", FTP_PASSWORD);
        p.setProperty("mediarelay.admin.token", ADMIN_TOKEN);
        StringBuilder outputs = new StringBuilder();
        try (LogCapture logs = new LogCapture()) {
            try (MediarelayRuntime rt = new MediarelayRuntime(TestRuntimes.config(p)).start()) {
                drop(data.resolve("inbox"), "ok.txt");
                DeliveryRecorder recorder = new DeliveryRecorder(rt.dataSource(), null);
                await().atMost(Duration.ofSeconds(20)).until(() -> recorder.all().size() == 1);
                collectObservability(rt, outputs);
            }
            // second start: the destination password is wrong, so the login fails and the file is dead-lettered
            p.setProperty("mediarelay.destinations.dropfolder.password", WRONG_PASSWORD);
            try (MediarelayRuntime rt = new MediarelayRuntime(TestRuntimes.config(p)).start()) {
                drop(data.resolve("inbox"), "fails.txt");
                DeadLetterStore store = new DeadLetterStore(rt.dataSource(), data.resolve("dead-letters"));
                await().atMost(Duration.ofSeconds(60)).until(() -> !store.list().isEmpty());
                collectObservability(rt, outputs);
                try (var c = rt.dataSource().getConnection(); ResultSet rs = c.createStatement()
                        .executeQuery("SELECT reason, from_endpoint, headers_json FROM dead_letters")) {
                    while (rs.next()) {
                        outputs.append(rs.getString(1)).append(rs.getString(2)).append(rs.getString(3));
                    }
                }
            }
            String all = logs.text() + outputs;
            assertTrue(logs.text().contains("Dead letter"), "the failure was logged");
            for (String secret : new String[] {FTP_PASSWORD, WRONG_PASSWORD, ADMIN_TOKEN}) {
                assertFalse(all.contains(secret), "secret leaked: " + excerpt(all, secret));
            }
        }
    }

    private static void drop(Path inbox, String name) throws Exception {
        Files.createDirectories(inbox);
        Path staged = inbox.getParent().resolve(name);
        Files.writeString(staged, "content of " + name);
        Files.move(staged, inbox.resolve(name));
    }

    private static void collectObservability(MediarelayRuntime rt, StringBuilder out) throws Exception {
        int mgmt = rt.config().getInt("camel.management.port", 0);
        out.append(TestRuntimes.get("http://127.0.0.1:" + mgmt + "/observe/health?data=true", null).body());
        out.append(TestRuntimes.get("http://127.0.0.1:" + mgmt + "/observe/metrics", null).body());
        int server = rt.config().getInt("camel.server.port", 0);
        out.append(TestRuntimes.get("http://127.0.0.1:" + server + "/admin/flows", ADMIN_TOKEN).body());
    }

    private static String excerpt(String all, String secret) {
        int i = all.indexOf(secret);
        return all.substring(Math.max(0, i - 300), Math.min(all.length(), i + 100));
    }
}
