package io.mediarelay.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import io.mediarelay.runtime.TestClock;
import io.mediarelay.runtime.db.TestDatabases;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13: the delivery guard claims before anything is licensed or uploaded, so two instances racing for the same
 * asset never both pass it (before: both checked the mark written after the upload and both delivered). On H2 and
 * on a real PostgreSQL server; each "instance" is its own guard over its own connection pool on one database.
 */
class DeliveryClaimsTest {
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
        static Node on(DataSource ds, TestClock clock) {
            return on(ds, clock, Duration.ofMinutes(30));
        }

        static Node on(DataSource ds, TestClock clock, Duration lease) {
            JdbcMessageIdRepository repo = new ClusterSafeMessageIdRepository(ds, "deliveries");
            repo.setCreateTableIfNotExists(false);
            repo.start();
            DeliveryClaims claims = new DeliveryClaims(ds, lease, Duration.ofHours(2), clock);
            // no wait: these tests step a test clock, a wait for a claim to lapse is real time (DeliveryClaimWaitTest)
            return new Node(new DeliveryGuard(repo, claims, Duration.ZERO), new DeliveryRecorder(ds, repo, claims), claims);
        }
    }

    private static Exchange exchange(String asset) {
        Exchange e = new DefaultExchange(camel);
        e.getIn().setHeader(DeliveryHeaders.ASSET_ID, asset);
        e.getIn().setHeader(DeliveryHeaders.DESTINATION, "dest-a");
        e.getIn().setHeader(DeliveryHeaders.REMOTE_PATH, "/out/" + asset);
        return e;
    }

    /** Runs the exchange through the guard; true when it may deliver (not stopped, not refused as held elsewhere). */
    private static boolean passes(Node node, Exchange e) throws Exception {
        try {
            node.guard().process(e);
        } catch (DeliveryInProgressException held) {
            e.setException(held);
            return false;
        }
        return !e.isRouteStop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void twoInstancesRacingForTheSameAssetsPassTheGuardOncePerAsset(String engine) throws Exception {
        DataSource ds = TestDatabases.migrated(engine);
        TestClock clock = new TestClock(Instant.now());
        List<Node> nodes = List.of(Node.on(ds, clock), Node.on(ds, clock), Node.on(ds, clock));
        int assets = 20;
        CyclicBarrier start = new CyclicBarrier(nodes.size());
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<Integer>> delivered = new ArrayList<>();
            for (Node node : nodes) {
                Callable<Integer> run = () -> {
                    start.await();
                    int n = 0;
                    for (int i = 0; i < assets; i++) {
                        Exchange e = exchange("asset-" + i);
                        if (passes(node, e)) {
                            node.recorder().process(e); // "uploaded": recorded, claim completed
                            n++;
                        }
                    }
                    return n;
                };
                delivered.add(pool.submit(run));
            }
            int total = 0;
            for (Future<Integer> f : delivered) {
                total += f.get();
            }
            assertEquals(assets, total, "each asset passes the guard on exactly one instance");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(assets, count(ds, "SELECT COUNT(*) FROM deliveries WHERE outcome = 'DELIVERED'"));
        assertEquals(assets, count(ds, "SELECT COUNT(*) FROM deliveries d JOIN delivery_claims c ON c.id = d.claim_id"
                + " WHERE c.state = 'DELIVERED'"), "every DELIVERED row names its completed claim");
        // afterwards, any instance skips them as delivered
        Exchange again = exchange("asset-3");
        assertFalse(passes(nodes.get(2), again));
        assertEquals(Boolean.TRUE, again.getIn().getHeader(DeliveryGuard.ALREADY_DELIVERED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aClaimIsGivenBackWhenTheExchangeEndsWithoutDeliveryAndTakenOverAfterItsLeaseWhenItsHolderDied(String engine)
            throws Exception {
        DataSource ds = TestDatabases.migrated(engine);
        TestClock clock = new TestClock(Instant.now());
        Node a = Node.on(ds, clock);
        Node b = Node.on(ds, clock);

        // held: the other instance does not deliver; it fails transiently (kept for the durable retry), never a skip
        Exchange first = exchange("x");
        assertTrue(passes(a, first));
        Exchange second = exchange("x");
        assertFalse(passes(b, second));
        assertTrue(second.getException() instanceof DeliveryInProgressException, String.valueOf(second.getException()));
        assertFalse(second.isRouteStop(), "not skipped: if the holder died, nobody else would deliver it");

        // failed (dead-lettered): the dead-letter store gives the claim back, the retry claims it
        DeliveryGuard.releaseClaims(first);
        assertTrue(passes(b, exchange("x")), "a failed delivery's claim returns at once");

        // b "dies" holding it (its exchange never ends): a waits for the lease, then takes it over, exactly once
        Exchange beforeLease = exchange("x");
        assertFalse(passes(a, beforeLease));
        clock.advance(Duration.ofMinutes(31));
        assertTrue(passes(a, exchange("x")), "a lapsed claim is taken over");
        assertFalse(passes(b, exchange("x")), "by one taker only");
    }

    /**
     * Issue 12 (kill -9 during a license POST): the killed instance's claim blocked its asset - and GF1's board behind
     * it - for the whole 30 min lease after the restart. Now the lease is short and its live holder renews it: a long
     * delivery keeps its claim, a dead holder's claim returns within one lease.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aLiveHolderKeepsItsClaimByRenewingItADeadHoldersClaimReturnsWithinOneLease(String engine) throws Exception {
        DataSource ds = TestDatabases.migrated(engine);
        TestClock clock = new TestClock(Instant.now());
        Duration lease = Duration.ofMinutes(1);
        Node a = Node.on(ds, clock, lease);
        Node b = Node.on(ds, clock, lease);

        Exchange longUpload = exchange("long");
        assertTrue(passes(a, longUpload));
        for (int i = 0; i < 6; i++) { // a 4-minute upload: its holder renews every 20 s
            clock.advance(Duration.ofSeconds(40));
            assertEquals(1, a.claims().renewHeld());
            assertFalse(passes(b, exchange("long")), "a live holder's claim is never taken over (" + (i + 1) * 40 + " s)");
        }
        a.recorder().process(longUpload);
        assertEquals(0, a.claims().heldCount(), "a delivered claim is no longer renewed");

        Exchange dying = exchange("dying");
        assertTrue(passes(a, dying)); // then a is killed: nobody renews its claim any more
        clock.advance(Duration.ofSeconds(50));
        assertFalse(passes(b, exchange("dying")), "within the lease the claim still holds");
        clock.advance(Duration.ofSeconds(11));
        assertTrue(passes(b, exchange("dying")), "one lease after its last renewal, another instance takes it over");
        assertEquals(0, a.claims().renewHeld(), "a renewal of a claim that was taken over renews nothing");
        assertEquals(0, a.claims().heldCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void aClaimHeldPastItsMaximumIsNoLongerRenewed(String engine) throws Exception {
        DataSource ds = TestDatabases.migrated(engine);
        TestClock clock = new TestClock(Instant.now());
        Node a = Node.on(ds, clock, Duration.ofMinutes(1));
        Node b = Node.on(ds, clock, Duration.ofMinutes(1));
        assertTrue(passes(a, exchange("leaked"))); // an exchange that ends without completing or releasing its claim
        for (int i = 0; i <= 4 * 60; i++) { // renewed every 30 s for just over two hours
            clock.advance(Duration.ofSeconds(30));
            a.claims().renewHeld();
        }
        assertEquals(0, a.claims().heldCount(), "past claim-max-hold (2 h) it is dropped");
        clock.advance(Duration.ofSeconds(61));
        assertTrue(passes(b, exchange("leaked")), "and returns after one more lease");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theIdempotentRepositoryTellsTheLoserOfARaceItIsADuplicateInsteadOfFailing(String engine) throws Exception {
        DataSource ds = TestDatabases.migrated(engine);
        int racers = 6;
        CyclicBarrier go = new CyclicBarrier(racers);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<Boolean>> added = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                JdbcMessageIdRepository repo = new ClusterSafeMessageIdRepository(ds, "deliveries");
                repo.setCreateTableIfNotExists(false);
                repo.start();
                added.add(pool.submit(() -> {
                    go.await();
                    return repo.add("feed:v1");
                }));
            }
            int firsts = 0;
            for (Future<Boolean> f : added) {
                firsts += f.get() ? 1 : 0; // before: DuplicateKeyException for the losers
            }
            assertEquals(1, firsts);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long count(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
