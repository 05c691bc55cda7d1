package io.mediarelay.runtime;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Remembers which flow created an exchange (property {@value #FLOW_ID}). Steps inside kamelets see the
 * kamelet's own route as "from route", but records and dead letters must name the flow.
 */
public final class FlowIdTagger extends EventNotifierSupport {
    public static final String FLOW_ID = "MediarelayFlowId";

    public FlowIdTagger() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCreatedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeCreatedEvent) event).getExchange();
        if (exchange.getProperty(FLOW_ID) == null && exchange.getFromRouteId() != null) {
            exchange.setProperty(FLOW_ID, exchange.getFromRouteId());
        }
    }

    /** The flow that created the exchange (falls back to the current "from" route). */
    public static String flowId(Exchange exchange) {
        String id = exchange.getProperty(FLOW_ID, String.class);
        return id != null ? id : exchange.getFromRouteId();
    }
}
