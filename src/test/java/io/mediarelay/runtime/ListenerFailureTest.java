package io.mediarelay.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import io.mediarelay.config.ConfigException;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 11: a listener the runtime needs and cannot open is fatal at start (one line naming port and property), and
 * one that goes away later makes health DOWN naming it. Before: the admin server's failed bind was only a WARN on
 * Vert.x's event loop, the runtime ran without its API and health said UP.
 */
class ListenerFailureTest {
    @TempDir
    Path data;

    @Test
    void adminPortTakenBetweenPreflightAndStartEndsTheStart() {
        Properties p = TestRuntimes.overrides(data);
        int admin = Integer.parseInt(p.getProperty("camel.server.port"));
        p.setProperty("test.squat-port", String.valueOf(admin));
        MediarelayRuntime runtime = new MediarelayRuntime(TestRuntimes.config(p));
        ConfigException e = assertThrows(ConfigException.class, runtime::start);
        assertEquals("port " + admin + " (camel.server.port) is not listening on 127.0.0.1: Address already in use", e.getMessage());
    }

    @Test
    void healthIsDownNamingTheListenerThatWentAway() throws Exception {
        Properties p = TestRuntimes.overrides(data);
        try (MediarelayRuntime runtime = new MediarelayRuntime(TestRuntimes.config(p)).start()) {
            String health = "http://127.0.0.1:" + p.getProperty("camel.management.port") + "/observe/health";
            int admin = Integer.parseInt(p.getProperty("camel.server.port"));
            VertxPlatformHttpServer api = runtime.context().hasServices(VertxPlatformHttpServer.class).stream()
                    .filter(s -> s.getConfigurationPort() == admin).findFirst().orElseThrow();
            assertTrue(TestRuntimes.get(health, null).body().contains("listeners"), "the check is registered");
            api.stop();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                String body = TestRuntimes.get(health, null).body();
                assertTrue(body.contains("\"DOWN\"") && body.contains("port " + admin + " (camel.server.port) is not listening"), body);
            });
        }
    }

    @Test
    void preflightTreatsTimeWaitAsFree() throws Exception {
        int port;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = listener.getLocalPort();
            try (Socket client = new Socket("127.0.0.1", port); Socket accepted = listener.accept()) {
                accepted.close(); // the server side closes first: its end of the connection stays in TIME-WAIT
                assertEquals(-1, client.getInputStream().read());
            }
        }
        assertNull(Preflight.bindProblem("127.0.0.1", port), "a restart right after a stop finds its port free");
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals("is already in use", Preflight.bindProblem("127.0.0.1", port));
        }
    }
}
