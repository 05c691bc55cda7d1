package io.mediarelay.sandbox.getty;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Fault knobs of a running sandbox for scripts (bench/faults.sh), on the sandbox's loopback port; not part of
 * Getty's API. {@code POST /sandbox/faults?error-ratio=0.5&qps=1&latency-ms=0&license-answer-delay-ms=5000
 * &revoke-tokens=true} changes the given knobs; {@code GET /sandbox/stats} answers licenses (charged),
 * assets licensed twice (charged more than once), free re-downloads (re-download rights, not charged) and
 * api_requests (every /v3 request so far, 429s included: a bench divides it by the assets it moved).
 */
final class FaultControlHandler implements HttpHandler {
    private final GettySandbox sandbox;
    private final FaultInjector faults;

    FaultControlHandler(GettySandbox sandbox, FaultInjector faults) {
        this.sandbox = sandbox;
        this.faults = faults;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            String path = ex.getRequestURI().getPath();
            if (path.endsWith("/faults") && ex.getRequestMethod().equals("POST")) {
                if (q.containsKey("error-ratio")) sandbox.setErrorRatio(Double.parseDouble(q.get("error-ratio")));
                if (q.containsKey("qps")) sandbox.setQpsLimit(Double.parseDouble(q.get("qps")));
                if (q.containsKey("latency-ms")) sandbox.setLatencyMs(Integer.parseInt(q.get("latency-ms")));
                if (q.containsKey("license-answer-delay-ms")) faults.setLicenseAnswerDelayMs(Integer.parseInt(q.get("license-answer-delay-ms")));
                if ("true".equals(q.get("revoke-tokens"))) sandbox.revokeAllTokens();
                HttpIo.sendJson(ex, 200, Map.of("ok", true));
            } else if (path.endsWith("/stats")) {
                Map<String, Integer> per = sandbox.licensesPerAsset();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("licenses", per.values().stream().mapToInt(Integer::intValue).sum());
                body.put("assets_licensed", per.size());
                body.put("assets_licensed_twice", per.values().stream().filter(n -> n > 1).count());
                body.put("redownloads", sandbox.redownloadCount());
                body.put("api_requests", faults.requestCount());
                HttpIo.sendJson(ex, 200, body);
            } else {
                HttpIo.sendJson(ex, 404, Map.of("message", "Not Found"));
            }
        } catch (RuntimeException e) {
            HttpIo.sendJson(ex, 400, Map.of("message", String.valueOf(e.getMessage())));
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) return out;
        for (String kv : raw.split("&")) {
            int i = kv.indexOf('=');
            if (i > 0) out.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
