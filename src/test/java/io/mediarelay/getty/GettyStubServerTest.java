package io.mediarelay.getty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behaviours the sandbox does not produce: numeric expires_in, the legacy 403 throttle, a stalled
 * download body, RFC 6266 file names.
 */
class GettyStubServerTest {

    private HttpServer server;
    private String base;
    private final AtomicInteger tokenCalls = new AtomicInteger();
    private final AtomicInteger apiCalls = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/oauth2/token", ex -> {
            tokenCalls.incrementAndGet();
            send(ex, 200, "{\"access_token\":\"stub-token-" + tokenCalls.get() + "\",\"token_type\":\"Bearer\",\"expires_in\":1800}");
        });
        server.createContext("/v3/products", ex -> {
            // legacy gateway throttle on the first two calls
            if (apiCalls.incrementAndGet() <= 2) {
                ex.getResponseHeaders().add("X-Error-Detail", "Account Over Queries Per Second Limit");
                send(ex, 403, "{\"message\":\"Account Over Queries Per Second Limit\"}");
                return;
            }
            send(ex, 200, "{\"products\":[{\"id\":1,\"downloads_remaining\":5}]}");
        });
        server.createContext("/v3/images", ex -> send(ex, 400,
                "{\"ErrorCode\":\"InvalidRequest\",\"ErrorMessage\":\"Field: page_size\"}"));
        server.createContext("/stall", ex -> {
            ex.getResponseHeaders().add("Content-Disposition", "attachment; filename*=UTF-8''Getty%20Images-1.jpg");
            ex.sendResponseHeaders(200, 1000);
            OutputStream os = ex.getResponseBody();
            os.write(new byte[10]);
            os.flush();
            try {
                Thread.sleep(1500);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        server.createContext("/large", ex -> {
            // 2 GB announced and sent as long as the client reads; counts what went out
            ex.sendResponseHeaders(200, LARGE);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream os = ex.getResponseBody()) {
                for (long sent = 0; sent < LARGE; sent += chunk.length) {
                    os.write(chunk);
                    largeSent.addAndGet(chunk.length);
                }
            } catch (IOException closedByClient) {
                largeAborted.set(true);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static final long LARGE = 2L << 30;
    private final java.util.concurrent.atomic.AtomicLong largeSent = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean largeAborted = new java.util.concurrent.atomic.AtomicBoolean();

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private GettyHttpClient client() {
        GettyConfiguration c = new GettyConfiguration();
        c.setBaseUrl(base);
        c.setTokenUrl(base + "/oauth2/token");
        c.setApiKey("stub-key");
        c.setClientId("stub-client-" + System.nanoTime());
        c.setClientSecret("stub-secret");
        c.setInitialBackoff(10);
        c.setMaxBackoff(50);
        c.setReadTimeout(500);
        return new GettyHttpClient(c);
    }

    @Test
    void numericExpiresInAndLegacy403ThrottleAreHandled() throws Exception {
        GettyHttpClient client = client();
        var r = client.get("/v3/products", null);
        assertEquals(5, r.path("products").get(0).path("downloads_remaining").asInt());
        assertEquals(3, apiCalls.get(), "two throttled attempts, then success");
        assertEquals(1, tokenCalls.get());
        assertEquals("stub-token-1", client.tokens().token(), "numeric expires_in keeps the token cached");
    }

    @Test
    void serviceErrorCodeIsSurfaced() {
        GettyApiException e = assertThrows(GettyApiException.class, () -> client().get("/v3/images", null));
        assertEquals("InvalidRequest", e.getErrorCode());
        assertEquals(400, e.getStatus());
    }

    @Test
    void stalledDownloadTimesOutInsteadOfHanging() throws Exception {
        DownloadFetcher.Download d = new DownloadFetcher(client()).fetch(base + "/stall", "x.jpg");
        assertEquals("Getty Images-1.jpg", d.fileName());
        long t0 = System.nanoTime();
        try (InputStream in = d.stream()) {
            assertThrows(IOException.class, in::readAllBytes);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 2500, "watchdog should fire after ~500 ms, took " + ms);
    }

    /**
     * A download given up early (a failed upload, a stopped route) ends its connection: closing the stream must not
     * read the rest of the body to keep the connection for reuse, as a pooling HTTP client does by default (for a
     * 2 GB video that is the whole video, again).
     */
    @Test
    void aDownloadClosedEarlyEndsItsConnectionInsteadOfReadingTheRest() throws Exception {
        DownloadFetcher.Download d = new DownloadFetcher(client()).fetch(base + "/large", "x.mp4");
        assertEquals(LARGE, d.contentLength());
        long t0 = System.nanoTime();
        try (InputStream in = d.stream()) {
            assertEquals(1 << 20, in.readNBytes(1 << 20).length);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(largeAborted::get);
        assertTrue(largeSent.get() < LARGE / 4, "the server sent " + largeSent.get() + " bytes of " + LARGE);
        assertTrue(ms < 2000, "closed at once, took " + ms + " ms");
    }

    @Test
    void contentDispositionVariants() {
        assertEquals("GettyImages-1167612765.jpg", ContentDisposition.fileName("attachment; filename=GettyImages-1167612765.jpg", "f"));
        assertEquals("a b.mov", ContentDisposition.fileName("attachment; filename=\"a b.mov\"", "f"));
        assertEquals("passwd", ContentDisposition.fileName("attachment; filename=\"../../etc/passwd\"", "f"));
        assertEquals("f", ContentDisposition.fileName(null, "f"));
        assertEquals("f", ContentDisposition.fileName("attachment; filename=\"..\"", "f"));
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }
}
