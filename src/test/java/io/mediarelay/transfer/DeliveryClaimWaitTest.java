package io.mediarelay.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.mediarelay.runtime.db.TestDatabases;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A delivery claimed by someone else is waited for, in real time (lease 2 s here): the holder delivers (skipped as
 * delivered), dies (taken over once its lease lapsed), or is still at it after the wait (a transient
 * DeliveryInProgressException the durable retry keeps). Before: a plain skip, which lost the asset when the holder had
 * died (after a kill -9 the restarted GF1 skipped 4 of 200 assets and never came back to them).
 */
class DeliveryClaimWaitTest {
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration WAIT = LEASE.plusSeconds(2);
    private static CamelContext camel;

    @BeforeAll
    static void camel() {
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stop() {
        camel.stop();
    }

    private record Node(DeliveryGuard guard, DeliveryRecorder recorder, DeliveryClaims claims) {
        static Node on(DataSource ds) {
            JdbcMessageIdRepository repo = new ClusterSafeMessageIdRepository(ds, "deliveries");
            repo.setCreateTableIfNotExists(false);
            repo.start();
            DeliveryClaims claims = new DeliveryClaims(ds, LEASE, Duration.ofHours(2), Clock.systemUTC());
            return new Node(new DeliveryGuard(repo, claims, WAIT), new DeliveryRecorder(ds, repo, claims), claims);
        }
    }

    private static Exchange exchange(String asset) {
        Exchange e = new DefaultExchange(camel);
        e.getIn().setHeader(DeliveryHeaders.ASSET_ID, asset);
        e.getIn().setHeader(DeliveryHeaders.DESTINATION, "dest-a");
        e.getIn().setHeader(DeliveryHeaders.REMOTE_PATH, "/out/" + asset);
        return e;
    }

    @Test
    void aDeadHoldersClaimIsTakenOverAfterItsLeaseInsteadOfSkipped() throws Exception {
        DataSource ds = TestDatabases.migrated("h2");
        Node killed = Node.on(ds);
        Node restarted = Node.on(ds);
        killed.guard().process(exchange("dead")); // claimed, then the process is killed: no renewal, no release
        Exchange again = exchange("dead");
        long t0 = System.nanoTime();
        restarted.guard().process(again);
        long waited = (System.nanoTime() - t0) / 1_000_000;
        assertFalse(again.isRouteStop(), "taken over, not skipped");
        assertTrue(waited >= 500 && waited < WAIT.toMillis(), "waited for the lease, " + waited + " ms");
        restarted.recorder().process(again);
        assertTrue(restarted.claims().heldCount() == 0);
    }

    @Test
    void aLiveHolderThatDeliversMeanwhileMakesTheWaiterSkipAsDelivered() throws Exception {
        DataSource ds = TestDatabases.migrated("h2");
        Node a = Node.on(ds);
        Node b = Node.on(ds);
        Exchange holder = exchange("busy");
        a.guard().process(holder);
        CompletableFuture<Void> delivers = CompletableFuture.runAsync(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(700); // the holder's upload
                a.recorder().process(holder);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Exchange waiter = exchange("busy");
        b.guard().process(waiter);
        delivers.get();
        assertTrue(waiter.isRouteStop());
        assertEquals(Boolean.TRUE, waiter.getIn().getHeader(DeliveryGuard.ALREADY_DELIVERED));
    }

    @Test
    void aLiveHolderStillAtItAfterTheWaitLeavesATransientFailureForTheDurableRetry() throws Exception {
        DataSource ds = TestDatabases.migrated("h2");
        Node a = Node.on(ds);
        Node b = Node.on(ds);
        a.guard().process(exchange("long"));
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor();
        try {
            heartbeat.scheduleWithFixedDelay(a.claims()::renewHeld, 300, 300, TimeUnit.MILLISECONDS);
            Exchange waiter = exchange("long");
            DeliveryInProgressException e = assertThrows(DeliveryInProgressException.class, () -> b.guard().process(waiter));
            assertTrue(e.getMessage().contains("long:1@dest-a"), e.getMessage());
            assertFalse(waiter.isRouteStop());
        } finally {
            heartbeat.shutdownNow();
        }
    }
}
