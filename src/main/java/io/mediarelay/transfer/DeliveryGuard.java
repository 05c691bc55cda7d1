package io.mediarelay.transfer;

import java.time.Duration;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops an exchange whose asset version was already delivered to its destination, or is being delivered right now by
 * another exchange (this instance or another one on the same database).
 *
 * <p>Two marks: the JDBC idempotent repository that {@link DeliveryRecorder} writes after a completed delivery (also
 * every delivery made before claims existed), and a claim in {@code delivery_claims} taken here, before anything is
 * licensed or uploaded: the mark alone is written after the upload, so two instances racing both passed it and both
 * delivered. The claim is given back when the exchange fails ({@link #releaseClaims}, from the dead-letter store), so
 * the durable retry or the next poll claims it again; a claim of a killed instance is taken over after its lease.
 *
 * <p>A claim held by someone else is waited for (up to {@code claimWait}, one lease and a little by default): the
 * holder delivers (this exchange is skipped as delivered), fails and gives it back, or was killed and its claim lapses
 * (this exchange takes it over). Still held after the wait, the exchange fails with a transient
 * {@link DeliveryInProgressException}: the durable retry keeps it. It was a plain skip, which lost the asset when the
 * holder had died: after a kill -9 mid-delivery the restarted GF1 skipped four assets and never came back to them.
 */
public final class DeliveryGuard implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryGuard.class);
    static final String ALREADY_DELIVERED = "MediarelayAlreadyDelivered";
    private static final String CLAIM_PROPERTY = "MediarelayDeliveryClaim:";

    private static final long RECHECK_MILLIS = 1_000;

    private final IdempotentRepository delivered;
    private final DeliveryClaims claims;
    private final Duration claimWait;

    public DeliveryGuard(IdempotentRepository delivered) {
        this(delivered, null, Duration.ZERO);
    }

    public DeliveryGuard(IdempotentRepository delivered, DeliveryClaims claims, Duration claimWait) {
        this.delivered = delivered;
        this.claims = claims;
        this.claimWait = claimWait;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String key = key(exchange);
        var in = exchange.getIn();
        if (delivered.contains(key)) {
            skip(exchange, ALREADY_DELIVERED, "already delivered to");
            return;
        }
        if (claims == null || exchange.getProperty(CLAIM_PROPERTY + key) != null) {
            return; // no claims (tests of the guard alone), or this exchange holds the claim already (a redelivery)
        }
        String asset = in.getHeader(DeliveryHeaders.ASSET_ID, String.class);
        String destination = in.getHeader(DeliveryHeaders.DESTINATION, String.class);
        DeliveryClaims.Result r = claims.claim(asset, version(exchange), destination, exchange.getExchangeId());
        long until = System.nanoTime() + claimWait.toNanos();
        if (r.outcome() == DeliveryClaims.Outcome.HELD_ELSEWHERE && !claimWait.isZero() && !claimWait.isNegative()) {
            LOG.info("{} is being delivered by {}; waiting for it (up to {} s)", key, r.holder(), claimWait.toSeconds());
        }
        while (r.outcome() == DeliveryClaims.Outcome.HELD_ELSEWHERE && System.nanoTime() < until
                && !exchange.getContext().isStopping()) {
            Thread.sleep(RECHECK_MILLIS);
            r = claims.claim(asset, version(exchange), destination, exchange.getExchangeId());
        }
        switch (r.outcome()) {
            case DELIVERED -> skip(exchange, ALREADY_DELIVERED, "already delivered to");
            case HELD_ELSEWHERE -> throw new DeliveryInProgressException(key, r.holder(), claimWait);
            default -> exchange.setProperty(CLAIM_PROPERTY + key, new HeldClaim(r, claims));
        }
    }

    /**
     * Gives back every claim the exchange holds that did not become a delivery: called by the dead-letter store when
     * the exchange failed, so the durable retry (on any instance) can claim it again at once. (Not an on-completion
     * of the exchange: a kamelet's route completes its own unit of work, which released the claim mid-delivery.) A
     * claim of an exchange that ended otherwise without a delivery returns after its lease.
     */
    public static void releaseClaims(Exchange exchange) {
        for (Object v : exchange.getProperties().values()) {
            if (v instanceof HeldClaim held) {
                held.claims().release(held.result().token());
            }
        }
    }

    /** What the exchange holds: the claim, and where to give it back. */
    record HeldClaim(DeliveryClaims.Result result, DeliveryClaims claims) {
    }

    private static void skip(Exchange exchange, String header, String why) {
        LOG.info("Skipped {}: {} {}", exchange.getIn().getHeader(DeliveryHeaders.ASSET_ID), why,
                exchange.getIn().getHeader(DeliveryHeaders.DESTINATION));
        exchange.getIn().setHeader(header, true);
        exchange.setRouteStop(true);
    }

    /** The claim this exchange holds for its current asset and destination, or null. */
    static DeliveryClaims.Result claimOf(Exchange exchange) {
        HeldClaim held = exchange.getProperty(CLAIM_PROPERTY + key(exchange), HeldClaim.class);
        return held == null ? null : held.result();
    }

    static String version(Exchange exchange) {
        return exchange.getIn().getHeader(DeliveryHeaders.ASSET_VERSION, "1", String.class);
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
        return asset + ":" + version(exchange) + "@" + destination;
    }
}
