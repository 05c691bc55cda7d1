package io.mediarelay.transfer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Properties;

import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime renews the delivery claims it holds (its heartbeat), and stops when it stops. */
class DeliveryClaimRenewalTest {
    @TempDir
    Path data;

    @Test
    void theRuntimeRenewsItsClaimsEveryThirdOfALease() throws Exception {
        Properties o = TestRuntimes.overrides(data);
        o.setProperty("mediarelay.delivery.claim-lease", "PT3S");
        try (MediarelayRuntime rt = new MediarelayRuntime(TestRuntimes.config(o)).start()) {
            DeliveryClaims claims = rt.context().getRegistry().lookupByNameAndType("deliveryClaims", DeliveryClaims.class);
            DeliveryClaims.Result held = claims.claim("asset-1", "v1", "dest", "test");
            assertTrue(held.held());
            Timestamp first = leaseUntil(rt, held.token());
            // renewed (lease pushed forward) by the runtime's own timer, not by this test
            await().atMost(Duration.ofSeconds(20)).until(() -> leaseUntil(rt, held.token()).after(first));
            Timestamp renewed = leaseUntil(rt, held.token());
            await().atMost(Duration.ofSeconds(20)).until(() -> leaseUntil(rt, held.token()).after(renewed));
            assertTrue(leaseUntil(rt, held.token()).toInstant().isAfter(java.time.Instant.now()), "never lapses while held");
        }
    }

    private static Timestamp leaseUntil(MediarelayRuntime rt, String token) throws Exception {
        try (Connection c = rt.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT lease_until FROM delivery_claims WHERE token = '" + token + "'")) {
            rs.next();
            return rs.getTimestamp(1);
        }
    }
}
