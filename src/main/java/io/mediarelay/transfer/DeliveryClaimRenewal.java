package io.mediarelay.transfer;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.InflightRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The heartbeat of this instance's delivery claims: renews them every third of a lease while the Camel context runs
 * (added with {@code CamelContext.addService}, so it starts and stops with it). When the instance dies the renewals
 * stop and its claims return after one lease. A claim whose exchange is no longer in flight is given back instead.
 */
public final class DeliveryClaimRenewal extends ServiceSupport {
    private final DeliveryClaims claims;
    private final CamelContext context;
    private ScheduledExecutorService timer;

    public DeliveryClaimRenewal(DeliveryClaims claims, CamelContext context) {
        this.claims = claims;
        this.context = context;
    }

    @Override
    protected void doStart() {
        long every = Math.max(200, claims.lease().toMillis() / 3);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mediarelay-claim-renewal");
            t.setDaemon(true);
            return t;
        });
        // which exchanges still run: a claim of one that ended is given back instead of renewed
        context.getInflightRepository().setInflightBrowseEnabled(true);
        timer.scheduleWithFixedDelay(() -> claims.renewHeld(inFlight()), every, every, TimeUnit.MILLISECONDS);
    }

    private Set<String> inFlight() {
        Set<String> ids = new HashSet<>();
        for (InflightRepository.InflightExchange x : context.getInflightRepository().browse()) {
            ids.add(x.getExchange().getExchangeId());
        }
        return ids;
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
