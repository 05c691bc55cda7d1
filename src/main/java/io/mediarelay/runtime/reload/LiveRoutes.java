package io.mediarelay.runtime.reload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.EndpointAware;
import org.apache.camel.Navigate;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.kamelet.KameletEndpoint;
import org.apache.camel.impl.engine.AbstractCamelContext;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.SupervisingRouteController;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * The live context's view by file: which routes a file created (with the routes its kamelets created), and how to
 * take them out gracefully and put a new version in. Nothing here decides whether a file may be applied.
 */
final class LiveRoutes {
    private final ModelCamelContext context;

    LiveRoutes(ModelCamelContext context) {
        this.context = context;
    }

    /** Routes declared in {@code file}, followed by the kamelet routes they created (children after parents). */
    List<String> routesOf(Path file) {
        Set<String> out = new LinkedHashSet<>();
        for (Route r : context.getRoutes()) {
            Resource res = r.getSourceResource();
            if (!r.isCreatedByKamelet() && !r.isCreatedByRouteTemplate() && res != null
                    && file.equals(RouteFiles.fromLocation(res.getLocation()))) {
                out.add(r.getRouteId());
            }
        }
        // a kamelet route belongs to the flow whose "to: kamelet:..." created it: the producer's endpoint names it
        // ... and a flow that starts "from: kamelet:<name>-source/..." owns the source kamelet's route (and what it calls)
        for (String id : new ArrayList<>(out)) {
            Route r = context.getRoute(id);
            if (r == null) {
                continue;
            }
            Set<Object> seen = new HashSet<>();
            if (r.getEndpoint() instanceof KameletEndpoint k && !"source".equals(k.getTemplateId())
                    && context.getRoute(k.getRouteId()) != null && out.add(k.getRouteId())) {
                kameletRoutes(context.getRoute(k.getRouteId()).navigate(), out, seen);
            }
            kameletRoutes(r.navigate(), out, seen);
        }
        return new ArrayList<>(out);
    }

    /**
     * The routes to take out when {@code files} are swapped: theirs, minus kamelet routes that routes of other files
     * use too. Identical {@code to: kamelet:x} URIs share one endpoint and so one kamelet route across flows; taking
     * it out with one flow would leave the others calling a kamelet that no longer runs.
     */
    List<String> exclusiveRoutesOf(List<Path> files) {
        Set<String> mine = new LinkedHashSet<>();
        files.forEach(f -> mine.addAll(routesOf(f)));
        Set<String> others = new HashSet<>();
        for (Route r : context.getRoutes()) {
            if (!r.isCreatedByKamelet() && !r.isCreatedByRouteTemplate() && !mine.contains(r.getRouteId())) {
                Set<String> reach = new LinkedHashSet<>();
                reach.add(r.getRouteId());
                kameletRoutes(r.navigate(), reach, new HashSet<>());
                others.addAll(reach);
            }
        }
        mine.removeAll(others);
        return new ArrayList<>(mine);
    }

    /**
     * After kamelet routes were removed, their endpoints may still sit in the endpoint registry; a flow added again
     * would get that cached endpoint and no kamelet route would be created for it. Drop endpoints whose route is gone.
     */
    void purgeStaleKameletEndpoints() throws Exception {
        for (org.apache.camel.Endpoint e : new ArrayList<>(context.getEndpoints())) {
            if (e instanceof KameletEndpoint k && !"source".equals(k.getTemplateId()) && k.getRouteId() != null
                    && context.getRoute(k.getRouteId()) == null) {
                context.removeEndpoint(e);
            }
        }
    }

    private void kameletRoutes(Navigate<Processor> nav, Set<String> out, Set<Object> seen) {
        if (nav == null || !nav.hasNext() || !seen.add(nav)) {
            return;
        }
        for (Processor p : nav.next()) {
            if (p instanceof EndpointAware ea && ea.getEndpoint() instanceof KameletEndpoint k
                    && !"source".equals(k.getTemplateId()) && context.getRoute(k.getRouteId()) != null
                    && out.add(k.getRouteId())) {
                kameletRoutes(context.getRoute(k.getRouteId()).navigate(), out, seen);
            }
            if (p instanceof Navigate<?> child) {
                @SuppressWarnings("unchecked")
                Navigate<Processor> n = (Navigate<Processor>) child;
                kameletRoutes(n, out, seen);
            }
        }
    }

