package io.mediarelay.sandbox.getty;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;

/** One routed /v3 request: path captures, query, body and the bearer-token checks handlers need. */
final class ApiCall {

    final HttpExchange ex;
    final Map<String, String> query;
    private final Matcher path;
    private final TokenService tokens;

    ApiCall(HttpExchange ex, Matcher path, TokenService tokens) {
        this.ex = ex;
        this.path = path;
        this.tokens = tokens;
        this.query = HttpIo.query(ex);
    }

    String path(int group) {
        return path.group(group);
    }

    String param(String name) {
        String v = query.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    byte[] body() throws IOException {
        return HttpIo.readBody(ex);
    }

    /** Valid token required (any grant). Missing/unknown/expired/revoked -> 401 with a Bearer challenge. */
    TokenService.Grant requireToken() {
        String token = bearer();
        if (token == null) throw unauthorized("The access token is missing");
        TokenService.Check check = tokens.check(token);
        if (check.grant() == null) throw unauthorized(check.problem());
        return check.grant();
    }

    /** A token is optional (search, metadata) but, if sent, must be valid - as on the real API. */
    TokenService.Grant optionalToken() {
        return bearer() == null ? null : requireToken();
    }

    /** User-scoped resources (boards) need a token that carries a user (password / refresh grant). */
    TokenService.Grant requireUserToken() {
        TokenService.Grant g = requireToken();
        if (g.user() == null) {
            throw ApiException.service(403, "UserTokenRequired", "Security token must contain a user.");
        }
        return g;
    }

    private String bearer() {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        if (h == null || h.isBlank()) return null;
        h = h.trim();
        return h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : h;
    }

    private static ApiException unauthorized(String description) {
        return ApiException.service(401, "AuthorizationTokenRequired", "Authorization token was missing or not valid. " + description)
                .header("WWW-Authenticate", "Bearer realm=\"Download\",error=\"invalid_token\",error_description=\""
                        + description + "\"");
    }
}
