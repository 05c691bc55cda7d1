package io.mediarelay.flows;

import static io.mediarelay.flows.GettyFlowRuntime.assertNoDuplicateRows;
import static io.mediarelay.flows.GettyFlowRuntime.assertNoPartFiles;
import static io.mediarelay.flows.GettyFlowRuntime.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PF3: approved PhotoShelter media -> license gate -> partner FTP folder + JSON companion, once across restarts. */
class PhotoShelterPartnerDistributionTest {
    static final String FLOW = "pf3-partner-distribution";

    @TempDir
    Path data;

    @Test
    void approvedMediaDeliveredOnceWithCompanionAndLicenseGate() throws Exception {
        Path partner;
        try (PsFlowRuntime rt = PsFlowRuntime.start(PsFlowRuntime.overrides(data, "pf3"))) {
            partner = rt.ftpRoot.resolve("pf3-partner");
            // seeded: spring-1 and spring-2 approved with rights (until 2026-12-31 / 2027-06-30), spring-3 pending
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.delivered(FLOW).size() == 2);
            assertEquals(List.of("spring-1.jpg", "spring-1.jpg.json", "spring-2.jpg", "spring-2.jpg.json"), files(partner));
            assertEquals(PsFlowRuntime.seedBytes(1), Files.readString(partner.resolve("spring-1.jpg")));
            JsonNode companion = new ObjectMapper().readTree(partner.resolve("spring-2.jpg.json").toFile());
            assertEquals(rt.mediaId("spring-2.jpg"), companion.path("assetId").asText());
            assertEquals("Spring campaign shot 2", companion.path("caption").asText());
            assertEquals("Sandbox Photographer", companion.path("credit").asText());
            assertEquals("2027-06-30", companion.path("licenseEnd").asText()); // SandboxSeed: spring-2
            assertEquals(FLOW, companion.path("flow").asText());

            // approving spring-3 in PhotoShelter delivers it on a later run
            rt.updateMetadata(rt.mediaId("spring-3.jpg"), "custom", Map.of("Approval", "Approved", "License Expiry", "2031-06-30"));
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.delivered(FLOW).size() == 3);
            assertTrue(files(partner).contains("spring-3.jpg.json"));

            // approved, but its rights expired: the gate refuses it, dead-lettered with the reason, nothing sent
            String expired = rt.upload("Brand/2026", "Spring Campaign", "expired.jpg", "expired rights\n".repeat(50));
            rt.updateMetadata(expired, "custom", Map.of("Approval", "approved", "License Expiry", "2020-01-31"));
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.count(
                    "SELECT COUNT(*) FROM dead_letters WHERE route_id = '" + FLOW + "'") > 0);
            assertTrue(files(partner).stream().noneMatch(f -> f.startsWith("expired")), "denied media never sent: " + files(partner));
        }

        // restart: nothing delivered again; the flow still picks up new approvals
        try (PsFlowRuntime rt = PsFlowRuntime.start(PsFlowRuntime.overrides(data, "pf3"))) {
            String later = rt.upload("Brand", "Partner picks", "later.jpg", "later\n".repeat(100));
            rt.updateMetadata(later, "custom", Map.of("Approval", "approved"));
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.delivered(FLOW).size() == 4);
            assertNoDuplicateRows(rt.delivered(FLOW));
            assertEquals(1, rt.delivered(FLOW).stream().filter(d -> d.assetId().equals(rt.mediaId("spring-1.jpg"))).count());
            assertEquals(8, files(partner).size(), "4 media + 4 companions: " + files(partner));
            assertNoPartFiles(partner);
        }
    }
}
