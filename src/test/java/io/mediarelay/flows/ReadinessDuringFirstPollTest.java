package io.mediarelay.flows;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import io.mediarelay.runtime.TestRuntimes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness = started and able to take work: GF1's first board poll licenses and delivers the whole board inside one
 * poll (slow here: every Getty call takes 150 ms), and all that time the instance must stay ready. A Kubernetes
 * readiness probe answered 503 would take it out of service during every large first run.
 */
class ReadinessDuringFirstPollTest {
    @TempDir
    Path data;

    @Test
    void readyWhileTheFirstLongPollRuns() throws Exception {
        Properties p = GettyFlowRuntime.overrides(data, "gf1");
        p.setProperty("mediarelay.embedded.getty.latency-ms", "150");
        try (GettyFlowRuntime rt = GettyFlowRuntime.start(p)) {
            String base = "http://127.0.0.1:" + rt.runtime.config().getInt("camel.management.port", 0) + "/observe/health";
            await().atMost(Duration.ofSeconds(60)).until(() -> !rt.delivered("gf1-licensed-package-export").isEmpty());
            int delivered = rt.delivered("gf1-licensed-package-export").size();
            var ready = TestRuntimes.get(base + "/ready?data=true", null);
            var live = TestRuntimes.get(base + "/live", null);
            // still inside the first poll: not all of the board is delivered yet
            assertEquals(true, delivered < 8, "probe taken after the first poll; make the sandbox slower");
            assertEquals(200, ready.statusCode(), ready.body());
            assertEquals(200, live.statusCode(), live.body());
        }
    }
}
