package io.mediarelay.runtime.deadletter;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.camel.CamelContext;

/**
 * When a transiently failed message is tried again, and until when: exponential backoff with jitter from
 * {@code mediarelay.errors.retry-initial-delay-ms} (default 10 s) to {@code .retry-max-delay-ms} (default 5 min),
 * until the flow's deadline: {@code mediarelay.<flow-id>.retry-deadline}, else {@code mediarelay.<prefix>.retry-deadline}
 * (prefix = the flow id up to its first '-', e.g. {@code gf1}), else {@code mediarelay.errors.retry-deadline}
 * (default PT24H). Durations are ISO-8601 ({@code PT24H}) or milliseconds.
 */
public record RetrySchedule(long initialDelayMs, long maxDelayMs, Duration deadline) {
    static final long DEFAULT_INITIAL_MS = 10_000;
    static final long DEFAULT_MAX_MS = 300_000;
    static final Duration DEFAULT_DEADLINE = Duration.ofHours(24);

    public static RetrySchedule of(CamelContext context, String flowId) {
        long initial = prop(context, "mediarelay.errors.retry-initial-delay-ms").map(Long::parseLong).orElse(DEFAULT_INITIAL_MS);
        long max = prop(context, "mediarelay.errors.retry-max-delay-ms").map(Long::parseLong).orElse(DEFAULT_MAX_MS);
        String prefix = flowId == null ? "" : flowId.contains("-") ? flowId.substring(0, flowId.indexOf('-')) : flowId;
        Optional<String> deadline = prop(context, "mediarelay." + flowId + ".retry-deadline")
                .or(() -> prop(context, "mediarelay." + prefix + ".retry-deadline"))
                .or(() -> prop(context, "mediarelay.errors.retry-deadline"));
        return new RetrySchedule(Math.max(1, initial), Math.max(initial, max), deadline.map(RetrySchedule::duration).orElse(DEFAULT_DEADLINE));
    }

    /** The moment of the next attempt after {@code attemptsMade} failed ones, never after the deadline. */
    public Instant next(int attemptsMade, Instant now, Instant deadlineAt) {
        long base = Math.min(maxDelayMs, initialDelayMs << Math.min(20, Math.max(0, attemptsMade - 1)));
        // equal jitter: the messages of one outage do not all come back in the same second
        long wait = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        Instant at = now.plusMillis(wait);
        return deadlineAt != null && at.isAfter(deadlineAt) ? deadlineAt : at;
    }

    static Duration duration(String text) {
        String t = text.trim();
        return t.toUpperCase().startsWith("P") ? Duration.parse(t.toUpperCase()) : Duration.ofMillis(Long.parseLong(t));
    }

    private static Optional<String> prop(CamelContext context, String key) {
        try {
            return context.getPropertiesComponent().resolveProperty(key).filter(v -> !v.isBlank()).map(String::trim);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
