package io.mediarelay.transfer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime renews the delivery claims its running exchanges hold (its heartbeat), gives back those of exchanges that ended. */
class DeliveryClaimRenewalTest {
    @TempDir
    Path data;

    @Test
    void theRuntimeRenewsItsClaimsEveryThirdOfALeaseAndGivesBackOnesWhoseExchangeEnded() throws Exception {
        Properties o = TestRuntimes.overrides(data);
        o.setProperty("mediarelay.delivery.claim-lease", "PT3S");
        try (MediarelayRuntime rt = new MediarelayRuntime(TestRuntimes.config(o)).start()) {
            DeliveryClaims claims = rt.context().getRegistry().lookupByNameAndType("deliveryClaims", DeliveryClaims.class);
            // an exchange that claims a delivery and then ends without delivering or releasing it (as a route force-stopped
            // mid-exchange does)
            CountDownLatch end = new CountDownLatch(1);
            AtomicReference<DeliveryClaims.Result> claimed = new AtomicReference<>();
            rt.context().addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:claim-and-hold").routeId("test-claim-and-hold").process(e -> {
                        claimed.set(claims.claim("asset-1", "v1", "dest", e.getExchangeId()));
                        end.await(60, TimeUnit.SECONDS);
                    });
                }
            });
            if (!rt.context().getRouteController().getRouteStatus("test-claim-and-hold").isStarted()) {
                rt.context().getRouteController().startRoute("test-claim-and-hold");
            }
            var done = rt.context().createProducerTemplate().asyncSendBody("direct:claim-and-hold", "x");
            await().atMost(Duration.ofSeconds(10)).until(() -> claimed.get() != null);
            DeliveryClaims.Result held = claimed.get();
            assertTrue(held.held());
            Timestamp first = leaseUntil(rt, held.token());
            // renewed (lease pushed forward) by the runtime's own timer, not by this test, while the exchange runs
            await().atMost(Duration.ofSeconds(20)).until(() -> leaseUntil(rt, held.token()).after(first));
            Timestamp renewed = leaseUntil(rt, held.token());
            await().atMost(Duration.ofSeconds(20)).until(() -> leaseUntil(rt, held.token()).after(renewed));
            assertTrue(leaseUntil(rt, held.token()).toInstant().isAfter(java.time.Instant.now()), "never lapses while held");

            end.countDown();
            done.get(10, TimeUnit.SECONDS);
            // its exchange is gone: given back at the next renewal (it was renewed for claim-max-hold, 2 h)
            await().atMost(Duration.ofSeconds(10)).until(() -> leaseUntil(rt, held.token()) == null);
            assertEquals(DeliveryClaims.Outcome.CLAIMED, claims.claim("asset-1", "v1", "dest", "another").outcome(),
                    "free for the next attempt at once");
        }
    }

    private static Timestamp leaseUntil(MediarelayRuntime rt, String token) throws Exception {
        try (Connection c = rt.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT lease_until FROM delivery_claims WHERE token = '" + token + "'")) {
            return rs.next() ? rs.getTimestamp(1) : null;
        }
    }
}
