package io.mediarelay.getty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.runtime.db.Database;
import io.mediarelay.sandbox.getty.GettySandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #12 finding 7: the three requests Getty's current spec refuses, now sent as the spec wants them. The sandbox
 * validates every /v3 request against the spec in tests (OpenApiTrafficCheck), so each of these failed before the fix
 * with the answer the real API gives (400 / 404).
 */
class GettySpecRequestsTest {
    static GettySandbox sandbox;
    static CamelContext ctx;
    static ProducerTemplate pt;

    @BeforeAll
    static void start() throws Exception {
        sandbox = GettyTestSupport.sandbox();
        ctx = GettyTestSupport.context(sandbox, Database.inMemory("spec-requests"), g -> g.getConfiguration().setMaxAttempts(1), new RouteBuilder() {
            @Override
            public void configure() {
            }
        });
        pt = ctx.createProducerTemplate();
    }

    @AfterAll
    static void stop() throws Exception {
        ctx.close();
        sandbox.close();
    }

    @Test
    void usageDateIsSentAsADateTime() {
        String asset = sandbox.catalogImageIds().get(0);
        for (Object day : List.of("2026-12-01", LocalDate.of(2026, 11, 30))) {
            Exchange e = pt.request("getty:usage", x -> {
                x.getMessage().setBody(List.of(Map.of("asset_id", asset, "quantity", 1, "usage_date", day)));
                x.getMessage().setHeader(GettyConstants.USAGE_BATCH_ID, "spec-usage-" + day);
            });
            assertNull(e.getException(), "usage_date " + day + ": " + e.getException());
            assertEquals(1L, ((Map<?, ?>) e.getMessage().getBody()).get("total_asset_usages_processed"));
        }
    }

    @Test
    void blendedVideoSearchAsksCreativeAndEditorial() {
        Exchange blended = pt.request("getty:search?assetType=videos&assetFamily=blended&pageSize=100&fields=id,title",
                x -> x.getMessage().setBody(""));
        assertNull(blended.getException(), String.valueOf(blended.getException()));
        long creative = pt.request("getty:search?assetType=videos&assetFamily=creative&pageSize=100&fields=id,title",
                x -> x.getMessage().setBody("")).getMessage().getHeader(GettyConstants.RESULT_COUNT, Long.class);
        long editorial = pt.request("getty:search?assetType=videos&assetFamily=editorial&pageSize=100&fields=id,title",
                x -> x.getMessage().setBody("")).getMessage().getHeader(GettyConstants.RESULT_COUNT, Long.class);
        assertTrue(creative > 0 && editorial > 0, creative + "/" + editorial);
        assertEquals(creative + editorial, blended.getMessage().getHeader(GettyConstants.RESULT_COUNT, Long.class));
        assertEquals(creative + editorial, ((List<?>) ((Map<?, ?>) blended.getMessage().getBody()).get("videos")).size());
    }

    @Test
    void assetRefreshAsksVideosOnlyForFieldsVideosHave() throws Exception {
        String flow = Files.readString(TestRuntimes.PROJECT.resolve("routes/flows/gh-asset-refresh.camel.yaml"));
        Matcher m = Pattern.compile("id: gh-asset-refresh-videos[\\s\\S]*?fields: \"([^\"]+)\"").matcher(flow);
        assertTrue(m.find(), "the flow's video metadata step");
        String fields = m.group(1);
        Exchange e = pt.request("getty:metadata?assetType=videos&fields=" + fields,
                x -> x.getMessage().setHeader(GettyConstants.ASSET_IDS, List.of(sandbox.catalogVideoIds().get(0))));
        assertNull(e.getException(), fields + ": " + e.getException());
        assertEquals(1, ((List<?>) ((Map<?, ?>) e.getMessage().getBody()).get("videos")).size());
    }
}
