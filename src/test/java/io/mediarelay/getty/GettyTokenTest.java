package io.mediarelay.getty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.mediarelay.sandbox.getty.GettySandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** Token cache: one token for many concurrent exchanges, early renewal, revocation. */
class GettyTokenTest {

    private static RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:meta").to("getty:metadata?fields=id,title");
            }
        };
    }

    @Test
    void thousandCallsFromEightThreadsUseOneToken() throws Exception {
        try (GettySandbox sandbox = GettyTestSupport.sandbox()) {
            CamelContext ctx = GettyTestSupport.context(sandbox, null, c -> { }, routes());
            try {
                String id = sandbox.catalogImageIds().get(0);
                ProducerTemplate pt = ctx.createProducerTemplate();
                ExecutorService pool = Executors.newFixedThreadPool(8);
                long t0 = System.nanoTime();
                AtomicInteger ok = new AtomicInteger();
                List<Future<?>> fs = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    fs.add(pool.submit(() -> {
                        Object body = pt.requestBody("direct:meta", id);
                        if (body != null) {
                            ok.incrementAndGet();
                        }
                    }));
                }
                for (Future<?> f : fs) {
                    f.get(60, TimeUnit.SECONDS);
                }
                pool.shutdown();
                assertEquals(1000, ok.get());
                System.out.printf("token test: 1000 calls / 8 threads in %.2f s, token requests %d%n", (System.nanoTime() - t0) / 1e9,
                        sandbox.tokenRequestCount());
                assertEquals(1, sandbox.tokenRequestCount(), "exactly one token request for 1000 concurrent calls");
            } finally {
                ctx.close();
            }
        }
    }

    @Test
    void tokenExpiringMidRunIsRenewedWithoutFailedExchanges() throws Exception {
        try (GettySandbox sandbox = GettyTestSupport.sandbox(c -> c.tokenLifetimeSeconds(2))) {
            CamelContext ctx = GettyTestSupport.context(sandbox, null, c -> { }, routes());
            try {
                String id = sandbox.catalogImageIds().get(1);
                ProducerTemplate pt = ctx.createProducerTemplate();
                ExecutorService pool = Executors.newFixedThreadPool(4);
                AtomicInteger failures = new AtomicInteger();
                AtomicInteger calls = new AtomicInteger();
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5000);
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    fs.add(pool.submit(() -> {
                        while (System.nanoTime() < end) {
                            try {
                                pt.requestBody("direct:meta", id);
                                calls.incrementAndGet();
                            } catch (Exception e) {
                                failures.incrementAndGet();
                            }
                            sleep(20);
                        }
                    }));
                }
                for (Future<?> f : fs) {
                    f.get(30, TimeUnit.SECONDS);
                }
                pool.shutdown();
                assertEquals(0, failures.get(), "no exchange may fail across token renewals");
                // 5 s with a 2 s token renewed at 80 % (1.6 s): initial + ~3 renewals
                int tokens = sandbox.tokenRequestCount();
                System.out.printf("expiry test: %d calls in 5 s with 2 s tokens, %d token requests, %d failures%n", calls.get(), tokens, failures.get());
                assertTrue(tokens >= 3 && tokens <= 6, "token requests: " + tokens);
                assertTrue(calls.get() > 50, "calls: " + calls.get());
            } finally {
                ctx.close();
            }
        }
    }

    @Test
    void revokedTokenCausesOneRenewalAndTheCallSucceeds() throws Exception {
        try (GettySandbox sandbox = GettyTestSupport.sandbox()) {
            CamelContext ctx = GettyTestSupport.context(sandbox, null, c -> { }, routes());
            try {
                String id = sandbox.catalogImageIds().get(2);
                ProducerTemplate pt = ctx.createProducerTemplate();
                pt.requestBody("direct:meta", id);
                assertEquals(1, sandbox.tokenRequestCount());
                sandbox.revokeAllTokens();
                Object body = pt.requestBody("direct:meta", id);
                assertTrue(body instanceof java.util.Map);
                assertEquals(2, sandbox.tokenRequestCount(), "exactly one renewal after revocation");
                pt.requestBody("direct:meta", id);
                assertEquals(2, sandbox.tokenRequestCount());
            } finally {
                ctx.close();
            }
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
