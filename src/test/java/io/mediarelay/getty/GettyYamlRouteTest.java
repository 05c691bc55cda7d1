package io.mediarelay.getty;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.mediarelay.runtime.db.Database;
import io.mediarelay.sandbox.getty.GettySandbox;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The component as integration engineers use it: a YAML route, camel.component.getty.* properties, camel-main. */
class GettyYamlRouteTest {

    @TempDir
    Path dir;

    @Test
    void yamlRouteLicensesBoardAssetsToFiles() throws Exception {
        try (GettySandbox sandbox = GettyTestSupport.sandbox()) {
            Path out = Files.createDirectories(dir.resolve("out"));
            String board = sandbox.defaultBoardId();
            Path yaml = dir.resolve("getty-flow.yaml");
            Files.writeString(yaml, """
                    - route:
                        id: approved-board-to-files
                        from:
                          uri: getty:board
                          parameters:
                            boardId: "%s"
                            delay: 200
                            initialDelay: 0
                          steps:
                            - filter:
                                simple: "${header.GettyAssetType} == 'image'"
                                steps:
                                  - to:
                                      uri: getty:license
                                      parameters:
                                        assetType: images
                                        requestKey: "approved-board-${header.GettyAssetId}"
                                  - to:
                                      uri: file:%s
                                      parameters:
                                        fileName: "${header.GettyFileName}"
                    """.formatted(board, out.toAbsolutePath()));
            Main main = new Main();
            main.bind(GettyComponent.DEFAULT_DATA_SOURCE, Database.inMemory("yaml-route"));
            main.addInitialProperty("camel.main.routesIncludePattern", "file:" + yaml.toAbsolutePath());
            main.addInitialProperty("camel.component.getty.baseUrl", sandbox.baseUrl());
            main.addInitialProperty("camel.component.getty.tokenUrl", sandbox.tokenUrl());
            main.addInitialProperty("camel.component.getty.apiKey", GettyTestSupport.API_KEY);
            main.addInitialProperty("camel.component.getty.clientId", GettyTestSupport.CLIENT_ID);
            main.addInitialProperty("camel.component.getty.clientSecret", GettyTestSupport.CLIENT_SECRET);
            main.addInitialProperty("camel.component.getty.username", GettyTestSupport.USERNAME);
            main.addInitialProperty("camel.component.getty.password", GettyTestSupport.PASSWORD);
            main.addInitialProperty("camel.component.getty.qps", "20");
            main.addInitialProperty("camel.component.getty.readTimeout", "15000");
            main.start();
            try {
                // the seeded board holds 6 images
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    try (var s = Files.list(out)) {
                        return s.filter(p -> p.toString().endsWith(".jpg")).count() >= 6;
                    }
                });
                GettyComponent getty = (GettyComponent) main.getCamelContext().getComponent("getty");
                assertEquals(20.0, getty.getConfiguration().getQps());
                assertTrue(getty.getConfiguration().getBaseUrl().startsWith("http://127.0.0.1"));
            } finally {
                main.stop();
            }
            assertEquals(6, sandbox.licenseCount());
        }
    }
}
