package io.mediarelay.sandbox.photoshelter;

import java.util.SplittableRandom;

/**
 * Runtime fault knobs: latency, a QPS limit (token bucket, 429 + Retry-After as the v4 spec models it) and a
 * ratio of injected 500/503. Seeded so a single-threaded test sees the same pattern on every run.
 */
final class Faults {

    private volatile double qpsLimit;
    private volatile double errorRatio;
    private volatile int latencyMs;
    private final SplittableRandom random;
    private double bucket;
    private long lastRefill = System.nanoTime();

    Faults(long seed, double qpsLimit, double errorRatio, int latencyMs) {
        this.random = new SplittableRandom(seed);
        this.errorRatio = errorRatio;
        this.latencyMs = latencyMs;
        setQpsLimit(qpsLimit);
    }

    synchronized void setQpsLimit(double qps) {
        qpsLimit = Math.max(0, qps);
        bucket = Math.max(1, qpsLimit);
        lastRefill = System.nanoTime();
    }

    void setErrorRatio(double r) { errorRatio = Math.min(1, Math.max(0, r)); }

    void setLatencyMs(int ms) { latencyMs = Math.max(0, ms); }

    /** Applied before any request body is read, as a real gateway would. */
    void apply() {
        int ms = latencyMs;
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!tryAcquire()) {
            throw new SandboxError(429, "TooManyRequestsException", "Too Many Requests",
                    "Rate limit exceeded (sandbox qpsLimit)").header("Retry-After", "1");
        }
        double ratio = errorRatio;
        if (ratio <= 0) return;
        double draw;
        boolean unavailable;
        synchronized (random) {
            draw = random.nextDouble();
            unavailable = random.nextBoolean();
        }
        if (draw < ratio) {
            throw unavailable
                    ? new SandboxError(503, "ServiceUnavailableException", "Service Unavailable", "injected by sandbox")
                    : new SandboxError(500, "InternalServerErrorException", "Internal Server Error", "injected by sandbox");
        }
    }

    private synchronized boolean tryAcquire() {
        if (qpsLimit <= 0) return true;
        long now = System.nanoTime();
        bucket = Math.min(Math.max(1, qpsLimit), bucket + (now - lastRefill) / 1e9 * qpsLimit);
        lastRefill = now;
        if (bucket >= 1) {
            bucket -= 1;
            return true;
        }
        return false;
    }
}
