package io.mediarelay.sandbox.getty;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /oauth2/token} for the client_credentials, password and refresh_token grants.
 * Errors use the RFC 6749 body ({@code {"error":..,"error_description":..}}) that Getty's
 * authentication host returns, not the ErrorCode shape of the /v3 API.
 */
final class OAuthHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OAuthHandler.class);
    private static final String BAD_GRANT =
            "The authorization grant or refresh token is invalid, expired, revoked or issued to another client";

    private final GettySandboxConfig config;
    private final TokenService tokens;
    private final FaultInjector faults;

    OAuthHandler(GettySandboxConfig config, TokenService tokens, FaultInjector faults) {
        this.config = config;
        this.tokens = tokens;
        this.faults = faults;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            faults.delay();
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Allow", "POST");
                HttpIo.sendJson(ex, 405, oauthError("invalid_request", "Only POST is supported"));
                return;
            }
            Map<String, String> form = HttpIo.parseForm(new String(HttpIo.readBody(ex), StandardCharsets.UTF_8));
            addBasicClientCredentials(ex, form);
            String grantType = form.getOrDefault("grant_type", "");
            LOG.debug("token request grant_type={}", grantType);
            if (!grantType.equals("client_credentials") && !grantType.equals("password")
                    && !grantType.equals("refresh_token")) {
                HttpIo.sendJson(ex, 400, oauthError("unsupported_grant_type",
                        "The authorization grant type is not supported by the authorization server"));
                return;
            }
            // The PKCE browser sample omits client_secret on refresh; everywhere else it is required.
            boolean secretOptional = grantType.equals("refresh_token") && !form.containsKey("client_secret");
            if (!Objects.equals(config.clientId, form.get("client_id"))
                    || (!secretOptional && !Objects.equals(config.clientSecret, form.get("client_secret")))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"oauth2\"");
                HttpIo.sendJson(ex, 401, oauthError("invalid_client", "Client authentication failed"));
                return;
            }
            String user = switch (grantType) {
                case "password" -> Objects.equals(config.username, form.get("username"))
                        && Objects.equals(config.password, form.get("password")) ? config.username : null;
                case "refresh_token" -> tokens.userOfRefreshToken(form.get("refresh_token"));
                default -> "";
            };
            if (user == null) {
                HttpIo.sendJson(ex, 400, oauthError("unauthorized_client", BAD_GRANT));
                return;
            }
            String[] issued = tokens.issue(user.isEmpty() ? null : user, grantType);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("access_token", issued[0]);
            body.put("token_type", "Bearer");
            // Getty's documented responses carry expires_in as a string; clients must parse both
            body.put("expires_in", Integer.toString(tokens.lifetimeSeconds()));
            if (issued[1] != null) body.put("refresh_token", issued[1]);
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            HttpIo.sendJson(ex, 200, body);
        } catch (ApiException e) {
            HttpIo.sendJson(ex, e.status, oauthError("invalid_request", e.getMessage()));
        }
    }

    /**
     * Getty's samples send client_id/client_secret as form fields; generic OAuth2 clients often use
     * HTTP Basic (RFC 6749 2.3.1) instead. Accept both; form fields win.
     */
    private static void addBasicClientCredentials(HttpExchange ex, Map<String, String> form) {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) return;
        try {
            String decoded = new String(java.util.Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) return;
            form.putIfAbsent("client_id", java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8));
            form.putIfAbsent("client_secret", java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException ignored) {
            // malformed header: fall through to the normal invalid_client answer
        }
    }

    private static Map<String, Object> oauthError(String error, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        m.put("error_description", description);
        return m;
    }
}
