package io.mediarelay.flows;

import static io.mediarelay.flows.GettyFlowRuntime.assertNoPartFiles;
import static io.mediarelay.flows.GettyFlowRuntime.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import io.mediarelay.transfer.DeliveryRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GF7: one package per agency, the agency's naming convention, instructions and crop guidance; licensed once. */
class GettyAgencyPackageTest {
    @TempDir
    Path data;

    @Test
    void eachAgencyGetsItsNamingInstructionsAndCropGuidance() throws Exception {
        Properties o = GettyFlowRuntime.overrides(data, "gf7");
        o.setProperty("mediarelay.embedded.getty.video-bytes", "200000");
        try (GettyFlowRuntime rt = GettyFlowRuntime.start(o)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> rt.delivered("gf7-agency-package-agency-a").size() == 8
                    && rt.delivered("gf7-agency-package-agency-b").size() == 8);
            Path a = rt.ftpRoot.resolve("gf7-agency-a");
            Path b = rt.ftpRoot.resolve("gf7-agency-b");
            assertEquals(24, files(a).size(), files(a).toString());
            assertEquals(24, files(b).size(), files(b).toString());
            assertNoPartFiles(a);
            assertNoPartFiles(b);
            // agency A: {agency}/{assetId}_{title}.{ext}; agency B: AGB_{assetId}.{ext}
            for (DeliveryRecorder.Delivery d : rt.delivered("gf7-agency-package-agency-a")) {
                assertTrue(d.remotePath().startsWith("gf7-agency-a/agency-a/" + d.assetId() + "_"), d.remotePath());
                assertTrue(Files.exists(rt.ftpRoot.resolve(d.remotePath())));
            }
            for (DeliveryRecorder.Delivery d : rt.delivered("gf7-agency-package-agency-b")) {
                assertTrue(d.remotePath().matches("gf7-agency-b/AGB_" + d.assetId() + "\\.(jpg|mp4)"), d.remotePath());
                String base = d.remotePath().substring(0, d.remotePath().lastIndexOf('.'));
                String txt = Files.readString(rt.ftpRoot.resolve(base + ".instructions.txt"));
                assertTrue(txt.contains("Print use, EU territory") && txt.contains("Credit line required"), txt);
                assertTrue(txt.contains("\nCredit line required"), "\\n in the setting starts a new line: " + txt);
                assertTrue(txt.contains("Portrait crops 4:5"), txt);
                assertTrue(txt.contains("LicenseEvent: "), txt);
                // Getty's credit_line is an image field: a video's metadata has none (VideoDetailFieldValues)
                assertTrue(txt.contains("Credit: ") == d.remotePath().endsWith(".jpg"), txt);
            }
            List<String> aFiles = files(a);
            assertTrue(aFiles.stream().anyMatch(f -> f.endsWith(".instructions.txt")), aFiles.toString());
            assertEquals(8, rt.sandbox.licenseCount(), "licensed once for both agencies");
        }
    }
}
