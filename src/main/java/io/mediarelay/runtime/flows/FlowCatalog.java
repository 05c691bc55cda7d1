package io.mediarelay.runtime.flows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.mediarelay.runtime.deadletter.DeadLetterStore;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.util.URISupport;

/**
 * Lists the flows of a running context (routes loaded from {@code routes/flows}, not the internal routes that
 * kamelets create): id, source, destinations, schedule, state and file.
 */
public final class FlowCatalog {

    private FlowCatalog() {
    }

    public static List<FlowInfo> of(CamelContext context) {
        ModelCamelContext model = (ModelCamelContext) context;
        List<FlowInfo> out = new ArrayList<>();
        java.util.Map<String, io.mediarelay.runtime.health.FlowFailures> failures = failures(context);
        for (Route route : context.getRoutes()) {
            if (route.isCreatedByKamelet() || route.isCreatedByRouteTemplate() || route.getRouteId().startsWith("admin-")) {
                continue;
            }
            RouteDefinition def = model.getRouteDefinition(route.getRouteId());
            String from = URISupport.sanitizeUri(route.getEndpoint().getEndpointUri());
            String destination = def == null ? "" : String.join(", ", destinations(def.getOutputs()).stream()
                    .map(uri -> resolve(context, uri)).toList());
            String state = context.getRouteController().getRouteStatus(route.getRouteId()).name();
            String file = route.getSourceLocationShort() == null ? "" : route.getSourceLocationShort();
            io.mediarelay.runtime.health.FlowFailures f = failures.get(route.getRouteId());
            out.add(new FlowInfo(route.getRouteId(), from, destination, schedule(from), state, file,
                    f == null ? 0 : f.retrying(), f == null || f.retryingSince() == null ? null : f.retryingSince().toString(),
                    f == null ? 0 : f.dead()));
        }
        out.sort(Comparator.comparing(FlowInfo::id));
        return out;
    }

    /** Retrying / dead messages per flow from the dead-letter store; none when there is no store (offline listing). */
    private static java.util.Map<String, io.mediarelay.runtime.health.FlowFailures> failures(CamelContext context) {
        DeadLetterStore store = context.getRegistry().lookupByNameAndType("deadLetterStore", DeadLetterStore.class);
        if (store == null) {
            return java.util.Map.of();
        }
        try {
            return store.failuresByFlow();
        } catch (java.sql.SQLException | RuntimeException e) {
            return java.util.Map.of();
        }
    }

    /** Endpoints a route sends to, without the plumbing (direct, log, bean, *-action kamelets). */
    static Set<String> destinations(List<ProcessorDefinition<?>> outputs) {
        Set<String> out = new LinkedHashSet<>();
        for (ProcessorDefinition<?> p : outputs) {
            String uri = null;
            if (p instanceof SendDefinition<?> send) {
                uri = send.getEndpointUri();
            } else if (p instanceof ToDynamicDefinition dyn) {
                uri = dyn.getUri();
            }
            if (uri != null && !uri.startsWith("direct:") && !uri.startsWith("log:") && !uri.startsWith("bean:")
                    && !(uri.startsWith("kamelet:") && uri.contains("-action"))) {
                out.add(uri);
            }
            out.addAll(destinations(p.getOutputs()));
        }
        return out;
    }

    /** Placeholders resolved so operators see real hosts, then credentials masked. */
    private static String resolve(CamelContext context, String uri) {
        String resolved;
        try {
            resolved = context.resolvePropertyPlaceholders(uri);
        } catch (RuntimeException e) {
            resolved = uri;
        }
        java.util.regex.Matcher named = NAMED.matcher(resolved);
        if (resolved.startsWith("kamelet:") && named.find()) {
            try {
                // a named destination: show where it points (never the password), not just its name
                return named.group(1) + " = " + io.mediarelay.transfer.delivery.Destinations.of(context).target(named.group(1));
            } catch (RuntimeException unknown) {
                // shown as written; the sink reports the missing setting when it runs
            }
        }
        return URISupport.sanitizeUri(resolved);
    }

    private static final java.util.regex.Pattern NAMED = java.util.regex.Pattern.compile("[?&]destination=([^&]+)");

    /** The schedule as an operator reads it: a cron, a poll delay, or on-demand. */
    static String schedule(String fromUri) {
        String cron = param(fromUri, "cron");
        if (cron == null) {
            cron = param(fromUri, "scheduler.cron");
        }
        if (cron != null) {
            return "cron " + cron.replace('+', ' ');
        }
        if (fromUri.startsWith("timer:")) {
            String period = param(fromUri, "period");
            return "every " + (period == null ? "1000" : period) + " ms";
        }
        if (fromUri.startsWith("scheduler:")) {
            String delay = param(fromUri, "delay");
            return "every " + (delay == null ? "500" : delay) + " ms";
        }
        if (fromUri.startsWith("file:") || fromUri.startsWith("ftp") || fromUri.startsWith("sftp:") || fromUri.startsWith("getty:")) {
            String delay = param(fromUri, "delay");
            return "poll every " + (delay == null ? "500" : delay) + " ms";
        }
        return "on demand";
    }

    private static String param(String uri, String name) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String kv : uri.substring(q + 1).split("&")) {
            if (kv.startsWith(name + "=")) {
                return kv.substring(name.length() + 1);
            }
        }
        return null;
    }
}
