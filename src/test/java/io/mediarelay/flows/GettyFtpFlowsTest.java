package io.mediarelay.flows;

import static io.mediarelay.flows.GettyFlowRuntime.assertNoDuplicateRows;
import static io.mediarelay.flows.GettyFlowRuntime.assertNoPartFiles;
import static io.mediarelay.flows.GettyFlowRuntime.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.transfer.DeliveryRecorder;
import io.mediarelay.transfer.Sha256Action;
import io.mediarelay.testsupport.Polls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GF1, GF2, GF6 end to end: sandbox board -> license -> embedded FTP, files, companions, rows, license counts. */
class GettyFtpFlowsTest {
    static final String APPROVED = "a9958a72-a41e-4e39-f126-e24c71965126";
    final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void gf1DeliversOnePackagePerBoardAssetLicensedOnce() throws Exception {
        try (GettyFlowRuntime rt = GettyFlowRuntime.start(GettyFlowRuntime.overrides(data, "gf1"))) {
            long t0 = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() -> rt.delivered("gf1-licensed-package-export").size() == 8);
            System.out.printf("GF1: 8 packages (6 images, 2 videos) in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            Path root = rt.ftpRoot.resolve("gf1-packages");
            List<String> files = files(root);
            assertEquals(16, files.size(), files.toString());
            assertNoPartFiles(root);
            for (DeliveryRecorder.Delivery d : rt.delivered("gf1-licensed-package-export")) {
                Path asset = rt.ftpRoot.resolve(d.remotePath());
                // package folder per request: <board>/<asset>/<Getty's file name>
                assertTrue(d.remotePath().startsWith("gf1-packages/" + APPROVED + "/" + d.assetId() + "/"), d.remotePath());
                assertEquals(d.bytes(), Files.size(asset));
                assertEquals(d.sha256(), Sha256Action.of(asset), "recorded hash is the hash of the file on the server");
                JsonNode c = json.readTree(rt.ftpRoot.resolve(d.remotePath() + ".json").toFile());
                assertEquals(d.assetId(), c.get("assetId").asText());
                assertEquals(d.sha256(), c.get("sha256").asText());
                assertTrue(c.hasNonNull("licenseEvent") && c.hasNonNull("requestKey"), c.toString());
            }
            assertEquals(8, rt.sandbox.licenseCount(), "each asset licensed once");
            assertNoDuplicateRows(rt.delivered("gf1-licensed-package-export"));
            // the metadata of the assets one poll emitted comes in one call per asset type (issue 15), not one per asset
            assertEquals(1, rt.sandbox.requestCount("GET", "/v3/images"), "metadata calls for the 6 images");
            assertEquals(1, rt.sandbox.requestCount("GET", "/v3/videos"), "metadata calls for the 2 videos");
        }
        // the same board again after a restart: nothing licensed or delivered again
        try (GettyFlowRuntime rt = GettyFlowRuntime.start(GettyFlowRuntime.overrides(data, "gf1"))) {
            rt.sandbox.addAssetToBoard(APPROVED, rt.sandbox.catalogImageIds().get(20));
            await().atMost(Duration.ofSeconds(20)).until(() -> rt.delivered("gf1-licensed-package-export").size() == 9);
            Polls.awaitMoreRuns(rt.runtime.context(), "gf1-source", 3, Duration.ofSeconds(20)); // the board again: nothing new
            assertEquals(9, rt.delivered("gf1-licensed-package-export").size());
            assertEquals(9, rt.sandbox.licenseCount(), "only the newly added asset was licensed");
        }
    }

