package io.mediarelay.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.config.RuntimeConfigAccess;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 7: the production profile starts with exactly the variables README#security documents, every flow
 * switched off (the default) needs none of its settings and opens none of its endpoints. Before: an empty
 * PhotoShelter email and GF4's empty FTP host each ended the start.
 */
class ProductionMinimumStartTest {
    @TempDir
    Path tmp;

    @Test
    void startsWithTheDocumentedMinimum() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("MEDIARELAY_DB_URL", "jdbc:h2:file:" + tmp.resolve("data/db/mediarelay"));
        env.put("MEDIARELAY_DB_USER", "relay");
        env.put("MEDIARELAY_DB_PASSWORD", "db-secret-1");
        env.put("MEDIARELAY_ADMIN_TOKEN", "admin-secret-1");
        env.put("MEDIARELAY_DROPFOLDER_INBOX", Files.createDirectories(tmp.resolve("inbox")).toString());
        env.put("MEDIARELAY_DROPFOLDER_FTP_HOST", "127.0.0.1");
        env.put("MEDIARELAY_DROPFOLDER_FTP_USER", "relay");
        env.put("MEDIARELAY_DROPFOLDER_FTP_PASSWORD", "ftp-secret-1");
        env.put("GETTY_API_KEY", "getty-key-1");
        env.put("GETTY_CLIENT_SECRET", "getty-secret-1");
        Properties plumbing = new Properties(); // where a test may put things, nothing the profile needs
        plumbing.setProperty("mediarelay.data-dir", tmp.resolve("data").toString());
        plumbing.setProperty("mediarelay.routes-dir", TestRuntimes.PROJECT.resolve("routes").toString());
        plumbing.setProperty("camel.server.port", String.valueOf(TestRuntimes.freePort()));
        plumbing.setProperty("camel.management.port", String.valueOf(TestRuntimes.freePort()));
        RuntimeConfig config = RuntimeConfigAccess.load(TestRuntimes.PROJECT.resolve("config"), "production", plumbing, env);

        try (MediarelayRuntime runtime = new MediarelayRuntime(config).start()) {
            var context = runtime.context();
            assertFalse(context.getRoutes().isEmpty());
            context.getRoutes().forEach(r -> {
                ServiceStatus status = context.getRouteController().getRouteStatus(r.getRouteId());
                boolean manual = !r.isAutoStartup();
                assertTrue(manual || status == ServiceStatus.Started, r.getRouteId() + " is " + status);
            });
            assertTrue(context.getRoute("dropfolder-to-ftp") != null, "the drop-folder flow runs");
            assertNull(context.getRoute("gf4-usage-logs-in"), "a switched-off flow is not loaded");
            assertNull(context.getRoute("pf1-dropfolder-intake"), "a switched-off flow is not loaded");
            var flows = TestRuntimes.get("http://127.0.0.1:" + plumbing.getProperty("camel.server.port") + "/admin/flows", "admin-secret-1");
            assertEquals(200, flows.statusCode(), flows.body());
        }
    }
}
