package io.mediarelay.runtime.cluster;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.Endpoint;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.kamelet.Kamelet;
import org.apache.camel.component.kamelet.KameletEndpoint;
import org.apache.camel.model.Model;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.CamelContextHelper;

/**
 * Puts a {@link ClusteredRoutePolicy} on every route that consumes something shared (pollers, file/FTP inboxes,
 * Getty/PhotoShelter sources, timers, Quartz schedules), with one leadership namespace per flow: a flow runs on
 * exactly one instance and different flows may run on different ones. Route files need no change.
 *
 * <p>Stays on every instance: HTTP/API consumers (platform-http, rest: each instance serves requests), in-process
 * hand-overs (direct, seda, kamelet: they only run when a led route calls them) and the routes listed in
 * {@code mediarelay.cluster.every-instance}.
 *
 * <p>A kamelet source route ({@code from: kamelet:getty-board-source/gf1-source} in flow gf1-...) is led under the
 * namespace of the flow that starts with it, so the flow's poller and the flow move together.
 */
public final class FlowLeadership implements RoutePolicyFactory {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FlowLeadership.class);
    /** Consumers that are not a shared source: they run wherever they are called or where requests arrive. */
    static final Set<String> LOCAL_SCHEMES = Set.of("direct", "seda", "vm", "kamelet", "platform-http", "rest",
            "rest-api", "netty-http", "jetty", "undertow", "servlet", "controlbus", "stub");

    private final Set<String> everyInstance;
    private final CamelClusterService service;
    /** route id -> leadership namespace (flow id), for health, tests and `flows`. */
    private final Map<String, String> led = new ConcurrentHashMap<>();

    public FlowLeadership(ClusterSettings settings, CamelClusterService service) {
        this.everyInstance = Set.copyOf(settings.everyInstance());
        this.service = service;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode node) {
        String namespace = namespaceOf(context, routeId, node);
        if (namespace == null) {
            return null;
        }
        try {
            // given the service: it joins the context only after the context started (ClusterServiceStart)
            ClusteredRoutePolicy policy = ClusteredRoutePolicy.forNamespace(service, namespace);
            policy.setCamelContext(context);
            led.put(routeId, namespace);
            return policy;
        } catch (Exception e) {
            throw new IllegalStateException("cluster policy of route " + routeId + ": " + e.getMessage(), e);
        }
    }

    /** The flow whose leader runs this route, or null when it runs on every instance. */
    String namespaceOf(CamelContext context, String routeId, NamedNode node) {
        if (everyInstance.contains(routeId) || !(node instanceof RouteDefinition def) || def.getInput() == null) {
            return null;
        }
        if (switchedOff(context, def)) {
            return null; // autoStartup false (mediarelay.<flow>.enabled=false): runs nowhere, nothing to lead
        }
        String uri = def.getInput().getEndpointUri();
        String scheme = uri == null ? "" : uri.replaceFirst(":.*", "");
        if (scheme.equals("kamelet")) {
            return null;
        }
        // a source kamelet's route: led with the flow that consumes from it (its "from" is kamelet:<name>/<routeId>)
        if (LOCAL_SCHEMES.contains(scheme) || Boolean.TRUE.equals(def.isRest())) {
            return null;
        }
        if (Boolean.TRUE.equals(def.isKamelet())) {
            // the namespace must be the same on every instance: a kamelet route without a routeId has a generated one
            String flow = flowOfKameletRoute(context, routeId, def);
            if (flow == null) {
                // never run a shared source everywhere: lead it under a name its parameters make the same everywhere
                flow = "kamelet-" + def.getTemplateParameters().getOrDefault("templateId", "source") + "-"
                        + Integer.toHexString(new java.util.TreeMap<>(stable(def.getTemplateParameters())).toString().hashCode());
                LOG.warn("Kamelet route {}: no flow starts with it; led as {}", routeId, flow);
            }
            return everyInstance.contains(flow) ? null : flow;
        }
        return routeId;
    }

    private static boolean switchedOff(CamelContext context, RouteDefinition def) {
        try {
            return def.getAutoStartup() != null && Boolean.FALSE.equals(CamelContextHelper.parseBoolean(context, def.getAutoStartup()));
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * The flow that starts {@code from: kamelet:...} the kamelet route was created for: the route (if already built)
     * or route definition whose kamelet endpoint has this route id, else the parent route the kamelet recorded.
     */
    private static Map<String, Object> stable(Map<String, Object> params) {
        Map<String, Object> out = new java.util.HashMap<>(params);
        out.keySet().removeAll(Set.of("routeId", "uuid", Kamelet.PARENT_ROUTE_ID, Kamelet.PARENT_PROCESSOR_ID));
        return out;
    }

    static String flowOfKameletRoute(CamelContext context, String kameletRouteId, RouteDefinition def) {
        for (Route r : context.getRoutes()) {
            if (r.getEndpoint() instanceof KameletEndpoint k && kameletRouteId.equals(k.getRouteId())) {
                return r.getRouteId();
            }
        }
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        if (model != null) {
            for (RouteDefinition flow : model.getRouteDefinitions()) {
                String uri = flow.getInput() == null ? null : flow.getInput().getEndpointUri();
                if (uri != null && uri.startsWith("kamelet:") && !Boolean.TRUE.equals(flow.isKamelet())) {
                    Endpoint e = context.hasEndpoint(context.resolvePropertyPlaceholders(uri));
                    if (e instanceof KameletEndpoint k && kameletRouteId.equals(k.getRouteId())) {
                        return flow.getRouteId();
                    }
                }
            }
        }
        Map<String, Object> params = def.getTemplateParameters();
        Object parent = params == null ? null : params.get(Kamelet.PARENT_ROUTE_ID);
        return parent == null ? null : parent.toString();
    }

    /** The flows (leadership namespaces) of this instance's led routes. */
    public java.util.Collection<String> namespaces() {
        return Set.copyOf(led.values());
    }

    /** Route id -> namespace of every route this instance leads or waits to lead. */
    public Map<String, String> ledRoutes() {
        return Map.copyOf(led);
    }

}
