package io.mediarelay.runtime.cluster;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;

/**
 * Skips every step of a Quartz route's exchange whose slot {@link ScheduledSlotPolicy} found taken. A route policy
 * cannot drop an exchange itself, and "route stop" only ends a pipeline: a one-step route has none.
 */
final class SkipTakenSlots implements InterceptStrategy {
    static final String TAKEN = "MediarelaySlotTaken";

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target, Processor nextTarget) {
        RouteDefinition route = definition instanceof org.apache.camel.model.ProcessorDefinition<?> p ? ProcessorDefinitionHelper.getRoute(p) : null;
        if (route == null || route.getInput() == null || route.getInput().getEndpointUri() == null
                || !route.getInput().getEndpointUri().startsWith("quartz:")) {
            return target;
        }
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                if (exchange.getProperty(TAKEN, false, Boolean.class)) {
                    callback.done(true);
                    return true;
                }
                return super.process(exchange, callback);
            }
        };
    }
}
