package io.mediarelay.sandbox.getty;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Getty-shaped error. Handlers throw it; {@link HttpIo#sendError} writes it. The body is either the
 * service shape {@code {"ErrorCode":..,"ErrorMessage":..}} or, for gateway errors (Api-Key, throttling),
 * the API-Gateway shape {@code {"message":..}} that Getty's AWS front end returns.
 */
final class ApiException extends RuntimeException {

    final int status;
    final Map<String, Object> body;
    final Map<String, String> headers = new LinkedHashMap<>();

    private ApiException(int status, Map<String, Object> body, String message) {
        super(message, null, false, false); // no stack trace: these are expected control flow
        this.status = status;
        this.body = body;
    }

    /** Service error: {@code {"ErrorCode":code,"ErrorMessage":message}}. */
    static ApiException service(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ErrorCode", code);
        body.put("ErrorMessage", message);
        return new ApiException(status, body, code + ": " + message);
    }

    /** API-Gateway error: {@code {"message":message}}. */
    static ApiException gateway(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        return new ApiException(status, body, message);
    }

    static ApiException badParam(String field, String message) {
        return service(400, "InvalidParameterValue", "Field: " + field + ", Message: " + message);
    }

    ApiException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    ApiException with(String field, Object value) {
        body.put(field, value);
        return this;
    }
}
