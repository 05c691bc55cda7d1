package io.mediarelay.httpflows;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.sandbox.receiver.HttpReceiver;
import io.mediarelay.testsupport.Polls;

/**
 * A registry-feed record on its way to a flow whose route has just stopped (a graceful shutdown, a reload, a flow
 * handed to another instance) is not lost: the send fails with "no consumer available", the record becomes a
 * dead letter that heals by itself (RETRYING, not dead), and once the flow runs again the durable retry delivers
 * it, once. Found in bench/pf2-migration.sh: a stopping runtime turned seven such records into permanent dead letters.
 */
class FeedRecordCaughtByAStopTest {
    @TempDir
    Path data;
    MediarelayRuntime runtime;
    HttpReceiver receiver;
    LicenseRegistry registry;

    @BeforeEach
    void start() throws Exception {
        Properties p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.http.poll-ms", "300");
        p.setProperty("mediarelay.webhooks.change-scan-ms", "3600000");
        p.setProperty("mediarelay.errors.retry-initial-delay-ms", "200");
        p.setProperty("mediarelay.errors.retry-max-delay-ms", "1000");
        // how long a send to a kamelet waits for its consumer to come back (Camel's default: 30 s)
        p.setProperty("camel.component.kamelet.timeout", "300");
        runtime = HttpFlowsTest.startSeeded(p);
        receiver = runtime.embedded().find(HttpReceiver.class).orElseThrow();
        registry = runtime.context().getRegistry().lookupByNameAndType("licenseRegistry", LicenseRegistry.class);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void aRecordSentWhileItsFlowIsStoppedIsDeliveredOnceTheFlowRunsAgain() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog().size() == 2);

        // the flow's route stops; its registry feed (the kamelet's own route) still reads and hands records on
        runtime.context().getRouteController().stopRoute("gh7-catalog-sync");
        registry.putLicense(HttpFlowsTest.commercial(HttpFlowsTest.TODAY.plusDays(120))); // a new version of L-100
        await().atMost(Duration.ofSeconds(30)).until(() -> !column("status", "gh7-catalog-sync").isEmpty());
        assertEquals(List.of("TRANSIENT"), column("failure_kind", "gh7-catalog-sync"),
                "a stopped next route heals by itself: " + column("reason", "gh7-catalog-sync"));
        // the durable retry comes round while the flow is still stopped: the letter waits for it (a stopped flow
        // delivers nothing; replayed through the kamelet's own route, the record was read again from the feed,
        // which had moved past it, and was gone while the letter counted as retried)
        Polls.awaitMoreRuns(runtime.context(), "timer://mediarelay-dead-letter-catch-up", 3, Duration.ofSeconds(30));
        assertEquals(List.of("RETRYING"), column("status", "gh7-catalog-sync"));
        assertEquals(2, catalog().size());

        runtime.context().getRouteController().startRoute("gh7-catalog-sync");
        await().atMost(Duration.ofSeconds(60)).until(() -> catalog().size() >= 3);
        JsonNode renewed = catalog().get(2);
        assertEquals("getty:gi-100", renewed.get("catalogKey").asText());
        assertEquals(HttpFlowsTest.TODAY.plusDays(120).toString(), renewed.get("license").get("expires").asText(),
                "the record that was caught by the stop, whole");
        await().atMost(Duration.ofSeconds(10)).until(() -> !column("status", "gh7-catalog-sync").contains("RETRYING")
                && !column("status", "gh7-catalog-sync").contains("REPLAYING"));
        assertEquals(3, catalog().size(), "delivered once: " + catalog());
    }

    private List<JsonNode> catalog() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (HttpReceiver.Received r : receiver.received("catalog")) {
            out.add(HttpFlowsTest.JSON.readTree(r.body()));
        }
        return out;
    }

    private List<String> column(String name, String route) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = runtime.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT " + name + " FROM dead_letters WHERE route_id = '" + route + "'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
