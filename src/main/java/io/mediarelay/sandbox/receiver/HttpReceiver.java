package io.mediarelay.sandbox.receiver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded stand-in for CMS, DAM, webhook and procurement targets: it records every request sent to it
 * under {@code /in/<target>/...} and shows them at {@code GET /received} (optionally {@code ?target=cms}).
 *
 * <p>Targets can be told to fail so that flows are tested against real failures: {@code POST /control/<target>}
 * with body {@code status=500} or {@code delayMs=5000} (and {@code status=200} to recover).
 */
public final class HttpReceiver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpReceiver.class);
    private static final int MAX_RECORDED_BODY = 1024 * 1024;

    /** One recorded request. Bodies larger than 1 MiB are counted, not kept. */
    public record Received(long seq, String target, String method, String path, Map<String, String> headers,
                           String body, long bytes, String receivedAt) {
    }

    private final int requestedPort;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, int[]> faults = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final ObjectMapper json = new ObjectMapper();
    private HttpServer server;
    private ExecutorService executor;

    public HttpReceiver(int port) {
        this.requestedPort = port;
    }

    public synchronized HttpReceiver start() {
        if (server != null) {
            return this;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", requestedPort), 64);
        } catch (BindException e) {
            throw new IllegalStateException("HTTP receiver cannot bind 127.0.0.1:" + requestedPort + ": port in use");
        } catch (IOException e) {
            throw new IllegalStateException("HTTP receiver failed to start: " + e.getMessage(), e);
        }
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "http-receiver");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/in/", this::record);
        server.createContext("/received", this::list);
        server.createContext("/control/", this::control);
        server.start();
        LOG.info("Embedded HTTP receiver on {}", baseUrl());
        return this;
    }

    private void record(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String target = path.substring("/in/".length()).split("/", 2)[0];
        byte[] kept;
        long total;
        try (InputStream in = ex.getRequestBody()) {
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            byte[] chunk = new byte[64 * 1024];
            total = 0;
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (total < MAX_RECORDED_BODY) {
                    buf.write(chunk, 0, (int) Math.min(n, MAX_RECORDED_BODY - total));
                }
                total += n;
            }
            kept = buf.toByteArray();
        }
        int[] fault = faults.get(target);
        if (fault != null && fault[1] > 0) {
            sleep(fault[1]);
        }
        if (fault != null && fault[0] >= 400) {
            respond(ex, fault[0], "{\"error\":\"receiver told to fail\"}");
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), redact(k, String.join(",", v))));
        received.add(new Received(seq.incrementAndGet(), target, ex.getRequestMethod(), path, headers,
                new String(kept, StandardCharsets.UTF_8), total, Instant.now().toString()));
        respond(ex, 200, "{\"status\":\"received\",\"seq\":" + seq.get() + "}");
    }

    /** The receiver shows what arrived, but not bearer tokens or keys that a flow authenticated with. */
    private static String redact(String header, String value) {
        String h = header.toLowerCase();
        return h.equals("authorization") || h.contains("api-key") || h.contains("secret") ? "***" : value;
    }

    private void list(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getQuery();
        String target = query != null && query.startsWith("target=") ? query.substring("target=".length()) : null;
        List<Received> out = new ArrayList<>();
        for (Received r : received) {
            if (target == null || target.equals(r.target())) {
                out.add(r);
            }
        }
        respond(ex, 200, json.writeValueAsString(out));
    }

    private void control(HttpExchange ex) throws IOException {
        String target = ex.getRequestURI().getPath().substring("/control/".length());
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).trim();
        int status = 200;
        int delay = 0;
        for (String part : body.split("[&\\s]+")) {
            if (part.startsWith("status=")) {
                status = Integer.parseInt(part.substring(7));
            } else if (part.startsWith("delayMs=")) {
                delay = Integer.parseInt(part.substring(8));
            }
        }
        setFault(target, status, delay);
        respond(ex, 200, "{\"target\":\"" + target + "\",\"status\":" + status + ",\"delayMs\":" + delay + "}");
    }

    /** Makes {@code target} answer {@code status} (200 = healthy) after {@code delayMs}. */
    public void setFault(String target, int status, int delayMs) {
        if (status < 400 && delayMs <= 0) {
            faults.remove(target);
        } else {
            faults.put(target, new int[] {status, delayMs});
        }
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(String target) {
        return received.stream().filter(r -> r.target().equals(target)).toList();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
            LOG.info("Embedded HTTP receiver stopped");
        }
    }

    @Override
    public void close() {
        stop();
    }
}
