package io.mediarelay.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.getty.GettyConstants;
import io.mediarelay.getty.LicenseEventRepository;
import io.mediarelay.sandbox.getty.GettySandbox;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default with the Getty sandbox: the real runtime (config/application-embedded.properties, routes/),
 * port 0, and the getty: component configured only through {@code camel.component.getty.*}.
 */
class GettyEmbeddedRuntimeTest {
    @TempDir
    Path data;

    @Test
    void embeddedProfileWiresGettyComponentToSandbox() throws Exception {
        Properties o = TestRuntimes.overrides(data);
        o.setProperty("mediarelay.embedded.getty.port", "0");
        try (MediarelayRuntime runtime = new MediarelayRuntime(TestRuntimes.config(o)).start()) {
            assertTrue(runtime.embedded().names().contains("getty"), runtime.embedded().names().toString());
            GettySandbox sandbox = runtime.embedded().find(GettySandbox.class).orElseThrow();
            int port = sandbox.port();
            assertNotEquals(0, port);
            assertEquals(String.valueOf(port), runtime.config().get("mediarelay.embedded.getty.port"), "real port published");
            assertEquals("http://127.0.0.1:" + port, runtime.config().get("camel.component.getty.baseUrl"));
            assertEquals(data.resolve("getty-sandbox").toAbsolutePath().normalize(), sandbox.config().dataDir());
            assertEquals(0.0, sandbox.config().errorRatio());
            assertEquals(0.0, sandbox.config().qpsLimit());
            assertEquals(0, sandbox.config().latencyMs());

            ProducerTemplate pt = runtime.context().createProducerTemplate();
            List<?> products = pt.requestBody("getty:products?fields=download_requirements", null, List.class);
            assertFalse(products.isEmpty());
            assertTrue(((Map<?, ?>) products.get(0)).containsKey("downloads_remaining"), products.get(0).toString());

            Map<?, ?> result = pt.requestBodyAndHeader("getty:search?assetFamily=creative&pageSize=3&fields=id,title",
                    null, GettyConstants.PHRASE, "city", Map.class);
            List<?> images = (List<?>) result.get("images");
            assertFalse(images.isEmpty(), result.toString());
            assertTrue(images.size() <= 3);
            assertTrue(sandbox.tokenRequestCount() >= 1, "password grant went to the sandbox's token endpoint");

            // license + download through the runtime's DataSource (license_events) and the sandbox's data dir
            String image = sandbox.catalogImageIds().get(0);
            var ex = pt.request("getty:license?assetType=images", e -> {
                e.getMessage().setBody(image);
                e.getMessage().setHeader(GettyConstants.REQUEST_KEY, "runtime-test-1");
            });
            assertEquals(null, ex.getException());
            // the body stream is closed once the exchange completes; the download itself is covered by GettyLicenseTest
            assertTrue(ex.getMessage().getHeader(GettyConstants.CONTENT_LENGTH, Long.class) > 0);
            assertEquals("LICENSED", new LicenseEventRepository(runtime.dataSource()).find("runtime-test-1").orElseThrow().status());
            assertEquals(1, sandbox.licenseCount());
            assertTrue(Files.isDirectory(data.resolve("getty-sandbox")), "sandbox state on disk");
        }
    }

    @Test
    void faultKnobsComeFromConfiguration() throws Exception {
        Properties o = TestRuntimes.overrides(data);
        o.setProperty("mediarelay.embedded.getty.port", "0");
        o.setProperty("mediarelay.embedded.getty.qps-limit", "3.5");
        o.setProperty("mediarelay.embedded.getty.error-ratio", "0.25");
        o.setProperty("mediarelay.embedded.getty.latency-ms", "7");
        o.setProperty("mediarelay.embedded.getty.token-lifetime-seconds", "60");
        o.setProperty("mediarelay.embedded.getty.video-bytes", "123456");
        RuntimeConfig config = TestRuntimes.config(o);
        var cfg = io.mediarelay.runtime.embedded.GettySandboxServiceFactoryAccess.sandboxConfig(config);
        assertEquals(3.5, cfg.qpsLimit());
        assertEquals(0.25, cfg.errorRatio());
        assertEquals(7, cfg.latencyMs());
        assertEquals(60, cfg.tokenLifetimeSeconds());
        assertEquals(123456L, cfg.videoBytes());
        assertEquals("sandbox-api-key", cfg.apiKey());
    }

    @Test
    void productionProfilePointsAtRealGetty() {
        Properties o = new Properties();
        o.setProperty("mediarelay.routes-dir", TestRuntimes.PROJECT.resolve("routes").toString());
        Map<String, String> env = Map.of("GETTY_API_KEY", "k", "GETTY_CLIENT_SECRET", "s",
                "MEDIARELAY_DB_URL", "jdbc:h2:mem:x", "MEDIARELAY_DB_USER", "u", "MEDIARELAY_DB_PASSWORD", "p",
                "MEDIARELAY_ADMIN_TOKEN", "t", "MEDIARELAY_DROPFOLDER_INBOX", "/tmp/in",
                "MEDIARELAY_DROPFOLDER_FTP_HOST", "h", "MEDIARELAY_DROPFOLDER_FTP_USER", "u",
                "MEDIARELAY_DROPFOLDER_FTP_PASSWORD", "p");
        RuntimeConfig c = io.mediarelay.config.RuntimeConfigAccess.load(TestRuntimes.PROJECT.resolve("config"),
                "production", o, env);
        assertEquals("https://api.gettyimages.com", c.get("camel.component.getty.baseUrl"));
        assertEquals("https://authentication.gettyimages.com/oauth2/token", c.get("camel.component.getty.tokenUrl"));
        assertEquals("k", c.get("camel.component.getty.apiKey"));
        assertEquals("k", c.get("camel.component.getty.clientId"), "client id defaults to the API key");
        assertEquals("s", c.get("camel.component.getty.clientSecret"));
        assertFalse(c.getBoolean("mediarelay.embedded.getty.enabled", true));
        assertFalse(c.properties().values().stream().anyMatch(v -> String.valueOf(v).contains("sandbox")),
                "no sandbox value in production");
    }
}
