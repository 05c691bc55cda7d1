package io.mediarelay.transfer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Deliveries in flight in this runtime, one per asset version and destination ({@link DeliveryGuard#key}). The guard's
 * "already delivered?" is only true once a delivery completed; two attempts at the same delivery that start before
 * either finished (a source polling an item again while the durable retry replays it, an operator's replay) would
 * both pass it and deliver twice. A second attempt therefore waits for the first to finish and then asks again.
 */
public final class DeliveryClaims {

    /** A held claim; {@link #release()} lets the next attempt at the same delivery go on. */
    public final class Claim {
        private final String key;
        private final String owner;
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        private Claim(String key, String owner) {
            this.key = key;
            this.owner = owner;
        }

        public void release() {
            inFlight.remove(key, this);
            done.complete(null);
        }
    }

    private final ConcurrentHashMap<String, Claim> inFlight = new ConcurrentHashMap<>();

    /**
     * Claims {@code key} for {@code owner} (an exchange id). Held by another owner: waits until it is released, at
     * most {@code wait}, and tries again. Returns null when the other attempt is still running after {@code wait}.
     * The same owner claiming again gets its own claim back (an exchange passing the guard twice must not wait on itself).
     */
    public Claim claim(String key, String owner, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Claim mine = new Claim(key, owner);
            Claim held = inFlight.putIfAbsent(key, mine);
            if (held == null) {
                return mine;
            }
            if (held.owner.equals(owner)) {
                return held;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            try {
                held.done.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return null;
            } catch (ExecutionException e) {
                // never completed exceptionally; try again
            }
        }
    }

    /** How many deliveries are in flight (for tests and diagnostics). */
    public int inFlight() {
        return inFlight.size();
    }
}
