package io.mediarelay.flows;

import static io.mediarelay.flows.GettyFlowRuntime.assertNoDuplicateRows;
import static io.mediarelay.flows.GettyFlowRuntime.assertNoPartFiles;
import static io.mediarelay.flows.GettyFlowRuntime.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import io.mediarelay.runtime.RefusingPort;
import io.mediarelay.transfer.EmbeddedFtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PF6: one location down does not block the others, and catches up (oldest first, each once) when it is back. */
class PhotoShelterRegionalDistributionTest {
    static final String NORTH = "pf6-regional-distribution-north";
    static final String SOUTH = "pf6-regional-distribution-south";
    static final String EAST = "pf6-regional-distribution-franchise-east";

    @TempDir
    Path data;
    @TempDir
    Path eastRoot;

    @Test
    void locationDownCatchesUpWhenBack() throws Exception {
        RefusingPort eastDown = new RefusingPort(); // nobody listens yet, and no other socket takes the port meanwhile
        int eastPort = eastDown.port();
        Properties o = PsFlowRuntime.overrides(data, "pf6");
        o.setProperty("mediarelay.destinations.pf6-franchise-east.port", String.valueOf(eastPort));
        o.setProperty("mediarelay.destinations.pf6-franchise-east.username", "east");
        o.setProperty("mediarelay.destinations.pf6-franchise-east.password", "east-secret");
        o.setProperty("mediarelay.destinations.pf6-franchise-east.directory", "incoming");
        try (eastDown; PsFlowRuntime rt = PsFlowRuntime.start(o)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.delivered(NORTH).size() == 3 && rt.delivered(SOUTH).size() == 3);
            assertEquals(List.of("spring-1.jpg", "spring-1.jpg.json", "spring-2.jpg", "spring-2.jpg.json", "spring-3.jpg", "spring-3.jpg.json"),
                    files(rt.ftpRoot.resolve("pf6-north")));
            assertEquals(PsFlowRuntime.seedBytes(3), Files.readString(rt.ftpRoot.resolve("pf6-south/spring-3.jpg")));
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.count("SELECT COUNT(*) FROM dead_letters WHERE route_id = '" + EAST + "'") >= 2);
            assertEquals(0, rt.delivered(EAST).size(), "east is down");
            // one retry layer: east's source polls the held item again itself, so the catch-up never replays its letters
            // (it did, and the replay delivered spring-1.jpg a second time while the source's poll delivered it)
            assertEquals(0, rt.count("SELECT COUNT(*) FROM dead_letters WHERE route_id = '" + EAST + "' AND next_attempt_at IS NOT NULL"));

            // more media while east is down: the others get it at once
            rt.upload("Brand/2026", "Spring Campaign", "summer-1.jpg", "summer one\n".repeat(300));
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.delivered(NORTH).size() == 4 && rt.delivered(SOUTH).size() == 4);

            // east comes back (its FTP server starts, with the configured credentials): it catches up on all four
            eastDown.close();
            try (EmbeddedFtpServer east = new EmbeddedFtpServer(eastPort, eastRoot, "0").user("east", "east-secret", "").start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> rt.delivered(EAST).size() >= 4);
                assertEquals(4, rt.delivered(EAST).stream().map(d -> d.assetId()).distinct().count(), "each once: " + rt.delivered(EAST));
                assertEquals(List.of("incoming/spring-1.jpg", "incoming/spring-1.jpg.json", "incoming/spring-2.jpg", "incoming/spring-2.jpg.json",
                        "incoming/spring-3.jpg", "incoming/spring-3.jpg.json", "incoming/summer-1.jpg", "incoming/summer-1.jpg.json"), files(eastRoot));
                assertEquals("summer one\n".repeat(300), Files.readString(eastRoot.resolve("incoming/summer-1.jpg")));
                assertNoPartFiles(eastRoot);
            }
            assertEquals(4, rt.delivered(NORTH).size(), "north not delivered again");
            assertNoDuplicateRows(rt.deliveries.all().stream().filter(d -> d.outcome().equals("DELIVERED")).toList());
        }
    }
}
