package io.mediarelay.connector;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded retries with exponential backoff and jitter; a server-provided Retry-After wins but is
 * capped, so one bad header cannot park a route for hours.
 */
public final class RetryPolicy {

    private final int maxAttempts;
    private final long initialBackoffMs;
    private final long maxBackoffMs;

    public RetryPolicy(int maxAttempts, long initialBackoffMs, long maxBackoffMs) {
        this.maxAttempts = Math.max(1, maxAttempts);
        this.initialBackoffMs = Math.max(1, initialBackoffMs);
        this.maxBackoffMs = Math.max(this.initialBackoffMs, maxBackoffMs);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public boolean canRetry(int attemptsMade) {
        return attemptsMade < maxAttempts;
    }

    /** Delay before the next attempt; {@code attempt} is the number of attempts made so far (1-based). */
    public long backoffMillis(int attempt, Long retryAfterMs) {
        if (retryAfterMs != null && retryAfterMs >= 0) {
            return Math.min(retryAfterMs, maxBackoffMs);
        }
        long base = Math.min(maxBackoffMs, initialBackoffMs << Math.min(20, attempt - 1));
        // "equal jitter": half fixed, half random, so concurrent clients spread out but still wait
        return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    /** Parses Retry-After in delta-seconds form; HTTP-date form is rare for APIs and ignored. */
    public static Long parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return (long) (Double.parseDouble(header.trim()) * 1000);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
