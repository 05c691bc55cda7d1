package io.mediarelay.sandbox.getty;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small stateless helpers shared by all handlers: query parsing, JSON responses, errors. */
final class HttpIo {

    static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    /** Request bodies above this are refused; the largest legitimate one (1000 usages) is ~100 KB. */
    private static final int MAX_BODY = 4 * 1024 * 1024;

    private HttpIo() {
    }

    /** Decodes a query string or form body; the first occurrence of a key wins. */
    static Map<String, String> parseForm(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    static Map<String, String> query(HttpExchange ex) {
        return parseForm(ex.getRequestURI().getRawQuery());
    }

    static byte[] readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) throw ApiException.service(400, "InvalidRequest", "Request body too large");
            return body;
        }
    }

    static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        sendBytes(ex, status, bytes);
    }

    static void sendBytes(HttpExchange ex, int status, byte[] bytes) throws IOException {
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    static void redirect(HttpExchange ex, int status, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    static void sendError(HttpExchange ex, ApiException e) throws IOException {
        e.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        sendJson(ex, e.status, e.body);
    }

    static int intParam(Map<String, String> q, String name, int dflt) {
        String v = q.get(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            // Getty's exact wording for a non-numeric paging value
            throw ApiException.service(400, "InvalidParameterValue",
                    "Field: " + name + ", Message: The value '" + v + "' is not valid for Int32.");
        }
    }

    static boolean boolParam(Map<String, String> q, String name, boolean dflt) {
        String v = q.get(name);
        if (v == null || v.isBlank()) return dflt;
        if (v.equalsIgnoreCase("true")) return true;
        if (v.equalsIgnoreCase("false")) return false;
        throw ApiException.badParam(name, "The value '" + v + "' is not valid for Boolean.");
    }

    /** Validates Getty paging: page >= 1, 1 <= page_size <= 100. Returns {page, pageSize}. */
    static int[] paging(Map<String, String> q, String pageSizeName, int defaultSize) {
        int page = intParam(q, "page", 1);
        int size = intParam(q, pageSizeName, defaultSize);
        if (page < 1) throw ApiException.service(400, "PageNumberLessThanOne", "Page number must be 1 or greater.");
        if (size < 1 || size > 100) {
            throw ApiException.service(400, "InvalidPageSize", "Page size must be between 1 and 100.");
        }
        return new int[] {page, size};
    }
}
