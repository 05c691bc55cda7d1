package io.mediarelay.getty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.mediarelay.connector.RateLimiter;
import io.mediarelay.sandbox.getty.GettySandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** 429 storms, injected 5xx, the client-side QPS limit, and non-retryable errors. */
class GettyResilienceTest {

    private static RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:search").to("getty:search?phrase=city&pageSize=5&fields=id,title");
                from("direct:license").to("getty:license?download=false");
            }
        };
    }

    /** Runs n searches from 8 threads; returns the number that failed. */
    private static int runSearches(ProducerTemplate pt, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger failed = new AtomicInteger();
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fs.add(pool.submit(() -> {
                try {
                    pt.requestBody("direct:search", (Object) null);
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        return failed.get();
    }

    @Test
    void throttleStormAndServerErrorsAllSucceedWithinRetryBudget() throws Exception {
        // server allows 10 qps and fails 20 % with 5xx; the client has no limit of its own, so it gets 429s
        try (GettySandbox sandbox = GettyTestSupport.sandbox(c -> c.qpsLimit(10).errorRatio(0.2))) {
            CamelContext ctx = GettyTestSupport.context(sandbox, io.mediarelay.runtime.db.Database.inMemory("resil-storm"), c -> c.getConfiguration().setMaxAttempts(8), routes());
            try {
                long t0 = System.nanoTime();
                assertEquals(0, runSearches(ctx.createProducerTemplate(), 40));
                long requests = ((GettyComponent) ctx.getComponent("getty")).client().limiter().permitsIssued();
                System.out.printf("storm test: 40 exchanges needed %d requests (incl. token) in %.2f s%n", requests, (System.nanoTime() - t0) / 1e9);
                assertTrue(requests > 41, "the storm must actually have produced 429/5xx retries: " + requests);
            } finally {
                ctx.close();
            }
        }
    }

    @Test
    void clientSideQpsLimitHolds() throws Exception {
        try (GettySandbox sandbox = GettyTestSupport.sandbox(c -> c.errorRatio(0.2))) {
            CamelContext ctx = GettyTestSupport.context(sandbox, io.mediarelay.runtime.db.Database.inMemory("resil-qps"), c -> {
                c.getConfiguration().setQps(20);
                c.getConfiguration().setMaxAttempts(8);
            }, routes());
            try {
                ProducerTemplate pt = ctx.createProducerTemplate();
                pt.requestBody("direct:search", (Object) null); // token + warm-up
                RateLimiter limiter = ((GettyComponent) ctx.getComponent("getty")).client().limiter();
                int n = 60;
                long permits0 = limiter.permitsIssued();
                long start = System.nanoTime();
                assertEquals(0, runSearches(pt, n));
                double seconds = (System.nanoTime() - start) / 1e9;
                long requests = limiter.permitsIssued() - permits0;
                // every HTTP request (first attempts and retries) passes the limiter: measure their rate
                double rate = (requests - 1) / seconds;
                System.out.printf("qps test: %d exchanges, %d requests in %.2f s = %.1f req/s%n", n, requests, seconds, rate);
                assertTrue(requests > n, "20 % errors must have caused retries: " + requests);
                assertTrue(rate <= 20 * 1.05, "request rate " + rate + "/s exceeds the 20 qps limit");
                assertTrue(rate > 5, "limiter far too slow: " + rate + "/s");
            } finally {
                ctx.close();
            }
        }
    }

    @Test
    void nonRetryableErrorSurfacesGettyCodeAndStatus() throws Exception {
        try (GettySandbox sandbox = GettyTestSupport.sandbox()) {
            CamelContext ctx = GettyTestSupport.context(sandbox, io.mediarelay.runtime.db.Database.inMemory("resil-4xx"),
                    c -> { }, routes());
            try {
                CamelExecutionException e = assertThrows(CamelExecutionException.class,
                        () -> ctx.createProducerTemplate().requestBodyAndHeader("direct:license", null, GettyConstants.ASSET_ID, "999999999"));
                GettyApiException api = assertInstanceOf(GettyApiException.class, e.getCause());
                assertEquals(404, api.getStatus());
                assertEquals("ImageNotFound", api.getErrorCode());
                assertTrue(api.getMessage().contains("ImageNotFound") && api.getMessage().contains("404"), api.getMessage());
                assertEquals(0, sandbox.licenseCount());
            } finally {
                ctx.close();
            }
        }
    }
}
