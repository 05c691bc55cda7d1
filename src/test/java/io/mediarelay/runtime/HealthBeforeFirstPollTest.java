package io.mediarelay.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow on a cron that has not fired yet (PF4 here: once a year) is not a health problem: right after start the
 * runtime is UP and so is that consumer (UP, not UNKNOWN: readiness counts UNKNOWN as not ready, see
 * ReadinessDuringFirstPollTest). With Camel's default initial state the whole runtime stayed DOWN
 * ("Consumer has not yet polled") until the cron's first run - for a daily schedule, all day.
 */
class HealthBeforeFirstPollTest {
    @TempDir
    Path data;

    @Test
    void aCronFlowThatHasNotRunYetLeavesHealthUp() throws Exception {
        Properties p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.pf4.enabled", "true");
        p.setProperty("mediarelay.pf4.cron", "0 0 3 1 1 ?");
        try (MediarelayRuntime runtime = new MediarelayRuntime(TestRuntimes.config(p)).start()) {
            int mgmt = runtime.config().getInt("camel.management.port", 0);
            var health = TestRuntimes.get("http://127.0.0.1:" + mgmt + "/observe/health", null);
            JsonNode body = new ObjectMapper().readTree(health.body());
            assertEquals(200, health.statusCode(), health.body());
            assertEquals("UP", body.get("status").asText(), health.body());
            JsonNode pf4 = null;
            for (JsonNode c : body.get("checks")) {
                if (c.get("name").asText().equals("consumer:pf4-source")) {
                    pf4 = c;
                }
            }
            assertEquals("UP", pf4 == null ? null : pf4.get("status").asText(), health.body());
        }
    }
}