    @Test
    void gf2EditorialCompanionsCarryCaptionCreditRestrictionsDate() throws Exception {
        try (GettyFlowRuntime rt = GettyFlowRuntime.start(GettyFlowRuntime.overrides(data, "gf2"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> rt.delivered("gf2-editorial-companions").size() == 3);
            Path root = rt.ftpRoot.resolve("gf2-editorial");
            assertEquals(9, files(root).size(), "asset + .json + .xmp each: " + files(root));
            assertNoPartFiles(root);
            for (DeliveryRecorder.Delivery d : rt.delivered("gf2-editorial-companions")) {
                JsonNode c = json.readTree(rt.ftpRoot.resolve(d.remotePath() + ".json").toFile());
                assertFalse(c.path("caption").asText().isBlank(), c.toString());
                assertTrue(c.path("credit").asText().contains("Getty Images"), c.toString());
                assertTrue(c.path("restrictions").isArray(), c.toString());
                assertTrue(c.path("publicationDate").asText().matches("\\d{4}-.*"), c.toString());
                assertEquals("editorial", c.path("assetFamily").asText());
                String xmpName = d.remotePath().substring(0, d.remotePath().lastIndexOf('.')) + ".xmp";
                String xmp = Files.readString(rt.ftpRoot.resolve(xmpName));
                assertTrue(xmp.contains("photoshop:Credit") && xmp.contains(c.path("credit").asText()), xmp);
                assertEquals(d.sha256(), Sha256Action.of(rt.ftpRoot.resolve(d.remotePath())));
                // companion, gate before licensing and license registration all read the metadata: Getty is asked once
                assertEquals(1, rt.sandbox.metadataLookups(d.assetId()), "metadata requests for " + d.assetId());
            }
            assertEquals(3, rt.sandbox.licenseCount());
        }
    }

    @Test
    void gf6StreamsLargeVideosVerifiedBySizeAndSha256() throws Exception {
        Properties o = GettyFlowRuntime.overrides(data, "gf6");
        long size = 24L * 1024 * 1024;
        o.setProperty("mediarelay.embedded.getty.video-bytes", String.valueOf(size));
        try (GettyFlowRuntime rt = GettyFlowRuntime.start(o)) {
            long t0 = System.nanoTime();
            await().atMost(Duration.ofSeconds(40)).until(() -> rt.delivered("gf6-large-video-delivery").size() == 2);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("GF6: 2 x %d MB streamed and verified in %d ms%n", size >> 20, ms);
            Path root = rt.ftpRoot.resolve("gf6-video");
            assertNoPartFiles(root);
            for (DeliveryRecorder.Delivery d : rt.delivered("gf6-large-video-delivery")) {
                Path video = rt.ftpRoot.resolve(d.remotePath());
                assertTrue(d.remotePath().endsWith(".mp4"), d.remotePath());
                assertEquals(size, Files.size(video));
                assertEquals(size, d.bytes());
                assertEquals(d.sha256(), Sha256Action.of(video));
                assertTrue(Files.exists(rt.ftpRoot.resolve(d.remotePath() + ".json")));
            }
            assertEquals(2, rt.sandbox.licenseCount(), "only the two videos were licensed");
        }
    }

    @Test
    void gf1LicenseGateRefusesUsesOutsideTheLicenseWithTheReason() throws Exception {
        // advertising is a commercial channel: editorial (editorial-only) assets must not go there, creative ones may;
        // the rights-managed agreement covers web only, so rights-managed creative assets are refused too
        Properties o = GettyFlowRuntime.overrides(data, "gf1");
        o.setProperty("mediarelay.gf1.use.channel", "advertising");
        o.setProperty("mediarelay.gf1.agreement.channels", "web");
        try (GettyFlowRuntime rt = GettyFlowRuntime.start(o)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.delivered("gf1-licensed-package-export").size()
                    + deadLetters(rt).size() == 8);
            var registry = (io.mediarelay.license.LicenseRegistry) rt.runtime.context().getRegistry().lookupByName("licenseRegistry");
            List<String> refused = deadLetters(rt);
            assertFalse(refused.isEmpty(), "some assets refused");
            assertFalse(rt.delivered("gf1-licensed-package-export").isEmpty(), "royalty-free assets still delivered");
            for (String reason : refused) {
                assertTrue(reason.contains("LicenseDeniedException") && reason.contains("advertising")
                        && (reason.contains("[CHANNEL_NOT_APPROVED]") || reason.contains("not for commercial channel")), reason);
            }
            for (DeliveryRecorder.Delivery d : rt.delivered("gf1-licensed-package-export")) {
                var licenses = registry.licensesOf(d.assetId());
                assertEquals(1, licenses.size(), "registered: " + d.assetId());
                assertTrue(licenses.get(0).licenseModel().equalsIgnoreCase("royaltyfree"), licenses.get(0).toString());
            }
            assertEquals(rt.delivered("gf1-licensed-package-export").size(), rt.sandbox.licenseCount(),
                    "refused before buying: only delivered assets were licensed");
            // nothing refused reached the destination under any name
            long deliveredAssets = rt.delivered("gf1-licensed-package-export").size();
            try (var dirs = Files.list(rt.ftpRoot.resolve("gf1-packages/" + APPROVED))) {
                assertEquals(deliveredAssets, dirs.count(), "one package folder per delivered asset only");
            }
        }
    }

    static List<String> deadLetters(GettyFlowRuntime rt) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (var c = rt.runtime.dataSource().getConnection();
             var rs = c.createStatement().executeQuery("SELECT reason FROM dead_letters WHERE route_id = 'gf1-licensed-package-export'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
