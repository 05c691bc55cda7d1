package io.mediarelay.flows;

import static io.mediarelay.flows.GettyFlowRuntime.assertNoDuplicateRows;
import static io.mediarelay.flows.GettyFlowRuntime.assertNoPartFiles;
import static io.mediarelay.flows.GettyFlowRuntime.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.transfer.DeliveryRecorder;
import io.mediarelay.transfer.Sha256Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: GF1 with {@code mediarelay.gf1.concurrency=4} against a sandbox answering every /v3 call after 400 ms
 * licenses several assets at once (the sandbox sees overlapping calls, the board takes less than its license calls
 * one after another would), and the result is exact: every board asset licensed and delivered once, every companion
 * describing the file next to it.
 */
class GettyBoardConcurrencyTest {
    private static final String FLOW = "gf1-licensed-package-export";
    private static final int LATENCY_MS = 400;

    @TempDir
    Path data;

    @Test
    void fourAssetsInFlightOverlapAndEveryAssetIsDeliveredOnceWithItsCompanion() throws Exception {
        Properties o = GettyFlowRuntime.overrides(data, "gf1");
        o.setProperty("mediarelay.gf1.concurrency", "4");
        o.setProperty("mediarelay.embedded.getty.latency-ms", Integer.toString(LATENCY_MS));
        o.setProperty("mediarelay.embedded.getty.video-bytes", "300000");
        try (GettyFlowRuntime rt = GettyFlowRuntime.start(o)) {
            long t0 = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.delivered(FLOW).size() == 8);
            long wallMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("GF1 x4, %d ms per /v3 call: 8 packages in %d ms, at most %d calls at once%n",
                    LATENCY_MS, wallMs, rt.sandbox.maxConcurrentApiCalls());
            assertTrue(rt.sandbox.maxConcurrentApiCalls() >= 2,
                    "license calls overlap: " + rt.sandbox.maxConcurrentApiCalls() + " at most at once");

            List<DeliveryRecorder.Delivery> rows = rt.delivered(FLOW);
            assertEquals(8, rt.sandbox.licenseCount(), "each asset licensed once");
            assertEquals(8, rows.stream().map(DeliveryRecorder.Delivery::assetId).distinct().count());
            assertNoDuplicateRows(rows);
            Path root = rt.ftpRoot.resolve("gf1-packages");
            assertEquals(16, files(root).size(), files(root).toString());
            assertNoPartFiles(root);
            ObjectMapper json = new ObjectMapper();
            for (DeliveryRecorder.Delivery d : rows) {
                Path asset = rt.ftpRoot.resolve(d.remotePath());
                assertTrue(d.remotePath().contains("/" + d.assetId() + "/"), d.remotePath());
                assertEquals(d.sha256(), Sha256Action.of(asset), "recorded hash is the file's");
                JsonNode c = json.readTree(rt.ftpRoot.resolve(d.remotePath() + ".json").toFile());
                assertEquals(d.assetId(), c.get("assetId").asText(), "companion of " + d.remotePath());
                assertEquals(d.sha256(), c.get("sha256").asText(), "companion hash of " + d.remotePath());
            }
        }
    }
}
