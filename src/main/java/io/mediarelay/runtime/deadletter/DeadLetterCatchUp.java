package io.mediarelay.runtime.deadletter;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PatternHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a destination that was down catch up by itself: every interval, the NEW dead letters of the configured routes
 * are replayed oldest first. Per route, the first replay that fails again ends that route's round (its destination is
 * still down: one new dead letter per round, not one per message); a message whose replays failed
 * {@code maxAttempts} times stays for an operator. Replays are claimed in the database, so two instances never
 * replay the same letter. Bad input and license refusals are never replayed automatically: another attempt cannot
 * change their outcome, and they would hold up the route's round.
 *
 * <p>Configured with {@code mediarelay.dead-letters.catch-up.routes} (comma-separated route ids or patterns such
 * as {@code gf3-*}; empty: off), {@code .interval-ms} and {@code .max-attempts}.
 */
public final class DeadLetterCatchUp extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterCatchUp.class);

    /** Failures that a later attempt cannot fix (bad input, a use the license forbids): left for an operator. */
    static final Set<String> NOT_RETRYABLE = Set.of("java.lang.IllegalArgumentException",
            "io.mediarelay.license.LicenseDeniedException");

    private final List<String> patterns;
    private final long intervalMillis;
    private final int maxAttempts;

    public DeadLetterCatchUp(List<String> patterns, long intervalMillis, int maxAttempts) {
        this.patterns = patterns;
        this.intervalMillis = intervalMillis;
        this.maxAttempts = maxAttempts;
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
        Set<String> stillDown = new HashSet<>();
        for (DeadLetterStore.Pending p : store.pending()) {
            if (!matches(p.routeId()) || stillDown.contains(p.routeId()) || p.replayAttempts() >= maxAttempts
                    || NOT_RETRYABLE.contains(p.exceptionType())) {
                continue;
            }
            DeadLetterReplayer.Result r = replayer.replay(getContext(), p.id());
            if ("DEAD_LETTERED_AGAIN".equals(r.outcome())) {
                stillDown.add(p.routeId());
            } else if ("COMPLETED".equals(r.outcome())) {
                LOG.info("Catch-up: dead letter #{} of {} delivered", p.id(), p.routeId());
            }
        }
    }

    private boolean matches(String routeId) {
        return patterns.stream().anyMatch(pattern -> PatternHelper.matchPattern(routeId, pattern));
    }
}
