package io.mediarelay.sandbox.getty;

import static io.mediarelay.sandbox.getty.SandboxClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * In tests every /v3 exchange with a Getty sandbox is validated against Getty's current OpenAPI document
 * (OpenApiTrafficCheck): requests the real API would refuse are refused, and the sandbox's own answers stay
 * inside the spec (issue #12 finding 7).
 */
class SandboxContractCheckTest {

    @Test
    void requestsTheRealApiRefusesAreRefused() {
        try (GettySandbox sandbox = new GettySandbox(new GettySandboxConfig()).start()) {
            SandboxClient c = new SandboxClient(sandbox);
            String t = c.clientToken();
            String image = sandbox.catalogImageIds().get(0);
            String video = sandbox.catalogVideoIds().get(0);
            HttpResponse<String> blended = c.get("/v3/search/videos?phrase=city", t);
            assertEquals(404, blended.statusCode(), "blended video search is not in the current spec: " + blended.body());
            HttpResponse<String> credit = c.get("/v3/videos?ids=" + video + "&fields=id,credit_line", t);
            assertEquals(400, credit.statusCode(), "videos have no credit_line field: " + credit.body());
            assertTrue(credit.body().contains("credit_line"), credit.body());
            HttpResponse<String> day = c.put("/v3/usage-batches/contract-day", t,
                    "{\"asset_usages\":[{\"asset_id\":\"" + image + "\",\"quantity\":1,\"usage_date\":\"2026-12-01\"}]}");
            assertEquals(400, day.statusCode(), "usage_date is format date-time: " + day.body());
            assertTrue(day.body().contains("usage_date"), day.body());
            // and the same requests, as the spec wants them, pass
            assertEquals(200, c.get("/v3/search/videos/creative?phrase=city", t).statusCode());
            assertEquals(200, c.get("/v3/videos?ids=" + video + "&fields=id,title", t).statusCode());
            assertEquals(201, c.put("/v3/usage-batches/contract-day", t, "{\"asset_usages\":[{\"asset_id\":\"" + image
                    + "\",\"quantity\":1,\"usage_date\":\"2026-12-01T00:00:00Z\"}]}").statusCode());
        }
    }

    @Test
    void sandboxAnswersStayInsideTheSpec() {
        try (GettySandbox sandbox = new GettySandbox(new GettySandboxConfig()).start()) {
            SandboxClient c = new SandboxClient(sandbox);
            String t = c.userToken();
            int before = responseViolations();
            c.license("image", sandbox.catalogImageIds().get(1), t, "");
            JsonNode downloads = json(c.get("/v3/downloads?page=1&page_size=10", t));
            JsonNode item = downloads.get("downloads").get(0);
            assertFalse(item.has("uri"), "HistoricalDownload has no uri: " + item);
            for (String family : List.of("creative", "editorial")) {
                HttpResponse<String> r = c.get("/v3/search/videos/" + family + "?phrase=&fields=summary_set,detail_set", t);
                assertEquals(200, r.statusCode(), r.body());
                for (JsonNode v : json(r).get("videos")) {
                    assertFalse(v.has("max_dimensions"), family + " video search item: " + v);
                }
            }
            assertEquals(before, responseViolations(), OpenApiTrafficCheck.violations().toString());
        }
    }

    private static int responseViolations() {
        return (int) OpenApiTrafficCheck.violations().stream().filter(v -> v.startsWith("response")).count();
    }
}
