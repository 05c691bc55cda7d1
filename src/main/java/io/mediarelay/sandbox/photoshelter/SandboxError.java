package io.mediarelay.sandbox.photoshelter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error a handler throws; {@link Http#sendError} renders it in the envelope of the API generation that was
 * called (v3 {@code status:"error"} or v4 {@code errors[]}). Ids follow the v4 spec's exception names.
 */
final class SandboxError extends RuntimeException {

    final int status;
    final String id;
    final String title;
    final Map<String, String> headers = new LinkedHashMap<>();

    SandboxError(int status, String id, String title, String detail) {
        super(detail, null, false, false); // expected control flow: no stack trace
        this.status = status;
        this.id = id;
        this.title = title;
    }

    static SandboxError badRequest(String detail) {
        return new SandboxError(400, "BadRequestException", "Bad Request", detail);
    }

    static SandboxError notFound(String what, String id) {
        return new SandboxError(404, "ResourceNotFoundException", "Resource not found: " + what, what + " " + id + " does not exist");
    }

    static SandboxError unauthorized(String detail) {
        return new SandboxError(401, "AcsPermissionException", "Invalid access to resource", detail)
                .header("WWW-Authenticate", "Bearer");
    }

    SandboxError header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    String detail() {
        return getMessage();
    }
}
