package io.mediarelay.runtime.reload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.Route;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
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
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Route r : context.getRoutes()) {
                Object parent = r.getProperties().get(Route.PARENT_PROPERTY);
                if (parent != null && out.contains(parent.toString()) && out.add(r.getRouteId())) {
                    grew = true;
                }
            }
        }
        return new ArrayList<>(out);
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
        return PluginHelper.getRoutesLoader(context).updateRoutes(Set.of(resource));
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
