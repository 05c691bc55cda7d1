package io.mediarelay.api;

import static io.mediarelay.api.ApiHttp.ok;
import static io.mediarelay.api.ApiHttp.request;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.sandbox.getty.GettySandbox;
import io.mediarelay.sandbox.receiver.HttpReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GX7 procurement push is durable: the procurement endpoint answers 500 for a while, the runtime is restarted in
 * between, and when procurement recovers every approved record arrives exactly once. The HTTP receiver runs outside
 * the runtime here so that what it received survives the restart.
 */
class ProcurementDurableTest {
    @TempDir
    Path data;
    HttpReceiver receiver;
    MediarelayRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    MediarelayRuntime start() throws Exception {
        Properties p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.embedded.receiver.enabled", "false");
        p.setProperty("mediarelay.embedded.receiver.port", String.valueOf(receiver.port()));
        p.setProperty("mediarelay.api.procurement.poll-ms", "200");
        p.setProperty("mediarelay.api.procurement.redelivery-delay-ms", "200");
        p.setProperty("mediarelay.api.procurement.maximum-redelivery-delay-ms", "1000");
        p.setProperty("mediarelay.api.procurement.maximum-redeliveries", "-1");
        p.setProperty("mediarelay.webhooks.poll-ms", "3600000");
        p.setProperty("mediarelay.http.poll-ms", "3600000");
        runtime = new MediarelayRuntime(TestRuntimes.config(p)).start();
        return runtime;
    }

    ApiHttp http() {
        return new ApiHttp("http://127.0.0.1:" + runtime.config().getInt("camel.server.port", 0) + "/api/v1");
    }

    String licensed(ApiHttp http, String assetId) throws Exception {
        JsonNode r = ok(http.call("POST", "/license-requests", "sandbox-portal-key", request(assetId, null, "US", "80")), 201);
        assertEquals("LICENSED", r.get("status").asText(), r.toString());
        return r.get("id").asText();
    }

    long count(String sql) throws Exception {
        try (var c = runtime.dataSource().getConnection(); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void procurementDownAcrossARestartGetsEveryApprovedRecordExactlyOnce() throws Exception {
        receiver = new HttpReceiver(0).start();
        receiver.setFault("procurement", 500, 0);
        start();
        GettySandbox getty = runtime.embedded().find(GettySandbox.class).orElseThrow();
        List<String> assets = getty.catalogImageIds();
        ApiHttp http = http();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(licensed(http, assets.get(40 + i)));
        }
        // retried while down: attempts counted in the database, nothing arrived, nothing given up
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT COUNT(*) FROM license_requests WHERE procurement_status = 'PENDING' AND procurement_attempts >= 2") == 3);
        runtime.close(); // restart while procurement is still down: nothing is held in memory

        start();
        http = http();
        ids.add(licensed(http, assets.get(43)));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT COUNT(*) FROM license_requests WHERE procurement_status = 'PENDING' AND procurement_attempts >= 1") == 4);
        long attemptsWhileDown = count("SELECT SUM(procurement_attempts) FROM license_requests");
        assertEquals(0, receiver.received("procurement").size());

        receiver.setFault("procurement", 200, 0);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT COUNT(*) FROM license_requests WHERE procurement_status = 'SENT'") == 4);
        List<HttpReceiver.Received> got = receiver.received("procurement");
        assertEquals(4, got.size(), "every approved record once");
        Set<String> keys = got.stream().map(r -> r.headers().get("idempotency-key")).collect(Collectors.toSet());
        assertEquals(Set.copyOf(ids), keys);
        for (HttpReceiver.Received r : got) {
            JsonNode body = ApiHttp.JSON.readTree(r.body());
            assertEquals(r.headers().get("idempotency-key"), body.get("requestId").asText());
            assertEquals("MKT-2026", body.get("costCenter").asText());
        }
        assertEquals(0, count("SELECT COUNT(*) FROM dead_letters"), "nothing given up");
        System.out.printf("[figures] procurement down across a restart: %d attempts while down, 4 of 4 records delivered once%n",
                attemptsWhileDown);
    }
}
