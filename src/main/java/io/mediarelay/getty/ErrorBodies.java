package io.mediarelay.getty;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediarelay.connector.Json;

/**
 * Reads Getty's three error shapes ({@code ErrorCode}, historic {@code code}, gateway {@code message},
 * plus OAuth {@code error}) and classifies statuses. Branches on status and code, never on prose,
 * except for the gateway's throttling message which has no code.
 */
final class ErrorBodies {

    private ErrorBodies() {
    }

    static String code(byte[] body, String fallback) {
        if (body == null || body.length == 0) {
            return fallback;
        }
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            for (String f : new String[] {"ErrorCode", "code", "error", "message"}) {
                JsonNode v = n.get(f);
                if (v != null && v.isTextual() && !v.asText().isBlank()) {
                    // gateway messages are sentences; make them code-like
                    return v.asText().replaceAll("[^A-Za-z0-9_]", "");
                }
            }
        } catch (Exception ignored) {
            // not JSON (e.g. an HTML error page from a proxy)
        }
        return fallback;
    }

    /**
     * Getty's older gateway throttles with 403 + X-Error-Detail instead of 429. {@code header} looks up a response
     * header (any client: {@code resp.headers()::firstValue} for java.net.http).
     */
    static boolean isThrottle(int status, Function<String, Optional<String>> header) {
        if (status == 429) {
            return true;
        }
        String detail = header.apply("X-Error-Detail").orElse("").toLowerCase(Locale.ROOT);
        return status == 403 && detail.contains("queries per second");
    }

    static boolean isRetryable(int status, Function<String, Optional<String>> header) {
        return isThrottle(status, header) || status == 408 || status >= 500;
    }

    static String fallbackCode(int status) {
        return switch (status) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 409 -> "Conflict";
            case 429 -> "TooManyRequests";
            default -> "HTTP" + status;
        };
    }
}
