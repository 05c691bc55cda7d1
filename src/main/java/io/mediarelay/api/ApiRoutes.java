package io.mediarelay.api;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.getty.GettyConstants;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound HTTP API under {@code /api/v1} (REST DSL on the runtime's platform-http server, 127.0.0.1).
 * Java on purpose, like the admin API: authentication must not be editable or reloadable from the routes directory.
 *
 * <pre>
 * GET  /api/v1/search                        portal    GH2/GX6 search (phrase, family, type, page, pageSize, orientation)
 * POST /api/v1/license-requests              portal    GH3/GX2 submit; rules decide; auto-approved ones are licensed
 * GET  /api/v1/license-requests              portal, approver  own requests; approvers/admins: every client's
 * GET  /api/v1/license-requests/{id}         portal, approver  its creator or an approver/admin; else 404
 * POST /api/v1/license-requests/{id}/approve approver  license + registry + procurement (GX7); repeat = retry, never twice;
 *                                                      never by the requester (four-eyes, mediarelay.api.approval.four-eyes)
 * POST /api/v1/license-requests/{id}/reject  approver
 * GET  /api/v1/openapi.json                  any client
 * </pre>
 * Every call needs a client key (ApiClients); errors are JSON {@code {"error": ...}} with 400/401/403/404/409/502.
 */
public final class ApiRoutes extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    private static final Pattern REQUEST_ID = Pattern.compile("[0-9a-f-]{36}");
    private static final Pattern BOARD_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    private final ApiClients clients;
    private final PortalSearch portal;
    private final LicenseRequestService requests;
    private final long boardPollMs;
    private final ObjectMapper json = new ObjectMapper();

    public ApiRoutes(ApiClients clients, PortalSearch portal, LicenseRequestService requests, long boardPollMs) {
        this.clients = clients;
        this.portal = portal;
        this.requests = requests;
        this.boardPollMs = boardPollMs;
    }

    @Override
    public void configure() {
        portal.start(getContext());
        requests.start(getContext());
        onException(ApiException.class).handled(true).process(e -> {
            ApiException x = e.getProperty(Exchange.EXCEPTION_CAUGHT, ApiException.class);
            reply(e, x.status(), x.body());
        });
        onException(Exception.class).handled(true).process(e -> {
            Exception x = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            LOG.warn("API call {} failed: {}", e.getFromRouteId(), x.toString());
            // upstream details (URLs, Getty messages) stay in the log; the caller learns only that it failed
            reply(e, 502, Map.of("error", "upstream call failed; try again later"));
        });

        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off);
        rest("/api/v1")
                .get("/search").id("api-search").to("direct:api-search")
                .post("/license-requests").id("api-license-request-create").to("direct:api-license-request-create")
                .get("/license-requests").id("api-license-request-list").to("direct:api-license-request-list")
                .get("/license-requests/{id}").id("api-license-request-get").to("direct:api-license-request-get")
                .post("/license-requests/{id}/approve").id("api-license-request-approve").to("direct:api-license-request-approve")
                .post("/license-requests/{id}/reject").id("api-license-request-reject").to("direct:api-license-request-reject")
                .get("/openapi.json").id("api-openapi").to("direct:api-openapi");

        from("direct:api-search").routeId("api-search-handler")
                .process(e -> {
                    clients.require(e, ApiClients.PORTAL);
                    reply(e, 200, portal.search(searchQuery(e)));
                });
        from("direct:api-license-request-create").routeId("api-license-request-create-handler")
                .process(e -> {
                    ApiClients.Client c = clients.require(e, ApiClients.PORTAL);
                    LicenseRequest r = requests.submit(body(e), c.name());
                    reply(e, 201, r.toJson());
                });
        from("direct:api-license-request-get").routeId("api-license-request-get-handler")
                .process(e -> {
                    ApiClients.Client c = clients.require(e, ApiClients.PORTAL, ApiClients.APPROVER);
                    reply(e, 200, requests.get(requestId(e), c).toJson());
                });
        from("direct:api-license-request-list").routeId("api-license-request-list-handler")
                .process(e -> {
                    ApiClients.Client c = clients.require(e, ApiClients.PORTAL, ApiClients.APPROVER);
                    Map<String, String> errors = new LinkedHashMap<>();
                    String status = choice(e, "status", null, errors, LicenseRequest.STATUSES.toArray(String[]::new));
                    int limit = number(e, "limit", 100, 1, 1000, errors);
                    if (!errors.isEmpty()) {
                        throw new ApiException(400, "invalid list", Map.of("fields", errors));
                    }
                    java.util.List<Map<String, Object>> out = new java.util.ArrayList<>();
                    requests.list(c, status, limit).forEach(r -> out.add(r.toJson()));
                    reply(e, 200, Map.of("requests", out));
                });
        from("direct:api-license-request-approve").routeId("api-license-request-approve-handler")
                .process(e -> {
                    ApiClients.Client c = clients.require(e, ApiClients.APPROVER);
                    reply(e, 200, requests.approve(requestId(e), c.name()).toJson());
                });
        from("direct:api-license-request-reject").routeId("api-license-request-reject-handler")
                .process(e -> {
                    ApiClients.Client c = clients.require(e, ApiClients.APPROVER);
                    String body = e.getIn().getBody(String.class);
                    Object reason = body == null || body.isBlank() ? null : body(e).get("reason");
                    reply(e, 200, requests.reject(requestId(e), c.name(), reason == null ? null : reason.toString()).toJson());
                });
        from("direct:api-openapi").routeId("api-openapi-handler")
                .process(e -> {
                    clients.require(e, ApiClients.PORTAL, ApiClients.APPROVER);
                    try (InputStream in = ApiRoutes.class.getResourceAsStream("/api/openapi.json")) {
                        e.getMessage().removeHeaders("*");
                        e.getMessage().setBody(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
                        e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                    }
                });

        for (String board : portal.boards()) {
            if (!BOARD_ID.matcher(board).matches()) {
                throw new IllegalArgumentException("mediarelay.api.portal.approved-boards: bad board id '" + board + "'");
            }
            from("getty:board?boardId=" + board + "&cursorName=api.portal.board." + board + "&delay=" + boardPollMs)
                    .routeId("api-board-" + board)
                    .process(e -> portal.boardAsset(board, e.getMessage().getHeader(GettyConstants.ASSET_ID, String.class),
                            e.getMessage().getHeader(GettyConstants.ASSET_TYPE, String.class),
                            e.getMessage().getHeader(GettyConstants.DATE_ADDED, java.time.Instant.class)));
        }
    }

    private static String requestId(Exchange e) {
        String id = e.getIn().getHeader("id", String.class);
        if (id == null || !REQUEST_ID.matcher(id).matches()) {
            throw new ApiException(404, "no license request " + (id == null ? "" : id.replaceAll("[^A-Za-z0-9-]", "?")));
        }
        return id;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(Exchange e) {
        String text = e.getIn().getBody(String.class);
        try {
            Object parsed = text == null || text.isBlank() ? null : json.readValue(text, Object.class);
            if (parsed instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
        } catch (Exception ignored) {
            // reported below as a 400 like any other malformed body
        }
        throw new ApiException(400, "body must be a JSON object");
    }

    static PortalSearch.Query searchQuery(Exchange e) {
        Map<String, String> errors = new LinkedHashMap<>();
        String phrase = e.getIn().getHeader("phrase", String.class);
        if (phrase != null && phrase.length() > 200) {
            errors.put("phrase", "at most 200 characters");
        }
        String family = choice(e, "family", "creative", errors, "creative", "editorial", "blended");
        String type = choice(e, "type", "images", errors, "images", "videos");
        int page = number(e, "page", 1, 1, 1000, errors);
        int pageSize = number(e, "pageSize", 30, 1, 100, errors);
        String orientation = e.getIn().getHeader("orientation", String.class);
        if (orientation != null && !orientation.isBlank()) {
            orientation = orientation.trim().toLowerCase();
            if (!PortalSearch.ORIENTATIONS.contains(orientation)) {
                errors.put("orientation", "one of " + PortalSearch.ORIENTATIONS);
            }
        } else {
            orientation = null;
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, "invalid search", Map.of("fields", errors));
        }
        return new PortalSearch.Query(phrase == null || phrase.isBlank() ? null : phrase.trim(), family, type, page, pageSize,
                orientation);
    }

    private static String choice(Exchange e, String name, String dflt, Map<String, String> errors, String... allowed) {
        String v = e.getIn().getHeader(name, String.class);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v.trim())) {
                return a;
            }
        }
        errors.put(name, "one of " + String.join(", ", allowed));
        return dflt;
    }

    private static int number(Exchange e, String name, int dflt, int min, int max, Map<String, String> errors) {
        String v = e.getIn().getHeader(name, String.class);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the field error
        }
        errors.put(name, "a whole number from " + min + " to " + max);
        return dflt;
    }

    private void reply(Exchange e, int status, Object body) {
        // request headers (query parameters, cookies) must not be echoed back as response headers
        e.getMessage().removeHeaders("*");
        try {
            e.getMessage().setBody(json.writeValueAsString(body));
        } catch (Exception ex) {
            e.getMessage().setBody("{\"error\":\"cannot render response\"}");
        }
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }
}
