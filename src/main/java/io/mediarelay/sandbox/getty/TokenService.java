package io.mediarelay.sandbox.getty;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issues and validates OAuth2 tokens. Access tokens are opaque random strings kept in memory only
 * (a restart invalidates them, which is how a real revocation looks to a client). Refresh tokens
 * survive {@link #revokeAllAccessTokens()} so that "401 -> refresh -> retry" can be exercised.
 */
final class TokenService {

    /** What a bearer token stands for. {@code user} is null for client_credentials tokens. */
    record Grant(String user, String grantType, Instant expiresAt) {
    }

    /** Outcome of a validation attempt; exactly one of grant/problem is set. */
    record Check(Grant grant, String problem) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>(); // refresh token -> user
    private final AtomicInteger grants = new AtomicInteger();
    private volatile int lifetimeSeconds;

    TokenService(int lifetimeSeconds) {
        this.lifetimeSeconds = lifetimeSeconds;
    }

    void setLifetimeSeconds(int seconds) {
        this.lifetimeSeconds = seconds;
    }

    int lifetimeSeconds() {
        return lifetimeSeconds;
    }

    /** Issues an access token; with a user also a refresh token. Returns {access, refresh-or-null}. */
    String[] issue(String user, String grantType) {
        int lifetime = lifetimeSeconds;
        String access = newToken();
        accessTokens.put(access, new Grant(user, grantType, Instant.now().plusSeconds(lifetime)));
        String refresh = null;
        if (user != null) {
            refresh = newToken();
            refreshTokens.put(refresh, user);
        }
        grants.incrementAndGet();
        purgeExpired();
        return new String[] {access, refresh};
    }

    /** The user a refresh token belongs to, or null if unknown. */
    String userOfRefreshToken(String refreshToken) {
        return refreshToken == null ? null : refreshTokens.get(refreshToken);
    }

    Check check(String accessToken) {
        Grant g = accessToken == null ? null : accessTokens.get(accessToken);
        if (g == null) return new Check(null, "The access token is invalid or has been revoked");
        if (!Instant.now().isBefore(g.expiresAt())) return new Check(null, "The access token expired");
        return new Check(g, null);
    }

    void revokeAllAccessTokens() {
        accessTokens.clear();
    }

    int grantCount() {
        return grants.get();
    }

    private String newToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Keeps the map bounded in long-running soak tests; expired entries are useless anyway. */
    private void purgeExpired() {
        if (accessTokens.size() < 10_000) return;
        Instant now = Instant.now();
        accessTokens.values().removeIf(g -> !now.isBefore(g.expiresAt()));
    }
}
