package io.mediarelay.runtime.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.getty.GettyComponent;
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
 * GET  /admin/licenses?status=&asset=&limit=   license events (`mediarelay licenses`; no download URIs)
 * GET  /admin/licenses/check?asset=&channel=&territory=&date=&quantity=   the gate's decision (`licenses check`)
 * GET  /admin/webhooks?status=&limit=          webhook outbox (`mediarelay webhooks list`)
 * GET  /admin/plan/{flow}           dry run of a Getty -> FTP flow (`mediarelay plan`)
 * POST /admin/dead-letters/{id}/replay  send a dead letter back through its route (once)
 * POST /admin/reload                safe reload of changed route files; 200 applied, 422 with problems
 * GET  /admin/reload                problems still open after the last reload
 * </pre>
 * Java routes on purpose: the admin API must not be reloadable (or breakable) from the routes directory. The read-only
 * GETs serve the CLI while this runtime holds the (never networked) H2 file, from the same {@link CliQueries} the CLI
 * runs when it opens the file itself.
 */
public final class AdminRoutes extends RouteBuilder {
    private final byte[] token;
    private final RuntimeConfig config;
    private final ObjectMapper json = CliQueries.JSON;

    public AdminRoutes(RuntimeConfig config) {
        this.config = config;
        String t = config.get("mediarelay.admin.token", "");
        this.token = t == null ? new byte[0] : t.getBytes(StandardCharsets.UTF_8);
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
        from("platform-http:/admin/licenses?httpMethodRestrict=GET").routeId("admin-licenses")
                .process(this::authorize)
                .process(e -> query(e, ds -> CliQueries.licenses(ds, param(e, "status"), param(e, "asset"),
                        Integer.parseInt(param(e, "limit", "200")))));
        from("platform-http:/admin/licenses/check?httpMethodRestrict=GET").routeId("admin-licenses-check")
                .process(this::authorize)
                .process(e -> query(e, ds -> {
                    String date = param(e, "date");
                    return CliQueries.check(config, ds, param(e, "asset", ""), param(e, "channel", ""),
                            param(e, "territory", ""), date == null ? null : LocalDate.parse(date),
                            Integer.parseInt(param(e, "quantity", "1")));
                }));
        from("platform-http:/admin/webhooks?httpMethodRestrict=GET").routeId("admin-webhooks")
                .process(this::authorize)
                .process(e -> query(e, ds -> CliQueries.webhooks(config, ds, param(e, "status"),
                        Integer.parseInt(param(e, "limit", "200")))));
        from("platform-http:/admin/plan/{flow}?httpMethodRestrict=GET").routeId("admin-plan")
                .process(this::authorize)
                .process(e -> query(e, ds -> CliQueries.plan(config, ds,
                        getContext().getComponent("getty", GettyComponent.class).getConfiguration(), getContext(),
                        param(e, "flow"))));
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

    /** One read-only query on the runtime's database: 200 with its result, 400 for bad input. */
    private void query(Exchange e, CliQueries.Query<?> q) {
        DataSource ds = getContext().getRegistry().lookupByNameAndType(GettyComponent.DEFAULT_DATA_SOURCE, DataSource.class);
        if (ds == null) {
            reply(e, 503, Map.of("error", "database not available"));
            return;
        }
        try {
            reply(e, 200, q.run(ds));
        } catch (IllegalArgumentException | DateTimeParseException ex) {
            reply(e, 400, Map.of("error", String.valueOf(ex.getMessage())));
        } catch (Exception ex) {
            // same sentence the CLI prints when it runs the query itself (e.g. Getty not reachable for a plan)
            reply(e, 500, Map.of("error", ex.getClass().getSimpleName() + ": " + ex.getMessage()));
        }
    }

    private static String param(Exchange e, String name) {
        String v = e.getIn().getHeader(name, String.class);
        return v == null || v.isBlank() ? null : v;
    }

    private static String param(Exchange e, String name, String fallback) {
        String v = param(e, name);
        return v == null ? fallback : v;
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
