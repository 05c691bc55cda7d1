package io.mediarelay.runtime.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.runtime.deadletter.DeadLetterReplayer;
import io.mediarelay.runtime.deadletter.DeadLetterStore;
import io.mediarelay.runtime.flows.FlowCatalog;
import io.mediarelay.runtime.reload.ReloadService;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The operators' admin API on the runtime's HTTP server (127.0.0.1), every call behind
 * {@code Authorization: Bearer <mediarelay.admin.token>}. An empty token disables the API (403 for all).
 *
 * <pre>
 * GET  /admin/flows                 flows with source, destination, schedule, state
 * POST /admin/flows/{id}/suspend    suspend one flow (resume: .../resume)
 * GET  /admin/dead-letters         dead letters (what `mediarelay dead-letters` prints)
 * POST /admin/dead-letters/{id}/replay  send a dead letter back through its route (once)
 * POST /admin/reload                safe reload of changed route files; 200 applied, 422 with problems
 * GET  /admin/reload                problems still open after the last reload
 * </pre>
 * Java routes on purpose: the admin API must not be reloadable (or breakable) from the routes directory.
 */
public final class AdminRoutes extends RouteBuilder {
    private final byte[] token;
    private final ObjectMapper json = new ObjectMapper();

    public AdminRoutes(String token) {
        this.token = token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void configure() {
        from("platform-http:/admin/flows?httpMethodRestrict=GET").routeId("admin-flows")
                .process(this::authorize)
                .process(e -> reply(e, 200, FlowCatalog.of(getContext())));
        from("platform-http:/admin/flows/{id}/{action}?httpMethodRestrict=POST").routeId("admin-flow-action")
                .process(this::authorize)
                .process(this::flowAction);
        from("platform-http:/admin/reload?httpMethodRestrict=GET,POST").routeId("admin-reload")
                .process(this::authorize)
                .process(this::reload);
        // the CLI's `dead-letters` while this runtime holds the (never networked) H2 file
        from("platform-http:/admin/dead-letters?httpMethodRestrict=GET").routeId("admin-dead-letters")
                .process(this::authorize)
                .process(e -> {
                    DeadLetterStore store = getContext().getRegistry().lookupByNameAndType("deadLetterStore", DeadLetterStore.class);
                    reply(e, store == null ? 503 : 200, store == null ? Map.of("error", "dead-letter store not available") : store.list());
                });
        from("platform-http:/admin/dead-letters/{id}/replay?httpMethodRestrict=POST").routeId("admin-dead-letter-replay")
                .process(this::authorize)
                .process(this::replay);
    }

    private void replay(Exchange e) throws Exception {
        long id;
        try {
            id = Long.parseLong(e.getIn().getHeader("id", String.class));
        } catch (NumberFormatException ex) {
            reply(e, 400, Map.of("error", "dead letter id must be a number"));
            return;
        }
        DeadLetterStore store = getContext().getRegistry().lookupByNameAndType("deadLetterStore", DeadLetterStore.class);
        if (store == null) {
            reply(e, 503, Map.of("error", "dead-letter store not available"));
            return;
        }
        DeadLetterReplayer.Result result = new DeadLetterReplayer(store).replay(getContext(), id);
        reply(e, result.status(), result);
    }

    private void authorize(Exchange e) {
        String header = e.getIn().getHeader("Authorization", String.class);
        e.getIn().removeHeader("Authorization");
        byte[] given = header != null && header.startsWith("Bearer ")
                ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (token.length == 0 || !MessageDigest.isEqual(token, given)) {
            reply(e, token.length == 0 ? 403 : 401, Map.of("error", token.length == 0
                    ? "admin API disabled: set mediarelay.admin.token" : "missing or wrong bearer token"));
            e.setRouteStop(true);
        }
    }

    private void flowAction(Exchange e) throws Exception {
        String id = e.getIn().getHeader("id", String.class);
        String action = e.getIn().getHeader("action", String.class);
        if (getContext().getRoute(id) == null) {
            reply(e, 404, Map.of("error", "no flow " + id));
            return;
        }
        switch (action) {
            case "suspend" -> getContext().getRouteController().suspendRoute(id);
            case "resume" -> getContext().getRouteController().resumeRoute(id);
            case "stop" -> getContext().getRouteController().stopRoute(id);
            case "start" -> getContext().getRouteController().startRoute(id);
            default -> {
                reply(e, 400, Map.of("error", "unknown action " + action + " (suspend, resume, stop, start)"));
                return;
            }
        }
        reply(e, 200, Map.of("flow", id, "state", getContext().getRouteController().getRouteStatus(id).name()));
    }

    private void reload(Exchange e) {
        ReloadService reloader = getContext().getRegistry().findSingleByType(ReloadService.class);
        if (reloader == null) {
            reply(e, 503, Map.of("error", "reload service not available"));
            return;
        }
        if ("GET".equals(e.getIn().getHeader(Exchange.HTTP_METHOD, String.class))) {
            reply(e, 200, Map.of("problems", reloader.problems()));
            return;
        }
        var report = reloader.reloadAll();
        reply(e, report.ok() ? 200 : 422, report);
    }

    private void reply(Exchange e, int status, Object body) {
        try {
            e.getMessage().setBody(json.writeValueAsString(body));
        } catch (Exception ex) {
            e.getMessage().setBody("{\"error\":\"cannot render response\"}");
        }
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }
}
