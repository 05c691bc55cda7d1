package io.mediarelay.getty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import io.mediarelay.sandbox.getty.GettySandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench sandbox (its own JVM in bench/gf1-throughput.sh) takes a board size, latency and QPS limit. */
class GettyBenchSandboxTest {

    @Test
    void fillsTheBoardAndAppliesLatencyAndQps(@TempDir Path dir) throws Exception {
        try (GettySandbox sandbox = GettyBenchSandbox.start(100_000,
                GettyBenchSandbox.options("board-size=1000", "latency-ms=150", "qps=10", "download-limit=5000"))) {
            String board = sandbox.defaultBoardId();
            assertEquals(1000, sandbox.boardAssetCount(board));
            assertEquals(10.0, sandbox.config().qpsLimit());
            assertEquals(5000, sandbox.config().downloadLimit());

            Path info = dir.resolve("sandbox.properties");
            GettyBenchSandbox.writeInfo(sandbox, info);
            String text = Files.readString(info);
            assertTrue(text.contains("board_id=" + board + "\n"), text);
            assertTrue(text.contains("board_assets=1000\n"), text);
            assertTrue(text.contains("base_url=" + sandbox.baseUrl() + "\n"), text);

            HttpRequest products = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/v3/products"))
                    .header("Api-Key", sandbox.config().apiKey()).build();
            long t0 = System.nanoTime();
            HttpClient.newHttpClient().send(products, HttpResponse.BodyHandlers.discarding());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 150, "a /v3 call answered after " + ms + " ms, latency-ms=150");

            HttpRequest stats = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/sandbox/stats")).build();
            String body = HttpClient.newHttpClient().send(stats, HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(body.contains("\"api_requests\":1"), "one /v3 request so far: " + body);
        }
    }

    @Test
    void refusesAnUnknownOption() {
        assertThrows(IllegalArgumentException.class, () -> GettyBenchSandbox.options("latency=150"));
    }
}
