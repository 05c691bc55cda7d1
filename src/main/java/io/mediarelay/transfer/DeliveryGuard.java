package io.mediarelay.transfer;

import java.time.Duration;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops an exchange whose asset version was already delivered to its destination. The mark is set by
 * {@link DeliveryRecorder} only after a delivery completed, in a JDBC idempotent repository whose primary key
 * makes it unique, so a failed delivery is retried later and a completed one is never repeated after a restart.
 *
 * <p>A delivery that is running is claimed ({@link DeliveryClaims}) until its exchange completes: a second attempt
 * at the same delivery waits for it and then asks "already delivered?" again, so it is skipped when the first one
 * delivered and goes on when it failed. Still running after {@code claimWait}: {@link DeliveryInProgressException}
 * (transient, retried later by that attempt's own retry layer).
 */
public final class DeliveryGuard implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryGuard.class);
    static final String ALREADY_DELIVERED = "MediarelayAlreadyDelivered";
    /** Default wait for another attempt at the same delivery: longer than an ordinary upload takes. */
    public static final Duration CLAIM_WAIT = Duration.ofMinutes(2);

    private final IdempotentRepository delivered;
    private final DeliveryClaims claims;
    private final Duration claimWait;

    public DeliveryGuard(IdempotentRepository delivered) {
        this(delivered, new DeliveryClaims(), CLAIM_WAIT);
    }

    public DeliveryGuard(IdempotentRepository delivered, DeliveryClaims claims, Duration claimWait) {
        this.delivered = delivered;
        this.claims = claims;
        this.claimWait = claimWait;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String key = key(exchange);
        if (delivered.contains(key)) {
            skip(exchange);
            return;
        }
        DeliveryClaims.Claim claim = claims.claim(key, exchange.getExchangeId(), claimWait);
        if (claim == null) {
            throw new DeliveryInProgressException(key, claimWait);
        }
        // released when this exchange is done, delivered or failed (a failure lets the waiting attempt deliver)
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                claim.release();
            }
        });
        if (delivered.contains(key)) {
            skip(exchange); // delivered by the attempt this one waited for
        }
    }

    private static void skip(Exchange exchange) {
        LOG.info("Skipped {}: already delivered to {}", exchange.getIn().getHeader(DeliveryHeaders.ASSET_ID),
                exchange.getIn().getHeader(DeliveryHeaders.DESTINATION));
        exchange.getIn().setHeader(ALREADY_DELIVERED, true);
        exchange.setRouteStop(true);
    }

    /** asset:version@destination — what "the same delivery" means. */
    static String key(Exchange exchange) {
        var in = exchange.getIn();
        String asset = in.getHeader(DeliveryHeaders.ASSET_ID, String.class);
        String destination = in.getHeader(DeliveryHeaders.DESTINATION, String.class);
        if (asset == null || destination == null) {
            throw new IllegalArgumentException("delivery needs headers " + DeliveryHeaders.ASSET_ID + " and "
                    + DeliveryHeaders.DESTINATION);
        }
        return asset + ":" + in.getHeader(DeliveryHeaders.ASSET_VERSION, "1", String.class) + "@" + destination;
    }
}
