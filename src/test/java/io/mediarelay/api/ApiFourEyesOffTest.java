package io.mediarelay.api;

import static io.mediarelay.api.ApiHttp.ok;
import static io.mediarelay.api.ApiHttp.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.sandbox.getty.GettySandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** #10.9: {@code mediarelay.api.approval.four-eyes=false} lets an approver approve a request it submitted itself. */
class ApiFourEyesOffTest {
    @TempDir
    Path data;

    @Test
    void fourEyesCanBeSwitchedOff() throws Exception {
        Properties p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.api.approval.four-eyes", "false");
        try (MediarelayRuntime runtime = new MediarelayRuntime(TestRuntimes.config(p)).start()) {
            GettySandbox getty = runtime.embedded().find(GettySandbox.class).orElseThrow();
            ApiHttp http = new ApiHttp("http://127.0.0.1:" + runtime.config().getInt("camel.server.port", 0) + "/api/v1");
            JsonNode own = ok(http.call("POST", "/license-requests", ApiTest.APPROVER,
                    request(getty.catalogImageIds().get(40), null, "GB", "900")), 201);
            assertEquals("NEEDS_APPROVAL", own.get("status").asText());
            JsonNode approved = ok(http.call("POST", "/license-requests/" + own.get("id").asText() + "/approve", ApiTest.APPROVER, null), 200);
            assertEquals("LICENSED", approved.get("status").asText(), approved.toString());
            assertEquals("approver", approved.get("decidedBy").asText());
        }
    }
}
