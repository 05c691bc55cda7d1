package io.mediarelay.sandbox.getty;

import java.util.concurrent.atomic.AtomicInteger;

/** /v3 calls in progress and the most seen at once: shows whether a client overlaps its calls (issue 15). */
final class CallGauge {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger max = new AtomicInteger();

    void enter() {
        int now = inFlight.incrementAndGet();
        max.accumulateAndGet(now, Math::max);
    }

    void exit() {
        inFlight.decrementAndGet();
    }

    int max() {
        return max.get();
    }

    void reset() {
        max.set(inFlight.get());
    }
}
