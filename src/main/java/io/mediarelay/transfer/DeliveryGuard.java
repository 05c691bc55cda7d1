package io.mediarelay.transfer;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops an exchange whose asset version was already delivered to its destination. The mark is set by
 * {@link DeliveryRecorder} only after a delivery completed, in a JDBC idempotent repository whose primary key
 * makes it unique, so a failed delivery is retried later and a completed one is never repeated after a restart.
 */
public final class DeliveryGuard implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryGuard.class);
    static final String ALREADY_DELIVERED = "MediarelayAlreadyDelivered";

    private final IdempotentRepository delivered;

    public DeliveryGuard(IdempotentRepository delivered) {
        this.delivered = delivered;
    }

    @Override
    public void process(Exchange exchange) {
        String key = key(exchange);
        if (delivered.contains(key)) {
            LOG.info("Skipped {}: already delivered to {}", exchange.getIn().getHeader(DeliveryHeaders.ASSET_ID),
                    exchange.getIn().getHeader(DeliveryHeaders.DESTINATION));
            exchange.getIn().setHeader(ALREADY_DELIVERED, true);
            exchange.setRouteStop(true);
        }
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