    /**
     * Stops the routes in order (a flow before the kamelet routes it calls) through the route controller, which
     * uses the shutdown strategy: the consumer stops taking new work and in-flight exchanges finish first.
     * Then removes them, model definitions included, so that the same ids can be added again.
     */
    void remove(List<String> routeIds) throws Exception {
        for (String id : routeIds) {
            if (context.getRoute(id) != null) {
                context.getRouteController().stopRoute(id);
            }
        }
        for (String id : routeIds) {
            RouteDefinition def = context.getRouteDefinition(id);
            if (def != null) {
                context.removeRouteDefinition(def);
            }
            if (context.getRoute(id) != null) {
                context.removeRoute(id);
            }
        }
    }

    /** Loads (and, the context being started, starts) the routes, templates or configurations in {@code content}. */
    Set<String> load(Path file, String content) throws Exception {
        Resource resource = ResourceHelper.fromString(RouteFiles.location(file), content);
        excludeKameletRoutesFromSupervision();
        Set<String> ids = PluginHelper.getRoutesLoader(context).updateRoutes(Set.of(resource));
        removeOrphans();
        return ids;
    }

    /**
     * Even so, a kamelet route can still be created twice (same id, two Route objects); the second one never got
     * its consumer (one consumer per kamelet endpoint). Drop such orphans so that they do not pile up per reload.
     */
    private void removeOrphans() {
        Map<String, List<Route>> byId = new HashMap<>();
        context.getRoutes().forEach(r -> byId.computeIfAbsent(r.getRouteId(), k -> new ArrayList<>()).add(r));
        for (List<Route> same : byId.values()) {
            if (same.size() > 1 && context instanceof AbstractCamelContext acc) {
                for (Route r : same) {
                    if (r.getConsumer() == null || !ServiceHelper.isStarted(r.getConsumer())) {
                        acc.removeRoute(r);
                    }
                }
            }
        }
    }

    /**
     * Works around a Camel 4.18 problem with routes added to a running context under the supervising route
     * controller: a kamelet endpoint asks the controller whether its new route started, the controller says no (it
     * starts supervised routes itself, later, on its own thread), and the kamelet starts the definition a second
     * time: two Route objects with one id, "Cannot add a 2nd consumer", and flows found not started. Routes added by
     * a reload are therefore not supervised: they start synchronously, and if one fails to start, the reload fails
     * and the previous version is restored (which is what a reload should do anyway). Routes loaded at start-up stay
     * supervised.
     */
    private void excludeKameletRoutesFromSupervision() {
        if (context.getRouteController() instanceof SupervisingRouteController s) {
            String current = s.getExcludeRoutes();
            if (current == null || current.isBlank()) {
                s.setExcludeRoutes("*");
            } else if (!List.of(current.split(",")).contains("*")) {
                s.setExcludeRoutes(current + ",*");
            }
        }
    }

    /**
     * Starts routes added at runtime, kamelet routes before the flow that calls them. Needed because the supervising
     * route controller only registers routes added after start-up; it does not start them.
     */
    void start(List<String> routeIds) throws Exception {
        List<String> order = new ArrayList<>(routeIds);
        java.util.Collections.reverse(order);
        for (String id : order) {
            org.apache.camel.Route route = context.getRoute(id);
            if (route != null && !route.isAutoStartup()) {
                continue; // a flow switched off (autoStartup: "{{mediarelay.<flow>.enabled}}") stays off after a reload
            }
            if (!context.getRouteController().getRouteStatus(id).isStarted()) {
                context.getRouteController().startRoute(id);
            }
        }
    }

    /** Removes the route configurations declared in {@code file}. */
    void removeConfigurations(Path file) throws Exception {
        for (RouteConfigurationDefinition def : new ArrayList<>(context.getRouteConfigurationDefinitions())) {
            Resource res = def.getResource();
            if (res != null && file.equals(RouteFiles.fromLocation(res.getLocation()))) {
                context.removeRouteConfiguration(def);
            }
        }
    }

    /** Removes a kamelet's template, so that the next use loads the file again. */
    void removeKamelet(String name) throws Exception {
        context.removeRouteTemplateDefinitions(name);
    }
}
