package io.mediarelay.transfer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.mediarelay.runtime.deadletter.FailureClassifier;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two attempts at the same delivery (asset version + destination) that overlap: the second waits for the first and is
 * skipped when it delivered, delivers itself when the first failed, and fails transiently when the first is still
 * running after the claim wait. The "upload" step holds the first attempt on a latch so the overlap is certain.
 * (PhotoShelterRegionalDistributionTest delivered spring-1.jpg twice to franchise-east: the source's poll and the
 * catch-up's replay both passed the guard before either recorded the delivery.)
 */
class DeliveryGuardClaimTest {
    private CamelContext camel;
    private ProducerTemplate template;
    private JdbcMessageIdRepository delivered;
    private final AtomicInteger uploads = new AtomicInteger();
    private final CountDownLatch firstInUpload = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);
    private volatile boolean firstFails;

    @BeforeEach
    void repository() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:guard-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        delivered = new JdbcMessageIdRepository(ds, "deliveries");
        delivered.start();
    }

    void start(DeliveryGuard guard) throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:deliver").routeId("guard-claim-test")
                        .process(guard).id("deliver-once")
                        .process(e -> {
                            int n = uploads.incrementAndGet();
                            if (n == 1) { // the first attempt: hold it in the upload until the test lets it go
                                firstInUpload.countDown();
                                assertTrue(releaseFirst.await(30, TimeUnit.SECONDS));
                                if (firstFails) {
                                    throw new IOException("connection reset during upload");
                                }
                            }
                        }).id("upload")
                        .process(e -> delivered.add(DeliveryGuard.key(e))).id("record");
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    private CompletableFuture<Exchange> attempt() {
        return CompletableFuture.supplyAsync(() -> template.send("direct:deliver", e -> {
            e.getIn().setHeader(DeliveryHeaders.ASSET_ID, "I0001");
            e.getIn().setHeader(DeliveryHeaders.ASSET_VERSION, "2026-12-04T10:00:00Z");
            e.getIn().setHeader(DeliveryHeaders.DESTINATION, "pf6-franchise-east");
        }));
    }

    /** Waits until the second attempt is parked on the first one's claim (or, without a claim, already through). */
    private static void overlapping(CompletableFuture<Exchange> second) {
        await().atMost(Duration.ofSeconds(10)).until(() -> second.isDone() || Thread.getAllStackTraces().entrySet().stream()
                .anyMatch(t -> t.getKey().getState() == Thread.State.TIMED_WAITING && java.util.Arrays.stream(t.getValue())
                        .anyMatch(f -> f.getClassName().startsWith(DeliveryClaims.class.getName()))));
    }

    @Test
    void aSecondAttemptWhileTheFirstIsUploadingIsSkippedOnceTheFirstDelivered() throws Exception {
        start(new DeliveryGuard(delivered));
        CompletableFuture<Exchange> first = attempt();
        assertTrue(firstInUpload.await(10, TimeUnit.SECONDS));
        CompletableFuture<Exchange> second = attempt();
        overlapping(second);
        releaseFirst.countDown();
        Exchange one = first.get(20, TimeUnit.SECONDS);
        Exchange two = second.get(20, TimeUnit.SECONDS);
        assertNull(one.getException());
        assertNull(two.getException());
        assertEquals(1, uploads.get(), "uploaded once");
        assertEquals(Boolean.TRUE, two.getIn().getHeader(DeliveryGuard.ALREADY_DELIVERED));
    }

    @Test
    void aSecondAttemptDeliversWhenTheFirstFailed() throws Exception {
        firstFails = true;
        start(new DeliveryGuard(delivered));
        CompletableFuture<Exchange> first = attempt();
        assertTrue(firstInUpload.await(10, TimeUnit.SECONDS));
        CompletableFuture<Exchange> second = attempt();
        overlapping(second);
        releaseFirst.countDown();
        assertInstanceOf(IOException.class, first.get(20, TimeUnit.SECONDS).getException());
        Exchange two = second.get(20, TimeUnit.SECONDS);
        assertNull(two.getException());
        assertNull(two.getIn().getHeader(DeliveryGuard.ALREADY_DELIVERED), "the second attempt delivered");
        assertEquals(2, uploads.get());
        assertTrue(delivered.contains("I0001:2026-12-04T10:00:00Z@pf6-franchise-east"));
    }

    @Test
    void aSecondAttemptThatWaitedOutTheClaimFailsTransiently() throws Exception {
        start(new DeliveryGuard(delivered, new DeliveryClaims(), Duration.ofMillis(300)));
        CompletableFuture<Exchange> first = attempt();
        assertTrue(firstInUpload.await(10, TimeUnit.SECONDS));
        Exchange two = attempt().get(20, TimeUnit.SECONDS);
        assertInstanceOf(DeliveryInProgressException.class, two.getException());
        assertEquals(FailureClassifier.Kind.TRANSIENT, FailureClassifier.classify(two.getException()),
                "retried later by the attempt's own retry layer");
        releaseFirst.countDown();
        assertNull(first.get(20, TimeUnit.SECONDS).getException());
        assertEquals(1, uploads.get());
    }
}
