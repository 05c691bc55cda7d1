package io.mediarelay.transfer;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.support.service.ServiceSupport;

/**
 * The heartbeat of this instance's delivery claims: renews them every third of a lease while the Camel context runs
 * (added with {@code CamelContext.addService}, so it starts and stops with it). When the instance dies the renewals
 * stop and its claims return after one lease.
 */
public final class DeliveryClaimRenewal extends ServiceSupport {
    private final DeliveryClaims claims;
    private ScheduledExecutorService timer;

    public DeliveryClaimRenewal(DeliveryClaims claims) {
        this.claims = claims;
    }

    @Override
    protected void doStart() {
        long every = Math.max(200, claims.lease().toMillis() / 3);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mediarelay-claim-renewal");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(claims::renewHeld, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
