package io.mediarelay.runtime;

import java.lang.management.ManagementFactory;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs how long it took from JVM start until every route was started; the figure operators watch. */
final class StartupReporter {
    private static final Logger LOG = LoggerFactory.getLogger("io.mediarelay.startup");
    private volatile long startupMillis = -1;

    void report(CamelContext context) {
        if (startupMillis >= 0) {
            return;
        }
        startupMillis = ManagementFactory.getRuntimeMXBean().getUptime();
        long started = context.getRoutes().stream()
                .filter(r -> context.getRouteController().getRouteStatus(r.getRouteId()).isStarted()).count();
        LOG.info("mediarelay started: {} of {} routes running, {} ms from JVM start", started, context.getRoutes().size(),
                startupMillis);
    }

    long startupMillis() {
        return startupMillis;
    }
}
