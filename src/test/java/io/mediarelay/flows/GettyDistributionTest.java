package io.mediarelay.flows;

import static io.mediarelay.flows.GettyFlowRuntime.assertNoDuplicateRows;
import static io.mediarelay.flows.GettyFlowRuntime.assertNoPartFiles;
import static io.mediarelay.flows.GettyFlowRuntime.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import io.mediarelay.runtime.RefusingPort;
import io.mediarelay.transfer.EmbeddedFtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GF3: one office down does not block the others (its failures are dead-lettered per office); licensed once for all. */
class GettyDistributionTest {
    @TempDir
    Path data;

    long rows(GettyFlowRuntime rt, String office) throws Exception {
        return rt.delivered("gf3-curated-distribution-" + office).size();
    }

    static int countDeadLetters(GettyFlowRuntime rt) throws Exception {
        try (var c = rt.runtime.dataSource().getConnection();
             var rs = c.createStatement().executeQuery(
                     "SELECT COUNT(*) FROM dead_letters WHERE route_id = 'gf3-curated-distribution-office-c'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void officeDownDoesNotBlockTheOthers() throws Exception {
        RefusingPort officeDown = new RefusingPort(); // first: then the runtime's free ports can never be this one
        Properties o = GettyFlowRuntime.overrides(data, "gf3");
        o.setProperty("mediarelay.embedded.getty.video-bytes", "200000");
        o.setProperty("mediarelay.destinations.gf3-office-c.port", String.valueOf(officeDown.port()));
        try (officeDown; GettyFlowRuntime rt = GettyFlowRuntime.start(o)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> rows(rt, "office-a") == 8 && rows(rt, "office-b") == 8);
            assertEquals(0, rows(rt, "office-c"), "office C is down");
            assertEquals(16, files(rt.ftpRoot.resolve("gf3-office-a")).size(), "asset + companion");
            assertEquals(8, rt.sandbox.licenseCount(), "one license per asset for all offices");
            assertNoPartFiles(rt.ftpRoot.resolve("gf3-office-b"));
            // office C's attempts are recorded FAILED (again on each catch-up round); DELIVERED only once per asset
            assertNoDuplicateRows(rt.deliveries.all().stream().filter(d -> d.outcome().equals("DELIVERED")).toList());
            await().atMost(Duration.ofSeconds(30)).until(() -> countDeadLetters(rt) > 0);
        }
    }

    @Test
    void officeThatWasDownCatchesUpWhenItsServerReturns() throws Exception {
        RefusingPort officeDown = new RefusingPort(); // first: then the runtime's free ports can never be this one
        Properties o = GettyFlowRuntime.overrides(data, "gf3");
        o.setProperty("mediarelay.embedded.getty.video-bytes", "200000");
        int officeC = officeDown.port();
        o.setProperty("mediarelay.destinations.gf3-office-c.port", String.valueOf(officeC));
        o.setProperty("mediarelay.dead-letters.catch-up.routes", "gf3-curated-distribution-office-c");
        o.setProperty("mediarelay.dead-letters.catch-up.interval-ms", "1000");
        try (officeDown; GettyFlowRuntime rt = GettyFlowRuntime.start(o)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> rows(rt, "office-a") == 8 && rows(rt, "office-b") == 8);
            await().atMost(Duration.ofSeconds(60)).until(() -> countDeadLetters(rt) >= 8);
            assertEquals(0, rows(rt, "office-c"));
            // office C's server comes back (same credentials as the configured destination)
            java.nio.file.Path officeRoot = data.resolve("office-c-ftp");
            officeDown.close();
            try (EmbeddedFtpServer server = new EmbeddedFtpServer(officeC, officeRoot, "0")
                    .user(rt.runtime.config().get("mediarelay.destinations.gf3-office-c.username"),
                            rt.runtime.config().get("mediarelay.destinations.gf3-office-c.password"), "").start()) {
                await().atMost(Duration.ofSeconds(120)).until(() -> rows(rt, "office-c") == 8);
                assertEquals(16, files(officeRoot.resolve("gf3-office-c")).size(), "asset + companion, caught up");
                assertNoPartFiles(officeRoot.resolve("gf3-office-c"));
                assertEquals(8, rt.sandbox.licenseCount(), "catching up licenses nothing again");
                // the failed attempts are recorded FAILED; each asset is DELIVERED once per office
                assertNoDuplicateRows(rt.deliveries.all().stream().filter(d -> d.outcome().equals("DELIVERED")).toList());
                assertEquals(24, rt.deliveries.all().stream().filter(d -> d.outcome().equals("DELIVERED")).count());
            }
        }
    }
}
