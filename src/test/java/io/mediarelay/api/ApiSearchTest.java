package io.mediarelay.api;

import static io.mediarelay.api.ApiHttp.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.sandbox.getty.GettySandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Portal search in the embedded default (no approved boards): Getty's own search and paging, shaped for a portal. */
class ApiSearchTest {
    @TempDir
    static Path data;
    static MediarelayRuntime runtime;
    static GettySandbox getty;
    static ApiHttp http;

    @BeforeAll
    static void start() throws Exception {
        runtime = new MediarelayRuntime(TestRuntimes.config(data)).start();
        getty = runtime.embedded().find(GettySandbox.class).orElseThrow();
        http = new ApiHttp("http://127.0.0.1:" + runtime.config().getInt("camel.server.port", 0) + "/api/v1");
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void searchesAllOfGettyWithPagingFamilyAndLicensingOptions() throws Exception {
        JsonNode p1 = ok(http.call("GET", "/search?family=creative&pageSize=5&page=1", "sandbox-portal-key", null), 200);
        JsonNode p2 = ok(http.call("GET", "/search?family=creative&pageSize=5&page=2", "sandbox-portal-key", null), 200);
        assertTrue(p1.get("total").asInt() > 10, p1.toString());
        assertEquals(p1.get("total"), p2.get("total"));
        assertEquals(0, p1.get("restrictedToBoards").size());
        Set<String> ids = new HashSet<>();
        for (JsonNode page : new JsonNode[] {p1, p2}) {
            assertEquals(5, page.get("assets").size());
            for (JsonNode a : page.get("assets")) {
                assertTrue(ids.add(a.get("id").asText()), "pages do not overlap");
                assertEquals("creative", a.get("family").asText());
                assertTrue(a.get("thumbUrl").asText().startsWith("http"));
                assertTrue(a.get("maxDimensions").get("height").asInt() > 0);
                assertEquals("easyaccess", a.get("licensing").get(0).get("productType").asText(), a.toString());
            }
        }
        JsonNode editorial = ok(http.call("GET", "/search?family=editorial&orientation=horizontal", "sandbox-portal-key", null), 200);
        assertFalse(editorial.get("assets").isEmpty());
        editorial.get("assets").forEach(a -> assertEquals("editorial", a.get("family").asText()));
        assertEquals(getty.catalogVideoIds().size() > 0, ok(http.call("GET", "/search?family=blended&type=videos",
                "sandbox-portal-key", null), 200).get("total").asInt() > 0);
    }

    @Test
    void gettyOutageIs502WithoutDetails() throws Exception {
        getty.setErrorRatio(1.0);
        try {
            JsonNode e = ok(http.call("GET", "/search?phrase=outage", "sandbox-portal-key", null), 502);
            assertEquals("upstream call failed; try again later", e.get("error").asText());
            assertFalse(e.toString().contains("127.0.0.1"), "no upstream URL leaks to the caller");
        } finally {
            getty.setErrorRatio(0);
        }
    }
}
