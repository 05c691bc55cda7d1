package io.mediarelay.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** A client-facing failure: HTTP status plus a JSON body. Thrown anywhere in the API and rendered by ApiRoutes. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final Map<String, Object> body;

    public ApiException(int status, String error) {
        this(status, error, null);
    }

    public ApiException(int status, String error, Map<String, ?> details) {
        super(error, null, false, false); // expected outcomes: no stack trace to collect or log
        this.status = status;
        this.body = new LinkedHashMap<>();
        body.put("error", error);
        if (details != null) {
            body.putAll(details);
        }
    }

    public int status() {
        return status;
    }

    public Map<String, Object> body() {
        return body;
    }
}
