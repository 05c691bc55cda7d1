package io.mediarelay.photoshelter;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads both response generations. v3: {@code {"status":"ok","data":..}}, where any other status is an error
 * whatever the HTTP status (clients test {@code status != "ok"}). v4: {@code data/meta} or {@code errors[]}
 * (one draft example uses singular {@code error}; both are read). Branches on ids and statuses, never on prose.
 */
public final class Envelopes {

    /** An error PhotoShelter reported; {@code status} is the HTTP status. */
    public record ApiError(int status, String id, String title, String detail) {

        /** 401, or a v3/v4 error whose id names the session/token/login (the v3 auth error on HTTP 200). */
        public boolean isAuth() {
            if (status == 401) return true;
            String s = id == null ? "" : id.toLowerCase(Locale.ROOT);
            return status < 300 && (s.contains("session") || s.contains("token") || s.contains("auth") || s.contains("login"));
        }

        public PhotoShelterApiException toException(String call, String suffix) {
            String text = (title == null ? "" : title) + (detail == null || detail.equals(title) ? "" : (title == null ? "" : ": ") + detail);
            return new PhotoShelterApiException(status, id, title, "PhotoShelter " + call + " failed: HTTP " + status + " " + id
                    + (text.isBlank() ? "" : " (" + text + ")") + suffix, null);
        }
    }

    private Envelopes() {
    }

    /** The error in a response, or null when it is a success. {@code body} may be null or non-JSON. */
    public static ApiError error(int status, JsonNode body) {
        if (body != null && body.isObject()) {
            // v3 first: its top-level "status" is a word; v4 errors carry status inside errors[]
            JsonNode st = body.get("status");
            if (st != null && st.isTextual() && !st.asText().equalsIgnoreCase("ok")) {
                JsonNode code = body.has("code") ? body.get("code") : body.path("error").path("code");
                return new ApiError(status, code.isMissingNode() || code.isNull() ? fallbackId(status) : code.asText(),
                        text(body, "message", null), null);
            }
            JsonNode errs = body.has("errors") ? body.get("errors") : body.get("error");
            JsonNode first = errs == null ? null : errs.isArray() ? errs.path(0) : errs;
            if (first != null && first.isObject()) {
                return new ApiError(status, text(first, "id", fallbackId(status)), text(first, "title", null), text(first, "detail", null));
            }
            if (first != null && first.isTextual() && status >= 400) {
                return new ApiError(status, fallbackId(status), first.asText(), null);
            }
        }
        return status >= 400 ? new ApiError(status, fallbackId(status), null, null) : null;
    }

    /** v3 {@code data}, or the whole v4 document (callers need {@code meta.paging} too). */
    public static JsonNode payload(JsonNode body) {
        return body != null && body.has("status") && body.has("data") ? body.get("data") : body;
    }

    static String fallbackId(int status) {
        return switch (status) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "ResourceNotFoundException";
            case 415 -> "UnsupportedMediaType";
            case 429 -> "TooManyRequestsException";
            default -> status >= 300 ? "HTTP" + status : "StatusNotOk";
        };
    }

    private static String text(JsonNode n, String field, String dflt) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? dflt : v.asText();
    }
}
