package io.mediarelay.connector;

import java.util.concurrent.TimeUnit;

/**
 * Client-side pacing limiter: hands out evenly spaced start slots at most {@code qps} per second,
 * shared by all endpoints of one credential set (Getty limits per API key). A 429 pushes the next
 * slot out for everyone, so a throttled key backs off as a whole instead of thread by thread.
 */
public final class RateLimiter {

    private final java.util.concurrent.atomic.AtomicLong permits = new java.util.concurrent.atomic.AtomicLong();
    private long intervalNanos;
    private long nextSlotNanos = System.nanoTime();

    public RateLimiter(double qps) {
        setQps(qps);
    }

    public synchronized void setQps(double qps) {
        this.intervalNanos = qps <= 0 ? 0 : (long) (1_000_000_000L / qps);
    }

    public synchronized double getQps() {
        return intervalNanos == 0 ? 0 : 1e9 / intervalNanos;
    }

    /** Blocks until this caller may start a request. */
    public void acquire() throws InterruptedException {
        permits.incrementAndGet();
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            slot = Math.max(now, nextSlotNanos);
            nextSlotNanos = slot + intervalNanos;
        }
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** Requests started through this limiter (every HTTP request to Getty of this credential set). */
    public long permitsIssued() {
        return permits.get();
    }

    /** Nobody starts a request for the given time (server said it is over its limit). */
    public synchronized void pause(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        if (until > nextSlotNanos) {
            nextSlotNanos = until;
        }
    }
}
