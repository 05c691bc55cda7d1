package io.mediarelay.sandbox.photoshelter;

import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Shared front of both API generations: injected faults first (before any body is read, like a gateway), then
 * the API key ({@code X-PS-Api-Key} or {@code ?api_key=}), then the generation's own routing. Every error is
 * rendered in the envelope of the generation called.
 */
abstract class ApiHandler implements HttpHandler {

    protected final PhotoShelterSandboxConfig config;
    protected final SandboxStore store;
    protected final Sessions sessions;
    private final Faults faults;
    private final String prefix;
    private final boolean v3;

    ApiHandler(String prefix, boolean v3, PhotoShelterSandboxConfig config, SandboxStore store, Sessions sessions, Faults faults) {
        this.prefix = prefix;
        this.v3 = v3;
        this.config = config;
        this.store = store;
        this.sessions = sessions;
        this.faults = faults;
    }

    /** Handles {@code method path}; returns false when no route matches (404). */
    protected abstract boolean route(HttpExchange ex, String method, String path) throws IOException;

    @Override
    public final void handle(HttpExchange ex) throws IOException {
        try (ex) {
            try {
                faults.apply();
                String key = ex.getRequestHeaders().getFirst("X-PS-Api-Key");
                if (key == null) key = Http.parseForm(ex.getRequestURI().getRawQuery()).get("api_key");
                if (key == null || !key.equals(config.apiKey)) {
                    throw new SandboxError(403, "ApiKeyInvalidException", "Forbidden", "Missing or invalid API key");
                }
                String path = ex.getRequestURI().getPath().substring(prefix.length());
                if (!route(ex, ex.getRequestMethod(), path)) {
                    throw new SandboxError(404, "ResourceNotFoundException", "Not Found", "No endpoint " + ex.getRequestMethod() + " " + path);
                }
            } catch (SandboxError e) {
                drain(ex);
                if (v3 && e.status == 401 && config.v3AuthErrorsAsHttp200) {
                    // some v3 deployments answer 200 with status:"error"; clients must read the envelope
                    Http.sendError(ex, true, new SandboxError(200, "SessionExpired", e.title, e.detail()));
                    return;
                }
                Http.sendError(ex, v3, e);
            } catch (RuntimeException e) {
                drain(ex);
                Http.sendError(ex, v3, new SandboxError(500, "InternalServerErrorException", "Internal Server Error", e.toString()));
            }
        }
    }

    /** The session of the request's X-PS-Auth-Token (or Bearer token, which v3 also accepts). */
    protected Sessions.Session session(HttpExchange ex) {
        String token = ex.getRequestHeaders().getFirst("X-PS-Auth-Token");
        String authz = ex.getRequestHeaders().getFirst("Authorization");
        if (token == null && authz != null && authz.startsWith("Bearer ")) token = authz.substring(7);
        return sessions.require(token);
    }

    /** Shared by both generations: checks credentials and opens a token session. */
    protected String authenticate(Map<String, String> p) {
        if (!"token".equals(p.get("mode"))) {
            throw SandboxError.badRequest("sandbox supports mode=token only");
        }
        if (!config.email.equalsIgnoreCase(String.valueOf(p.get("email"))) || !config.password.equals(p.get("password"))) {
            throw new SandboxError(401, "InvalidCredentialsException", "Unauthorized", "Invalid email or password");
        }
        return sessions.open();
    }

    protected void orgAuthenticate(Sessions.Session s, String orgId) {
        if (!config.hasOrganization() || !config.organizationId.equals(orgId)) {
            throw new SandboxError(403, "AcsPermissionException", "Forbidden", "User is not a member of organization " + orgId);
        }
        sessions.organizationAuthenticated(s, orgId);
    }

    /** Org accounts must authenticate to their organization before downloading (as migration tools report). */
    protected void requireOrgIfMember(Sessions.Session s) {
        if (config.hasOrganization() && s.organizationId == null) {
            throw new SandboxError(403, "AcsPermissionException", "Organization authentication required",
                    "Authenticate to organization " + config.organizationId + " first");
        }
    }

    protected static Matcher match(String regex, String path) {
        Matcher m = Pattern.compile(regex).matcher(path);
        return m.matches() ? m : null;
    }

    /** Closing the request body drains a small remainder (keep-alive) or drops the connection for a large one. */
    private static void drain(HttpExchange ex) {
        try {
            ex.getRequestBody().close();
        } catch (IOException | RuntimeException ignored) {
            // the client may already have gone
        }
    }
}
