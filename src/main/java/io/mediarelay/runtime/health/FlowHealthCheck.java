package io.mediarelay.runtime.health;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Health of the flows as their last exchanges saw it: a flow whose most recent exchange was dead-lettered (it could
 * not reach its destination after all retries, or its input was rejected) makes readiness DOWN with the reason,
 * until one of its exchanges succeeds again. Camel's own checks only watch consumers; this watches what flows send to.
 */
public final class FlowHealthCheck extends AbstractHealthCheck {
    private final Map<String, String> failing = new ConcurrentHashMap<>();

    public FlowHealthCheck() {
        super("mediarelay", "flows");
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    public void failed(String flowId, String reason) {
        failing.put(flowId, Instant.now() + " " + reason);
    }

    public void succeeded(String flowId) {
        failing.remove(flowId);
    }

    public Map<String, String> failing() {
        return new TreeMap<>(failing);
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (failing.isEmpty()) {
            builder.up();
            return;
        }
        failing().forEach(builder::detail);
        builder.message("flows failing: " + String.join("; ", failing().entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).toList()));
        builder.down();
    }
}
