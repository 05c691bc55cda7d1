package io.mediarelay.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.mediarelay.api.ApiHttp.JSON;
import static io.mediarelay.api.ApiHttp.fields;
import static io.mediarelay.api.ApiHttp.ok;
import static io.mediarelay.api.ApiHttp.request;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.license.License;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.sandbox.getty.GettySandbox;
import io.mediarelay.sandbox.getty.GettySandboxConfig;
import io.mediarelay.sandbox.receiver.HttpReceiver;
import org.apache.camel.model.ModelCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inbound API end to end: real runtime, real HTTP, the embedded Getty sandbox and HTTP receiver. */
class ApiTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String PORTAL = "sandbox-portal-key";
    static final String APPROVER = "sandbox-approver-key";
    static final String ADMIN = "sandbox-api-admin-key";
    /** A second portal client (another team's portal): must not see the first one's requests. */
    static final String OTHER_PORTAL = "other-portal-key";

    @TempDir
    static Path data;
    static MediarelayRuntime runtime;
    static GettySandbox getty;
    static HttpReceiver receiver;
    static String base;
    static ApiHttp http;
    static String board;

    @BeforeAll
    static void start() throws Exception {
        // the embedded sandbox seeds the same boards as a default one (same seed): learn the approved board's id
        try (GettySandbox probe = new GettySandbox(new GettySandboxConfig()).start()) {
            board = probe.defaultBoardId();
        }
        Properties p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.api.portal.approved-boards", board);
        p.setProperty("mediarelay.api.portal.board-poll-ms", "300");
        p.setProperty("mediarelay.api.portal.products-cache-ms", "0");
        p.setProperty("mediarelay.api.procurement.maximum-redeliveries", "2");
        p.setProperty("mediarelay.api.procurement.redelivery-delay-ms", "50");
        p.setProperty("mediarelay.api.clients.other.key", OTHER_PORTAL);
        p.setProperty("mediarelay.api.clients.other.roles", "portal");
        runtime = new MediarelayRuntime(TestRuntimes.config(p)).start();
        getty = runtime.embedded().find(GettySandbox.class).orElseThrow();
        receiver = runtime.embedded().find(HttpReceiver.class).orElseThrow();
        base = "http://127.0.0.1:" + runtime.config().getInt("camel.server.port", 0) + "/api/v1";
        http = new ApiHttp(base);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void noCredentialIs401AndPortalCannotApprove() throws Exception {
        for (String path : List.of("/search", "/license-requests/00000000-0000-0000-0000-000000000000", "/openapi.json")) {
            JsonNode e = ok(http.call("GET", path, null, null), 401);
            assertTrue(e.get("error").asText().contains("API key"));
            ok(http.call("GET", path, "sandbox-portal-kez", null), 401);
        }
        // bearer works as well as X-Api-Key
        HttpResponse<String> bearer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/openapi.json"))
                .header("Authorization", "Bearer " + PORTAL).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, bearer.statusCode());
        JsonNode created = ok(http.call("POST", "/license-requests", PORTAL, request(getty.catalogImageIds().get(20), null, "US", "2000.00")), 201);
        assertEquals("NEEDS_APPROVAL", created.get("decision").asText());
        JsonNode denied = ok(http.call("POST", "/license-requests/" + created.get("id").asText() + "/approve", PORTAL, null), 403);
        assertTrue(denied.get("error").asText().contains("approver"));
        ok(http.call("POST", "/license-requests/" + created.get("id").asText() + "/reject", PORTAL, null), 403);
    }

    @Test
    void searchPagesOverTheApprovedBoardOnly() throws Exception {
        // the approved board starts with 6 images and 2 videos; the board consumer fills api_board_assets
        await().atMost(Duration.ofSeconds(30)).until(() ->
                ok(http.call("GET", "/search?family=blended&pageSize=4", PORTAL, null), 200).get("total").asInt() == 6);
        JsonNode p1 = ok(http.call("GET", "/search?family=blended&pageSize=4&page=1", PORTAL, null), 200);
        JsonNode p2 = ok(http.call("GET", "/search?family=blended&pageSize=4&page=2", PORTAL, null), 200);
        assertEquals(4, p1.get("assets").size());
        assertEquals(2, p2.get("assets").size());
        Set<String> seen = new HashSet<>();
        for (JsonNode page : List.of(p1, p2)) {
            for (JsonNode a : page.get("assets")) {
                assertTrue(seen.add(a.get("id").asText()), "pages do not overlap");
                assertTrue(a.get("thumbUrl").asText().startsWith("http"), a.toString());
                assertTrue(a.get("previewUrl").asText().startsWith("http"), a.toString());
                assertTrue(a.get("maxDimensions").get("width").asInt() > 0);
                assertFalse(a.get("title").asText().isBlank());
                assertNotNull(a.get("licenseModel"));
                JsonNode option = a.get("licensing").get(0);
                assertTrue(option.get("productId").asInt() > 0, a.toString());
                assertTrue(option.has("downloadsRemaining"));
            }
        }
        String outside = getty.catalogImageIds().stream().filter(id -> !seen.contains(id)).findFirst().orElseThrow();
        assertEquals(6, seen.size());
        assertEquals(2, ok(http.call("GET", "/search?family=blended&type=videos", PORTAL, null), 200).get("total").asInt());
        // an asset added to the approved board becomes searchable; nothing else does
        getty.addAssetToBoard(board, outside);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                ok(http.call("GET", "/search?family=blended&pageSize=100", PORTAL, null), 200).get("total").asInt() == 7);
        // phrase: every word must match; the found asset's own title finds it
        JsonNode any = p1.get("assets").get(0);
        String word = any.get("title").asText().split("\\s+")[0];
        JsonNode byPhrase = ok(http.call("GET", "/search?family=blended&phrase=" + java.net.URLEncoder.encode(word, "UTF-8"), PORTAL, null), 200);
        assertTrue(byPhrase.get("total").asInt() >= 1 && byPhrase.get("total").asInt() <= 7);
        ok(http.call("GET", "/search?family=blended&phrase=zzzqqq", PORTAL, null), 200).get("total").asInt();
        assertEquals(0, ok(http.call("GET", "/search?family=blended&phrase=zzzqqq", PORTAL, null), 200).get("total").asInt());
    }

    @Test
    void invalidInputIs400WithFieldErrors() throws Exception {
        JsonNode s = ok(http.call("GET", "/search?pageSize=500&family=stock&type=audio", PORTAL, null), 400);
        assertEquals(Set.of("pageSize", "family", "type"), fields(s));
        JsonNode empty = ok(http.call("POST", "/license-requests", PORTAL, Map.of()), 400);
        assertEquals(Set.of("assetId", "campaign", "channel", "territory", "budgetCode", "estimatedCost"), fields(empty));
        JsonNode bad = ok(http.call("POST", "/license-requests", PORTAL, Map.of("assetId", "../etc", "assetType", "audio",
                "campaign", "x", "channel", "web", "territory", "US", "budgetCode", "MKT-2026", "estimatedCost", "-5")), 400);
        assertEquals(Set.of("assetId", "assetType", "estimatedCost"), fields(bad));
        JsonNode unknown = ok(http.call("POST", "/license-requests", PORTAL, request("999999999", null, "US", "10")), 400);
        assertEquals(Set.of("assetId"), fields(unknown));
        ok(http.call("POST", "/license-requests", PORTAL, "not json"), 400);
    }

    @Test
    void autoApprovedIsLicensedOnceRegisteredAndSentToProcurement() throws Exception {
        String asset = getty.catalogImageIds().get(30);
        int before = getty.licenseCount();
        JsonNode r = ok(http.call("POST", "/license-requests", PORTAL, request(asset, null, "US", "120.50")), 201);
        String id = r.get("id").asText();
        assertEquals("AUTO_APPROVED", r.get("decision").asText());
        assertEquals("LICENSED", r.get("status").asText(), r.toString());
        assertEquals(before + 1, getty.licenseCount(), "licensed exactly once");
        // a retried approve (e.g. the portal's timeout) licenses nothing more
        JsonNode again = ok(http.call("POST", "/license-requests/" + id + "/approve", APPROVER, null), 200);
        assertEquals("LICENSED", again.get("status").asText());
        assertEquals(r.get("licenseEventId").asLong(), again.get("licenseEventId").asLong());
        assertEquals(before + 1, getty.licenseCount(), "retry does not license twice");

        List<License> licenses = new LicenseRegistry(runtime.dataSource()).licensesOf(asset);
        assertEquals(1, licenses.size());
        assertEquals(Set.of("US"), licenses.get(0).territories());
        assertEquals(Set.of("web"), licenses.get(0).channels());
        assertEquals(r.get("licenseId").asText(), licenses.get(0).licenseId());

        await().atMost(Duration.ofSeconds(30)).until(() -> !ApiHttp.procurement(receiver, id).isEmpty());
        HttpReceiver.Received got = ApiHttp.procurement(receiver, id).get(0);
        assertEquals("POST", got.method());
        assertEquals(id, got.headers().get("idempotency-key"));
        JsonNode rec = JSON.readTree(got.body());
        assertEquals(asset, rec.get("assetId").asText());
        assertEquals("MKT-2026", rec.get("costCenter").asText());
        assertEquals(0, rec.get("amount").decimalValue().compareTo(new java.math.BigDecimal("120.50")));
        assertEquals("USD", rec.get("currency").asText());
        assertEquals(r.get("licenseEventId").asLong(), rec.get("licenseEventId").asLong());
        assertEquals("10001", rec.get("productId").asText(), "creative image charged to the easy-access product");
        assertTrue(rec.get("licenseDate").asText().matches("\\d{4}-\\d{2}-\\d{2}"));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "SENT".equals(ok(http.call("GET", "/license-requests/" + id, PORTAL, null), 200).get("procurementStatus").asText()));
        assertEquals(1, ApiHttp.procurement(receiver, id).size(), "one procurement record per request");
    }

    @Test
    void needsApprovalThenApproverLicensesOnce() throws Exception {
        String asset = getty.catalogImageIds().get(31);
        int before = getty.licenseCount();
        JsonNode r = ok(http.call("POST", "/license-requests", PORTAL, request(asset, null, "GB", "900")), 201);
        String id = r.get("id").asText();
        assertEquals("NEEDS_APPROVAL", r.get("decision").asText());
        assertTrue(r.get("reasons").asText().contains("auto-approve limit"), r.toString());
        assertEquals(before, getty.licenseCount(), "nothing licensed before approval");
        JsonNode approved = ok(http.call("POST", "/license-requests/" + id + "/approve", APPROVER, null), 200);
        assertEquals("LICENSED", approved.get("status").asText(), approved.toString());
        assertEquals("approver", approved.get("decidedBy").asText());
        assertEquals(before + 1, getty.licenseCount());
        ok(http.call("POST", "/license-requests/" + id + "/approve", APPROVER, null), 200);
        assertEquals(before + 1, getty.licenseCount(), "second approve licenses nothing");
        ok(http.call("POST", "/license-requests/" + id + "/reject", APPROVER, null), 409);
    }

    @Test
    void concurrentApprovalsLicenseOnce() throws Exception {
        JsonNode r = ok(http.call("POST", "/license-requests", PORTAL, request(getty.catalogImageIds().get(36), "paid-social", "FR", "300")), 201);
        assertEquals("NEEDS_APPROVAL", r.get("decision").asText());
        int before = getty.licenseCount();
        String path = "/license-requests/" + r.get("id").asText() + "/approve";
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<HttpResponse<String>>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(pool.submit(() -> http.call("POST", path, APPROVER, null)));
            }
            for (var f : calls) {
                assertEquals("LICENSED", ok(f.get(), 200).get("status").asText());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(before + 1, getty.licenseCount(), "four simultaneous approvals, one license");
    }

    @Test
    void rejectedRequestsLicenseNothing() throws Exception {
        int before = getty.licenseCount();
        JsonNode launch = ok(http.call("POST", "/license-requests", PORTAL, request(getty.catalogImageIds().get(32), "product-launch", "DE", "50")), 201);
        assertEquals("NEEDS_APPROVAL", launch.get("decision").asText());
        String id = launch.get("id").asText();
        JsonNode rejected = ok(http.call("POST", "/license-requests/" + id + "/reject", APPROVER, Map.of("reason", "off brand")), 200);
        assertEquals("REJECTED", rejected.get("status").asText());
        assertTrue(rejected.get("reasons").asText().contains("off brand"));
        ok(http.call("POST", "/license-requests/" + id + "/approve", APPROVER, null), 409);
        JsonNode region = ok(http.call("POST", "/license-requests", PORTAL, request(getty.catalogImageIds().get(33), null, "CN", "10")), 201);
        assertEquals("REJECTED", region.get("decision").asText());
        assertTrue(region.get("reasons").asText().contains("territory CN"));
        JsonNode budget = ok(http.call("POST", "/license-requests", PORTAL, request(getty.catalogImageIds().get(34), null, "US", "9999")), 201);
        assertEquals("REJECTED", budget.get("decision").asText());
        ok(http.call("POST", "/license-requests/" + region.get("id").asText() + "/approve", APPROVER, null), 409);
        assertEquals(before, getty.licenseCount(), "no license for rejected requests");
        ok(http.call("GET", "/license-requests/nope", PORTAL, null), 404);
    }

    @Test
    void failedProcurementPushGoesToDeadLettersAndApproveResendsWithoutLicensingAgain() throws Exception {
        receiver.setFault("procurement", 500, 0);
        String id;
        try {
            JsonNode r = ok(http.call("POST", "/license-requests", PORTAL, request(getty.catalogImageIds().get(35), null, "NL", "80")), 201);
            assertEquals("LICENSED", r.get("status").asText());
            id = r.get("id").asText();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    "FAILED".equals(ok(http.call("GET", "/license-requests/" + id, APPROVER, null), 200).get("procurementStatus").asText()));
        } finally {
            receiver.setFault("procurement", 200, 0);
        }
        try (var c = runtime.dataSource().getConnection();
             var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM dead_letters WHERE reason LIKE '%500%' OR route_id LIKE 'api-procurement%'")) {
            rs.next();
            assertTrue(rs.getInt(1) >= 1, "exhausted push recorded in the dead-letter store");
        }
        int count = getty.licenseCount();
        ok(http.call("POST", "/license-requests/" + id + "/approve", APPROVER, null), 200);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "SENT".equals(ok(http.call("GET", "/license-requests/" + id, APPROVER, null), 200).get("procurementStatus").asText()));
        assertEquals(1, ApiHttp.procurement(receiver, id).size());
        assertEquals(count, getty.licenseCount(), "re-sending procurement licenses nothing");
    }

    @Test
    void openApiListsEveryEndpoint() throws Exception {
        JsonNode doc = ok(http.call("GET", "/openapi.json", PORTAL, null), 200);
        assertEquals("3.0.3", doc.get("openapi").asText());
        Set<String> documented = new HashSet<>();
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> documented.add(m.toUpperCase() + " " + p.getKey())));
        Set<String> served = new HashSet<>();
        runtime.context().getCamelContextExtension();
        ((ModelCamelContext) runtime.context()).getRestDefinitions().forEach(rest -> rest.getVerbs().forEach(v ->
                served.add(v.asVerb().toUpperCase() + " " + rest.getPath() + v.getPath())));
        assertEquals(7, served.size(), served.toString());
        assertEquals(served, documented);
    }

    /** #10.9: a request is visible to its creator and to approvers/admins; anyone else cannot tell it exists. */
    @Test
    void requestsAreVisibleToTheirCreatorAndApproversOnly() throws Exception {
        JsonNode mine = ok(http.call("POST", "/license-requests", PORTAL, request(getty.catalogImageIds().get(37), "paid-social", "GB", "10")), 201);
        String id = mine.get("id").asText();
        assertEquals("portal", mine.get("requestedBy").asText());

        HttpResponse<String> foreign = http.call("GET", "/license-requests/" + id, OTHER_PORTAL, null);
        HttpResponse<String> missing = http.call("GET", "/license-requests/00000000-0000-0000-0000-000000000000", OTHER_PORTAL, null);
        assertEquals(404, foreign.statusCode(), "another portal client gets 404, not 403: ids do not leak");
        assertEquals(missing.body().replace("00000000-0000-0000-0000-000000000000", id), foreign.body(),
                "indistinguishable from a request that does not exist");
        assertEquals(200, http.call("GET", "/license-requests/" + id, PORTAL, null).statusCode());
        assertEquals(200, http.call("GET", "/license-requests/" + id, APPROVER, null).statusCode());
        assertEquals(200, http.call("GET", "/license-requests/" + id, ADMIN, null).statusCode());

        assertFalse(listedIds(OTHER_PORTAL).contains(id), "the list shows another client's request");
        ok(http.call("POST", "/license-requests", OTHER_PORTAL, request(getty.catalogImageIds().get(38), "paid-social", "GB", "10")), 201);
        for (JsonNode r : ok(http.call("GET", "/license-requests?limit=1000", OTHER_PORTAL, null), 200).get("requests")) {
            assertEquals("other", r.get("requestedBy").asText(), r.toString());
        }
        assertTrue(listedIds(PORTAL).contains(id));
        assertTrue(listedIds(APPROVER).contains(id));
        assertTrue(listedIds(ADMIN).contains(id));
        Set<String> waiting = new HashSet<>();
        ok(http.call("GET", "/license-requests?status=NEEDS_APPROVAL&limit=1000", APPROVER, null), 200).get("requests")
                .forEach(r -> waiting.add(r.get("status").asText()));
        assertEquals(Set.of("NEEDS_APPROVAL"), waiting);
        assertEquals(Set.of("status"), fields(ok(http.call("GET", "/license-requests?status=SOMETIMES", PORTAL, null), 400)));
    }

    private static Set<String> listedIds(String key) throws Exception {
        Set<String> ids = new HashSet<>();
        ok(http.call("GET", "/license-requests?limit=1000", key, null), 200).get("requests").forEach(r -> ids.add(r.get("id").asText()));
        return ids;
    }

    /** #10.9: four-eyes is on by default: the approver that submitted a request cannot approve it; another can. */
    @Test
    void requesterCannotApproveItsOwnRequest() throws Exception {
        int before = getty.licenseCount();
        JsonNode own = ok(http.call("POST", "/license-requests", APPROVER, request(getty.catalogImageIds().get(39), "paid-social", "GB", "10")), 201);
        assertEquals("NEEDS_APPROVAL", own.get("status").asText());
        String id = own.get("id").asText();
        JsonNode refused = ok(http.call("POST", "/license-requests/" + id + "/approve", APPROVER, null), 403);
        assertTrue(refused.get("error").asText().contains("four-eyes"), refused.toString());
        assertEquals("NEEDS_APPROVAL", ok(http.call("GET", "/license-requests/" + id, APPROVER, null), 200).get("status").asText());
        assertEquals(before, getty.licenseCount(), "nothing licensed on a self-approval");
        JsonNode approved = ok(http.call("POST", "/license-requests/" + id + "/approve", ADMIN, null), 200);
        assertEquals("LICENSED", approved.get("status").asText(), approved.toString());
        assertEquals("admin", approved.get("decidedBy").asText());
        assertEquals(before + 1, getty.licenseCount());
    }
}
