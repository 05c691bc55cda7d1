package io.mediarelay.runtime.health;

import io.mediarelay.common.FlowIdTagger;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Tells {@link FlowHealthCheck} when a flow's exchange completed normally, so a recovered destination turns the
 * flow healthy again. Exchanges that were handled by the error handler (dead-lettered) are not successes.
 */
public final class FlowOutcomeNotifier extends EventNotifierSupport {
    public static final String DEAD_LETTERED = "MediarelayDeadLettered";
    private final FlowHealthCheck health;

    public FlowOutcomeNotifier(FlowHealthCheck health) {
        this.health = health;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        String flow = FlowIdTagger.flowId(exchange);
        if (flow != null && !exchange.isFailed() && exchange.getProperty(DEAD_LETTERED) == null
                && exchange.getProperty(Exchange.EXCEPTION_CAUGHT) == null) {
            health.succeeded(flow);
        }
    }
}
