package io.mediarelay.transfer.delivery;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;

/**
 * A few open sessions per destination. Login costs 10–120 ms (TLS, SSH handshake, password hashing) while a
 * 100 KB file takes ~1 ms, so small-file throughput depends on reuse; the per-destination limit
 * ({@link DeliveryTarget#connections()}) lets parallel routes use several connections without exceeding what a
 * partner server allows. Sessions idle longer than {@link #MAX_IDLE_MS} are dropped rather than reused because
 * servers close idle control connections and the first command would then fail.
 */
final class SessionPool implements AutoCloseable {
    static final long MAX_IDLE_MS = 30_000;

    private record Idle(RemoteSession session, long since) {
    }

    private final class PerTarget {
        final Semaphore permits;
        final LinkedBlockingDeque<Idle> idle = new LinkedBlockingDeque<>();

        PerTarget(int size) {
            permits = new Semaphore(size, true);
        }
    }

    private final Map<String, PerTarget> targets = new ConcurrentHashMap<>();

    RemoteSession borrow(DeliveryTarget t) throws IOException {
        PerTarget p = targets.computeIfAbsent(t.poolKey(), k -> new PerTarget(t.connections()));
        try {
            // No timeout: a busy connection may be sending a multi-GB video; the caller's own concurrency
            // (split/threads) bounds how many wait, and shutdown interrupts them.
            p.permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for a connection to " + t, e);
        }
        try {
            Idle i;
            while ((i = p.idle.pollFirst()) != null) {
                if (i.session().usable() && System.currentTimeMillis() - i.since() < MAX_IDLE_MS) {
                    return i.session();
                }
                quietClose(i.session());
            }
            return t.protocol().equals("sftp") ? new SftpRemoteSession(t) : new FtpRemoteSession(t);
        } catch (IOException | RuntimeException e) {
            p.permits.release();
            throw e;
        }
    }

    /** Returns the session; a session that failed is closed, since its protocol state is unknown. */
    void release(DeliveryTarget t, RemoteSession s, boolean healthy) {
        PerTarget p = targets.get(t.poolKey());
        if (healthy && s.usable()) {
            p.idle.offerFirst(new Idle(s, System.currentTimeMillis()));
        } else {
            quietClose(s);
        }
        p.permits.release();
    }

    @Override
    public void close() {
        targets.values().forEach(p -> {
            Idle i;
            while ((i = p.idle.pollFirst()) != null) {
                quietClose(i.session());
            }
        });
    }

    private static void quietClose(RemoteSession s) {
        try {
            s.close();
        } catch (IOException | RuntimeException ignored) {
            // already broken
        }
    }
}
