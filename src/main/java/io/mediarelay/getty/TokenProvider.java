package io.mediarelay.getty;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediarelay.connector.Json;
import io.mediarelay.connector.RateLimiter;
import io.mediarelay.connector.RetryPolicy;
import io.mediarelay.connector.SecureUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth2 access-token cache for one credential set, shared JVM-wide (see {@link SharedCredentials}).
 *
 * <p>Single-flight: at most one token request is in flight; callers arriving while it runs either keep
 * using the still-valid old token (early renewal) or wait for the new one (no token / expired). Renewal
 * happens 5 minutes before expiry, or at 80 % of the lifetime when that is sooner, because token calls
 * count against the customer's rate limit and Getty tokens live only 30 minutes.
 */
public final class TokenProvider {

    private static final Logger LOG = LoggerFactory.getLogger(TokenProvider.class);

    private volatile GettyConfiguration cfg;
    private final HttpClient http;
    private final RateLimiter limiter;
    private final RetryPolicy retry;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong tokenRequests = new AtomicLong();

    private volatile Token current;
    private volatile String refreshToken;

    private record Token(String value, long expiresAtNanos, long renewAtNanos) {
        boolean usable(long now) {
            return now < expiresAtNanos;
        }
    }

    public TokenProvider(GettyConfiguration cfg, RateLimiter limiter) {
        this.cfg = cfg.copy();
        SecureUrls.requireSecure(cfg.getTokenUrl(), "OAuth2 token request");
        this.http = HttpClient.newBuilder().connectTimeout(cfg.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.limiter = limiter;
        this.retry = cfg.retryPolicy();
        this.refreshToken = cfg.getRefreshToken();
    }

    /** A valid bearer token, requesting one only when needed. */
    public String token() throws IOException, InterruptedException {
        long now = System.nanoTime();
        Token t = current;
        if (t != null && now < t.renewAtNanos) {
            return t.value;
        }
        if (t != null && t.usable(now)) {
            // renewal window: one caller renews, the others carry on with the valid token
            if (lock.tryLock()) {
                try {
                    if (current == t) {
                        current = fetch();
                    }
                    return current.value;
                } catch (GettyApiException e) {
                    // early renewal failed but the old token is still valid: use it, try again on the next call
                    LOG.warn("Getty token renewal failed ({}); using the current token until it expires", e.getErrorCode());
                    return t.value;
                } finally {
                    lock.unlock();
                }
            }
            return t.value;
        }
        lock.lockInterruptibly();
        try {
            Token again = current;
            if (again != null && again.usable(System.nanoTime())) {
                return again.value;
            }
            current = fetch();
            return current.value;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A component with the same credential key started (e.g. after a config reload): adopt its secrets so a
     * rotated client secret or password takes effect without a JVM restart. The cached token stays valid.
     */
    void reconfigure(GettyConfiguration newer) {
        GettyConfiguration c = cfg;
        if (!java.util.Objects.equals(c.getClientSecret(), newer.getClientSecret())
                || !java.util.Objects.equals(c.getPassword(), newer.getPassword())
                || !java.util.Objects.equals(c.getApiKey(), newer.getApiKey())
                || !java.util.Objects.equals(c.getRefreshToken(), newer.getRefreshToken())
                || !java.util.Objects.equals(c.getGrantType(), newer.getGrantType())) {
            cfg = newer.copy();
            if (newer.getRefreshToken() != null) {
                refreshToken = newer.getRefreshToken();
            }
            LOG.info("Getty credentials for {} updated", newer.getTokenUrl());
        }
    }

    /** Drops the token after a 401, unless another caller has already replaced it. */
    public void invalidate(String rejected) {
        Token t = current;
        if (t != null && t.value.equals(rejected)) {
            lock.lock();
            try {
                if (current == t) {
                    current = null;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Token requests made by this provider (for metrics and tests). */
    public long tokenRequests() {
        return tokenRequests.get();
    }

    private Token fetch() throws IOException, InterruptedException {
        String grant = cfg.effectiveGrantType();
        if (refreshToken != null && !"client_credentials".equals(grant)) {
            try {
                return request(form("refresh_token"));
            } catch (GettyApiException e) {
                if (e.getStatus() != 400 && e.getStatus() != 401) {
                    throw e;
                }
                // refresh token revoked/expired: fall back to the configured grant if it can mint a new one
                LOG.info("Getty refresh token rejected ({}); falling back to grant {}", e.getErrorCode(), grant);
                refreshToken = null;
                if ("refresh_token".equals(grant)) {
                    throw e;
                }
            }
        }
        return request(form(grant));
    }

    private Map<String, String> form(String grant) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", grant);
        f.put("client_id", cfg.getClientId() != null ? cfg.getClientId() : cfg.getApiKey());
        if (cfg.getClientSecret() != null) {
            f.put("client_secret", cfg.getClientSecret());
        }
        if ("password".equals(grant)) {
            f.put("username", cfg.getUsername());
            f.put("password", cfg.getPassword());
        } else if ("refresh_token".equals(grant)) {
            f.put("refresh_token", refreshToken);
        }
        return f;
    }

    private Token request(Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        URI uri = SecureUrls.requireSecure(cfg.getTokenUrl(), "OAuth2 token request");
        for (int attempt = 1; ; attempt++) {
            limiter.acquire();
            tokenRequests.incrementAndGet();
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(cfg.readTimeout())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<byte[]> resp;
            try {
                resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (!retry.canRetry(attempt)) {
                    throw new GettyApiException(0, "TokenRequestFailed", e.getClass().getSimpleName(), e);
                }
                Thread.sleep(retry.backoffMillis(attempt, null));
                continue;
            }
            int status = resp.statusCode();
            if (status == 200) {
                return parse(resp.body());
            }
            Long retryAfter = RetryPolicy.parseRetryAfter(resp.headers().firstValue("Retry-After").orElse(null));
            if (ErrorBodies.isRetryable(status, resp.headers()::firstValue) && retry.canRetry(attempt)) {
                if (status == 429 || status == 403) {
                    limiter.pause(retry.backoffMillis(attempt, retryAfter));
                } else {
                    Thread.sleep(retry.backoffMillis(attempt, retryAfter));
                }
                continue;
            }
            // OAuth errors: {"error":..,"error_description":..}; never echo the form we sent
            throw new GettyApiException(status, ErrorBodies.code(resp.body(), "TokenRequestFailed"),
                    "token request to " + uri.getHost() + " failed");
        }
    }

    private Token parse(byte[] body) throws IOException {
        JsonNode n = Json.MAPPER.readTree(body);
        String token = n.path("access_token").asText(null);
        if (token == null || token.isEmpty()) {
            throw new GettyApiException(200, "InvalidTokenResponse", "no access_token in token response");
        }
        // Getty documents expires_in as "1800" (string) and its SDKs as 1800 (number): accept both
        JsonNode exp = n.path("expires_in");
        long lifetime = exp.isNumber() ? exp.asLong() : parseLong(exp.asText(), 1800);
        if (n.hasNonNull("refresh_token")) {
            refreshToken = n.get("refresh_token").asText();
        }
        long now = System.nanoTime();
        long lifetimeNanos = lifetime * 1_000_000_000L;
        long margin = Math.min(cfg.getTokenRenewMarginSeconds() * 1_000_000_000L, lifetimeNanos / 5);
        LOG.debug("Getty token obtained for {}, lifetime {} s", cfg.getTokenUrl(), lifetime);
        return new Token(token, now + lifetimeNanos, now + lifetimeNanos - margin);
    }

    private static long parseLong(String s, long dflt) {
        try {
            return Long.parseLong(s.trim());
        } catch (RuntimeException e) {
            return dflt;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
