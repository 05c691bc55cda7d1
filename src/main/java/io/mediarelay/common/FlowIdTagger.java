package io.mediarelay.common;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.component.kamelet.KameletEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Remembers which flow an exchange belongs to (property {@value #FLOW_ID}). Steps inside kamelets see the
 * kamelet's own route as "from route", but records and dead letters must name the flow.
 *
 * <p>Two parts: this event notifier tags every new exchange with the route that created it, and {@link #POLICY}
 * (a route policy on every route that is not a kamelet's) re-tags an exchange that a kamelet source route created
 * when it enters the flow route, so flows need no {@code setProperty MediarelayFlowId} of their own.
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

    /** Re-tags exchanges that enter a flow route from a kamelet source; registered once on the context. */
    public static final RoutePolicyFactory POLICY = new RoutePolicyFactory() {
        @Override
        public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
            return new EntersFlow();
        }
    };

    private static final class EntersFlow extends RoutePolicySupport {
        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            if (isKameletRoute(route)) {
                return;
            }
            String current = exchange.getProperty(FLOW_ID, String.class);
            if (current == null || !current.equals(route.getRouteId()) && isKameletRoute(route.getCamelContext().getRoute(current))) {
                // keep a flow id already set by another flow route (a flow calling a sub-route of its own file)
                exchange.setProperty(FLOW_ID, route.getRouteId());
            }
        }

        private static boolean isKameletRoute(Route r) {
            return r != null && (r.isCreatedByKamelet() || r.isCreatedByRouteTemplate());
        }
    }

    /** The flow that created the exchange (falls back to the current "from" route). */
    public static String flowId(Exchange exchange) {
        String id = exchange.getProperty(FLOW_ID, String.class);
        return id != null ? id : exchange.getFromRouteId();
    }

    /**
     * {@link #flowId} for an exchange that may never have entered its flow: one a flow's source kamelet (a feed)
     * created and failed to hand over names the flow consuming from that kamelet, not the kamelet's own route.
     */
    public static String flowOf(Exchange exchange) {
        String id = flowId(exchange);
        Route route = id == null ? null : exchange.getContext().getRoute(id);
        if (route == null || !route.isCreatedByKamelet()) {
            return id;
        }
        Route flow = consumerOf(exchange.getContext(), id);
        return flow == null ? id : flow.getRouteId();
    }

    /** The route that consumes from the source kamelet whose route is {@code kameletRouteId} (its flow), if any. */
    public static Route consumerOf(CamelContext context, String kameletRouteId) {
        for (Route r : context.getRoutes()) {
            if (r.getEndpoint() instanceof KameletEndpoint k && kameletRouteId.equals(k.getRouteId())) {
                return r;
            }
        }
        return null;
    }
}
