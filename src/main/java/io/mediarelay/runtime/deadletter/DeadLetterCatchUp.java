package io.mediarelay.runtime.deadletter;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PatternHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable retry of the failure policy (docs/ARCHITECTURE.md): every interval, the RETRYING letters whose next
 * attempt is due are replayed through their flow, earliest first. A replay that fails again updates its letter
 * (next attempt with a longer backoff, or dead once the flow's deadline passed: {@link DeadLetterStore}). Per flow,
 * the first replay that fails again ends that flow's round (its destination is still down: one attempt per round,
 * not one per message; the others stay due). Replays are claimed in the database (RETRYING -> REPLAYING), so two
 * instances never replay the same letter; a claim left by a killed instance returns to RETRYING after a lease.
 * Dead letters (NEW: permanent failures, or past the deadline) are never replayed here: they are an operator's.
 *
 * <p>Configured with {@code mediarelay.dead-letters.catch-up.routes} (route ids or patterns such as
 * {@code gf3-*}; default {@code *}: every flow; empty: off), {@code .interval-ms}, {@code .lease-ms}.
 */
public final class DeadLetterCatchUp extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterCatchUp.class);
    private static final int BATCH = 500;

    private final List<String> patterns;
    private final long intervalMillis;
    private final Duration lease;

    public DeadLetterCatchUp(List<String> patterns, long intervalMillis, Duration lease) {
        this.patterns = patterns;
        this.intervalMillis = intervalMillis;
        this.lease = lease;
    }

    @Override
    public void configure() {
        from("timer:mediarelay-dead-letter-catch-up?delay=" + intervalMillis + "&period=" + intervalMillis)
                .routeId("dead-letter-catch-up")
                .process(e -> round());
    }

    void round() throws Exception {
        DeadLetterStore store = getContext().getRegistry().lookupByNameAndType("deadLetterStore", DeadLetterStore.class);
        DeadLetterReplayer replayer = new DeadLetterReplayer(store);
        int released = store.retries().releaseStaleClaims(Instant.now(), lease);
        if (released > 0) {
            LOG.warn("Catch-up: {} retry claim(s) of a stopped instance released", released);
        }
        Set<String> stillDown = new HashSet<>();
        Set<String> notRunning = new HashSet<>();
        Instant later = Instant.now().plusMillis(intervalMillis);
        for (RetryQueue.Due d : store.retries().due(Instant.now(), BATCH)) {
            if (notRunning.contains(d.routeId())) {
                store.retries().postpone(d.id(), later);
                continue;
            }
            if (!matches(d.routeId()) || stillDown.contains(d.routeId())) {
                continue;
            }
            DeadLetterReplayer.Result r = replayer.replay(getContext(), d.id(), DeadLetterStore.RETRYING);
            if ("NOT_RUNNING".equals(r.outcome())) {
                // the flow is stopped here (switched off, reloading, or run by another instance): its letters wait
                notRunning.add(d.routeId());
                store.retries().postpone(d.id(), later);
            } else if ("DEAD_LETTERED_AGAIN".equals(r.outcome())) {
                stillDown.add(d.routeId());
            } else if ("COMPLETED".equals(r.outcome())) {
                LOG.info("Retry of #{} ({}) succeeded", d.id(), d.routeId());
            }
        }
    }

    private boolean matches(String routeId) {
        return patterns.stream().anyMatch(pattern -> PatternHelper.matchPattern(routeId, pattern));
    }
}
