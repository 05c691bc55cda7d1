package io.mediarelay.runtime;

import org.apache.camel.Route;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * Every poller at rest polls about once per {@code mediarelay.polling.idle-interval-ms}, whatever its own delay: a
 * 500 ms drop folder, a 2 s partner inbox and a 5 s Getty board each skip as many polls as make up the interval.
 *
 * <p>Camel's backoff is a multiplier of the poller's delay, and one profile-wide multiplier rested them unevenly (x12:
 * the drop folder every 6 s, boards every 60 s): the fast pollers were most of an idle runtime's polling CPU
 * (bench/idle.sh). Applies to pollers whose route turned the backoff on (a multiplier above 0, from
 * {@code mediarelay.polling.idle-backoff-multiplier}), when each route starts: at start-up, after a reload and when a
 * flow moves to this instance. Work arriving during a rest waits at most about one interval.
 */
final class PollersAtRest extends EventNotifierSupport {

    private final long intervalMs;

    PollersAtRest(long intervalMs) {
        this.intervalMs = intervalMs;
        setIgnoreExchangeEvents(true);
        setIgnoreCamelContextEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.RouteStartedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Route route = ((CamelEvent.RouteStartedEvent) event).getRoute();
        if (route.getConsumer() instanceof ScheduledPollConsumer poller) {
            rest(poller);
        }
    }

    /** The multiplier that makes a rest last about the interval (at least one skipped poll). */
    void rest(ScheduledPollConsumer poller) {
        if (poller.getBackoffMultiplier() > 0 && poller.getDelay() > 0) {
            poller.setBackoffMultiplier((int) Math.max(1, Math.round((double) intervalMs / poller.getDelay()) - 1));
        }
    }
}
