package io.mediarelay.photoshelter;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.runtime.embedded.EmbeddedServices;
import io.mediarelay.sandbox.photoshelter.PhotoShelterSandbox;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * As integration engineers use it: the embedded sandbox started by the runtime's service loader, a YAML route,
 * camel.component.photoshelter.* from the embedded profile's own settings, camel-main.
 */
class PhotoShelterYamlRouteTest {

    @TempDir
    Path dir;

    @Test
    void yamlRouteUploadsDropFolderIntoGalleryByNameOnTheEmbeddedSandbox() throws Exception {
        // the PhotoShelter section of config/application-embedded.properties, with a temp data dir
        Path conf = Files.createDirectories(dir.resolve("config"));
        Properties embedded = new Properties();
        try (var in = Files.newInputStream(Path.of("config/application-embedded.properties"))) {
            embedded.load(in);
        }
        StringBuilder props = new StringBuilder("mediarelay.data-dir = " + dir.resolve("data").toString().replace('\\', '/') + "\n");
        embedded.stringPropertyNames().stream().filter(k -> k.contains("photoshelter"))
                .forEach(k -> props.append(k).append(" = ").append(embedded.getProperty(k)).append('\n'));
        Files.writeString(conf.resolve("application.properties"), props.toString());
        Files.writeString(conf.resolve("application-embedded.properties"), "");
        RuntimeConfig config = RuntimeConfig.load(conf, "embedded", new Properties());
        for (String k : List.of("mediarelay.embedded.photoshelter.api-key", "mediarelay.embedded.photoshelter.email",
                "mediarelay.embedded.photoshelter.password")) {
            assertTrue(config.get(k).contains("sandbox"), "sandbox credentials must say so: " + k);
        }

        try (EmbeddedServices services = EmbeddedServices.start(config)) {
            PhotoShelterSandbox sandbox = services.find(PhotoShelterSandbox.class).orElseThrow();
            RuntimeConfig running = config.with(services.publishedProperties());
            assertEquals(sandbox.baseUrl(), running.get("camel.component.photoshelter.base-url"));
            assertTrue(Files.exists(dir.resolve("data/photoshelter/state.json")), "sandbox persists under the data dir");

            Path inbox = Files.createDirectories(dir.resolve("inbox"));
            Path yaml = dir.resolve("photoshelter-flow.yaml");
            Files.writeString(yaml, """
                    - route:
                        id: inbox-to-photoshelter
                        from:
                          uri: file:%s
                          parameters:
                            delay: 100
                            initialDelay: 0
                            move: .done
                          steps:
                            - to:
                                uri: photoshelter:upload
                                parameters:
                                  galleryName: FTP Intake
                                  collectionPath: Brand/2026
                            - to: "log:photoshelter-upload?showHeaders=true"
                    """.formatted(inbox.toAbsolutePath().toString().replace('\\', '/')));
            for (int i = 1; i <= 3; i++) {
                Files.writeString(inbox.resolve("drop-" + i + ".jpg"), ("image " + i).repeat(1000), StandardCharsets.UTF_8);
            }
            Main main = new Main();
            main.addInitialProperty("camel.main.routesIncludePattern", "file:" + yaml.toAbsolutePath());
            running.properties().stringPropertyNames().stream().filter(k -> k.startsWith("camel.component.photoshelter."))
                    .forEach(k -> main.addInitialProperty(k, running.get(k)));
            main.start();
            try {
                await().atMost(Duration.ofSeconds(15)).until(() -> sandbox.uploadCount() >= 3);
                PhotoShelterComponent ps = (PhotoShelterComponent) main.getCamelContext().getComponent("photoshelter");
                assertEquals(10.0, ps.getConfiguration().getQps());
            } finally {
                main.stop();
            }
            List<String> galleries = sandbox.findGalleries("FTP Intake");
            assertEquals(1, galleries.size(), "one gallery although three messages asked for it");
            List<Map<String, Object>> images = sandbox.findImagesInGallery(galleries.get(0));
            assertEquals(3, images.size());
            for (Map<String, Object> img : images) {
                String name = (String) img.get("file_name");
                String expected = PhotoShelterUploadTest.sha256(new java.io.ByteArrayInputStream(
                        ("image " + name.charAt(5)).repeat(1000).getBytes(StandardCharsets.UTF_8)));
                assertEquals(expected, img.get("sha256"), name);
            }
        }
    }
}
