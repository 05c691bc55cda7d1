package io.mediarelay.runtime.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Health of the flows as the dead-letter store sees them (the database, so it survives restarts and is the same on
 * every instance): a flow with messages waiting on a durable retry is DEGRADED (how many, since when, next attempt;
 * overall still UP: it heals by itself); a flow with dead letters younger than {@code mediarelay.health
 * .dead-letter-max-age} is DOWN (someone has to look), with flow, step, destination and reason.
 *
 * <p>Neither readiness nor liveness: a destination that is down does not make this instance unable to take work
 * (readiness) nor broken (liveness); a probe that restarted or unrouted the instance would not help. It is part of
 * {@code /observe/health} for monitoring.
 */
public final class FlowHealthCheck extends AbstractHealthCheck {
    private final Map<String, String> lastDead = new ConcurrentHashMap<>();
    private volatile Supplier<Map<String, FlowFailures>> source = Map::of;
    private volatile Duration deadLetterMaxAge = Duration.ofHours(1);

    public FlowHealthCheck() {
        super("mediarelay", "flows");
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    public void source(Supplier<Map<String, FlowFailures>> failures) {
        this.source = failures;
    }

    public void deadLetterMaxAge(Duration age) {
        this.deadLetterMaxAge = age;
    }

    /** The newest dead letter's description per flow (flow, step, destination, reason) for the message. */
    public void failed(String flowId, String reason) {
        lastDead.put(flowId, reason);
    }

    private volatile java.util.function.Consumer<String> onSuccess = f -> { };

    public void onSuccess(java.util.function.Consumer<String> callback) {
        this.onSuccess = callback;
    }

    /** State comes from the database; a success does not remove a dead letter (an operator does). */
    public void succeeded(String flowId) {
        onSuccess.accept(flowId);
    }

    /** Per flow: RUNNING, DEGRADED (n retrying since ...) or DOWN (n dead) - what `flows` shows too. */
    public Map<String, String> states() {
        Map<String, String> out = new TreeMap<>();
        Instant youngest = Instant.now().minus(deadLetterMaxAge);
        source.get().forEach((flow, f) -> {
            if (f.dead() > 0 && f.lastDead() != null && f.lastDead().isAfter(youngest)) {
                out.put(flow, "DOWN: " + f.dead() + " dead letter(s), newest " + f.lastDead() + ": "
                        + lastDead.getOrDefault(flow, f.lastReason()));
            } else if (f.retrying() > 0) {
                out.put(flow, "DEGRADED: " + f.retrying() + " waiting on a retry since " + f.retryingSince()
                        + ", next attempt " + f.nextAttempt());
            }
        });
        return out;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, String> states;
        try {
            states = states();
        } catch (RuntimeException e) {
            builder.message("flow states unavailable: " + e.getMessage());
            builder.unknown();
            return;
        }
        states.forEach(builder::detail);
        if (states.isEmpty()) {
            builder.up();
            return;
        }
        builder.message(String.join("; ", states.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()));
        if (states.values().stream().anyMatch(s -> s.startsWith("DOWN"))) {
            builder.down();
        } else {
            builder.detail("state", "DEGRADED");
            builder.up();
        }
    }
}
