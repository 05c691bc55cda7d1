package io.mediarelay.getty;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The streamed download body. java.net.http only times out until the headers arrive; a stalled body
 * would block a route forever, so a watchdog closes the stream when no byte arrived for
 * {@code readTimeout}. Also guarantees close is idempotent (the exchange's completion hook and the
 * consumer of the body may both close it).
 *
 * <p>Its class is registered as a stream-caching deny class by the component so Camel never buffers a
 * multi-gigabyte video in memory.
 */
public final class WatchdogInputStream extends FilterInputStream {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "getty-download-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final long timeoutNanos;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledFuture<?> task;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean timedOut;

    public WatchdogInputStream(InputStream in, long readTimeoutMs) {
        super(in);
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(readTimeoutMs);
        long period = Math.max(50, readTimeoutMs / 4);
        this.task = WATCHDOG.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    private void check() {
        if (System.nanoTime() - lastProgress > timeoutNanos) {
            timedOut = true;
            try {
                close();
            } catch (IOException ignored) {
                // closing only to unblock the reader
            }
        }
    }

    @Override
    public int read() throws IOException {
        int b = guard(super.read());
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        return guard(super.read(buf, off, len));
    }

    private int guard(int n) throws IOException {
        if (timedOut) {
            throw new IOException("Getty download stalled: no data for " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
        }
        lastProgress = System.nanoTime();
        return n;
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            task.cancel(false);
            super.close();
        }
    }

    public boolean isClosed() {
        return closed.get();
    }
}
