package io.mediarelay.runtime.cluster;

import java.time.Clock;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Installs leadership per flow and once-per-slot schedules on a context before its routes are created. */
public final class Clustering {
    private static final Logger LOG = LoggerFactory.getLogger(Clustering.class);
    /** Registry name of the {@link FlowLeadership} (which routes are led, under which flow). */
    public static final String BEAN = "mediarelayFlowLeadership";

    private Clustering() {
    }

    /** Nothing happens with engine {@code none}: one instance runs every route, as before. */
    public static void install(CamelContext context, ClusterSettings settings, DataSource dataSource) {
        if (!settings.clustered()) {
            return;
        }
        CamelClusterService service = ClusterServices.create(settings).orElseThrow();
        service.setCamelContext(context);
        service.init(); // its configuration, for the views the policies create now; initialised is not running yet
        // the engine starts only once the context has started (ClusterServiceStart): a leadership granted while Camel was
        // still starting was noted by ClusteredRoutePolicy and then never acted on (its deferred start is checked once,
        // at the started event, and the grant can come after that check while the context still says "starting") -
        // bench/cluster.sh saw a leader of all 37 flows run 30, 6 and 3 of them. The policies get the service directly.
        FlowLeadership leadership = new FlowLeadership(settings, service);
        context.getManagementStrategy().addEventNotifier(new ClusterServiceStart(context, service,
                new FlowBalancer(service, leadership::namespaces), settings.balanceInterval()));
        context.getRegistry().bind(BEAN, leadership);
        // first of all policies: the supervising route controller's policy starts every route still marked auto-startup
        // when it is initialised (it ignores the flag later), so ClusteredRoutePolicy must clear the flag before it
        // looks; a led route is then started and stopped by its leadership alone
        context.getRoutePolicyFactories().add(0, leadership);
        context.getCamelContextExtension().addInterceptStrategy(new SkipTakenSlots());
        context.addRoutePolicyFactory(new ScheduledSlotPolicy(new ScheduleSlots(dataSource, settings.memberId()), settings, Clock.systemUTC()));
        LOG.info("Cluster: engine {}, member {}; pollers and schedules run on the leader of their flow",
                settings.engine().name().toLowerCase(), settings.memberId());
    }
}
