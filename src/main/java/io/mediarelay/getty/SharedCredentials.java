package io.mediarelay.getty;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.mediarelay.connector.RateLimiter;

/**
 * JVM-wide registry: one {@link TokenProvider} and one {@link RateLimiter} per credential set
 * (token URL + client id + user), so every route, endpoint and CamelContext in the process shares
 * a token and a request budget, as Getty counts both per key.
 */
public final class SharedCredentials {

    private static final Map<String, Entry> ENTRIES = new ConcurrentHashMap<>();

    public record Entry(TokenProvider tokens, RateLimiter limiter) {
    }

    private SharedCredentials() {
    }

    public static Entry forConfig(GettyConfiguration cfg) {
        Entry e = ENTRIES.computeIfAbsent(cfg.credentialKey(), k -> {
            RateLimiter limiter = new RateLimiter(cfg.getQps());
            return new Entry(new TokenProvider(cfg, limiter), limiter);
        });
        e.tokens().reconfigure(cfg);
        // the most recently started component's qps wins; all share the one limiter
        if (cfg.getQps() != e.limiter().getQps()) {
            e.limiter().setQps(cfg.getQps());
        }
        return e;
    }
}
