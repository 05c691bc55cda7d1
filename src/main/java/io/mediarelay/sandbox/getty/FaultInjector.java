package io.mediarelay.sandbox.getty;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The runtime fault knobs: added latency, a QPS limit (token bucket) and a ratio of injected 5xx.
 * All knobs can be changed while the sandbox runs. The error draw uses a generator seeded from the
 * catalog seed, so a single-threaded test sees the same failure pattern on every run.
 */
final class FaultInjector {

    private volatile double qpsLimit;
    private volatile double errorRatio;
    private volatile int latencyMs;
    /** A license POST is recorded, then its answer waits this long (a crash now leaves a licensed, unanswered POST). */
    private volatile int licenseAnswerDelayMs;
    private final SplittableRandom random;

    /** Scripted failures: the next {@code remaining} requests matching method + path get {@code status}. */
    private record Rule(String method, Pattern path, int status, AtomicInteger remaining, boolean afterHandling) {
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    /** Requests seen per "METHOD path" (before any fault), so tests can count what a client really sent. */
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

    // token bucket state, guarded by this
    private double bucket;
    private long lastRefillNanos = System.nanoTime();

    FaultInjector(long seed, double qpsLimit, double errorRatio, int latencyMs) {
        this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.latencyMs = latencyMs;
        this.errorRatio = errorRatio;
        setQpsLimit(qpsLimit);
    }

    synchronized void setQpsLimit(double qps) {
        this.qpsLimit = Math.max(0, qps);
        this.bucket = burst(); // a fresh limit starts with a full bucket
        this.lastRefillNanos = System.nanoTime();
    }

    void setErrorRatio(double ratio) {
        this.errorRatio = Math.min(1, Math.max(0, ratio));
    }

    void setLatencyMs(int ms) {
        this.latencyMs = Math.max(0, ms);
    }

    void setLicenseAnswerDelayMs(int ms) {
        this.licenseAnswerDelayMs = Math.max(0, ms);
    }

    void delayLicenseAnswer() {
        int ms = licenseAnswerDelayMs;
        if (ms <= 0) return;
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps for the configured latency; interrupted sleeps just end early. */
    void delay() {
        int ms = latencyMs;
        if (ms <= 0) return;
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Throws the Getty gateway's 429 when the bucket is empty. */
    void throttle() {
        if (!tryAcquire()) {
            throw ApiException.gateway(429, "Account Over Queries Per Second Limit")
                    .header("Retry-After", "1")
                    .header("X-Error-Detail", "Account Over Queries Per Second Limit");
        }
    }

    private synchronized boolean tryAcquire() {
        double qps = qpsLimit;
        if (qps <= 0) return true;
        long now = System.nanoTime();
        bucket = Math.min(burst(), bucket + (now - lastRefillNanos) / 1e9 * qps);
        lastRefillNanos = now;
        if (bucket >= 1) {
            bucket -= 1;
            return true;
        }
        return false;
    }

    /** Bucket capacity: one second's worth of calls, at least one. */
    private double burst() {
        return Math.max(1, qpsLimit);
    }

    /** Throws an injected 500 or 503 for roughly {@code errorRatio} of calls. */
    void maybeFail() {
        double ratio = errorRatio;
        if (ratio <= 0) return;
        double draw;
        boolean unavailable;
        synchronized (random) {
            draw = random.nextDouble();
            unavailable = random.nextBoolean();
        }
        if (draw >= ratio) return;
        if (unavailable) {
            throw ApiException.service(503, "ServiceUnavailable", "The service is temporarily unavailable (injected by sandbox)")
                    .header("Retry-After", "1");
        }
        throw ApiException.service(500, "InternalServerError", "An unexpected error occurred (injected by sandbox)");
    }

    void count(String method, String path) {
        seen.computeIfAbsent(method + " " + path, k -> new AtomicInteger()).incrementAndGet();
    }

    /** Every /v3 request that reached the API so far (before faults, 429s included). */
    int requestCount() {
        return seen.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    int requestCount(String method, String pathRegex) {
        Pattern p = Pattern.compile(pathRegex);
        return seen.entrySet().stream().filter(e -> e.getKey().startsWith(method + " ")
                        && p.matcher(e.getKey().substring(method.length() + 1)).matches())
                .mapToInt(e -> e.getValue().get()).sum();
    }

    /** The next {@code times} matching requests are refused with {@code status} before anything happens. */
    void failRequests(String method, String pathRegex, int status, int times, boolean afterHandling) {
        rules.add(new Rule(method, Pattern.compile(pathRegex), status, new AtomicInteger(times), afterHandling));
    }

    void clearRules() {
        rules.clear();
    }

    /** Throws the scripted failure for this request, if any (gateway rules only, or the after-handling ones). */
    void scripted(String method, String path, boolean afterHandling) {
        for (Rule r : rules) {
            if (r.afterHandling() == afterHandling && r.method().equals(method) && r.path().matcher(path).matches()
                    && r.remaining().getAndDecrement() > 0) {
                throw r.status() == 429
                        ? ApiException.gateway(429, "Account Over Queries Per Second Limit").header("Retry-After", "1")
                        : ApiException.service(r.status(), r.status() >= 500 ? "InternalServerError" : "InvalidRequest",
                                "injected by sandbox (HTTP " + r.status() + ")");
            }
        }
    }
}
