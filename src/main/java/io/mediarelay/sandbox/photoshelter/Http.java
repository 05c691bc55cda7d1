package io.mediarelay.sandbox.photoshelter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

/** Stateless helpers: form parsing, the two response envelopes, the two date formats, error rendering. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    /** v3 date format ("2019-10-15 12:00:00 GMT", PHP {@code Y-m-d H:i:s e}). */
    static final DateTimeFormatter V3_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'GMT'").withZone(ZoneOffset.UTC);
    /** v4 ISO form without zone, microseconds ("2019-04-25T14:54:12.136828"), UTC. */
    static final DateTimeFormatter V4_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final int MAX_FORM = 64 * 1024;

    private Http() {
    }

    static String v3Date(long micros) {
        return V3_DATE.format(Instant.EPOCH.plusNanos(micros * 1000));
    }

    static String v4Date(long micros) {
        return V4_DATE.format(Instant.EPOCH.plusNanos(micros * 1000));
    }

    static Map<String, String> parseForm(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            out.putIfAbsent(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Query parameters plus, for urlencoded POST bodies, the form fields (the documented way to authenticate). */
    static Map<String, String> params(HttpExchange ex) throws IOException {
        Map<String, String> p = parseForm(ex.getRequestURI().getRawQuery());
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        if (ct != null && ct.startsWith("application/x-www-form-urlencoded")) {
            parseForm(new String(readSmall(ex), StandardCharsets.UTF_8)).forEach(p::putIfAbsent);
        }
        return p;
    }

    static byte[] readSmall(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_FORM + 1);
            if (b.length > MAX_FORM) throw SandboxError.badRequest("request body too large");
            return b;
        }
    }

    static Map<String, Object> v3Ok(Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        m.put("data", data);
        return m;
    }

    static Map<String, Object> v4(Object data, Map<String, Object> meta) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data);
        m.put("meta", meta == null ? Map.of("status", "OK") : meta);
        return m;
    }

    static Map<String, Object> resource(String id, String type, Map<String, Object> attributes, String self) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("type", type);
        m.put("attributes", attributes);
        m.put("links", Map.of("self", self));
        return m;
    }

    static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * v3: {@code {"status":"error","message":..,"code":..}} (PhotoShelter documents no v3 error body; this is the
     * sandbox's choice, clients must test {@code status != "ok"}). v4: the spec's {@code errors[]}.
     */
    static void sendError(HttpExchange ex, boolean v3, SandboxError e) throws IOException {
        e.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        Map<String, Object> body = new LinkedHashMap<>();
        if (v3) {
            body.put("status", "error");
            body.put("code", e.id);
            body.put("message", e.title + ": " + e.detail());
        } else {
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("id", e.id);
            err.put("status", Integer.toString(e.status)); // a string in the spec
            err.put("title", e.title);
            err.put("detail", e.detail());
            body.put("errors", List.of(err));
        }
        sendJson(ex, e.status, body);
    }

    static int intParam(Map<String, String> q, String name, int dflt, int min, int max) {
        String v = q.get(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) throw SandboxError.badRequest(name + " must be between " + min + " and " + max);
            return n;
        } catch (NumberFormatException e) {
            throw SandboxError.badRequest(name + " is not a number: " + v);
        }
    }
}
