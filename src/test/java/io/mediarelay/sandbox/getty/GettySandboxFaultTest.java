package io.mediarelay.sandbox.getty;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.mediarelay.sandbox.getty.SandboxClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GettySandboxFaultTest {

    @Test
    void overQpsLimitAnswers429WithRetryAfter() throws InterruptedException {
        try (GettySandbox sandbox = new GettySandbox(new GettySandboxConfig().qpsLimit(5)).start()) {
            SandboxClient c = new SandboxClient(sandbox);
            int ok = 0;
            HttpResponse<String> throttled = null;
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = c.get("/v3/search/images?page_size=1", null);
                if (r.statusCode() == 200) ok++;
                else if (r.statusCode() == 429) throttled = r;
            }
            assertTrue(ok >= 5 && ok < 20, "burst of 5 then throttled, got ok=" + ok);
            assertTrue(throttled != null);
            assertEquals("1", throttled.headers().firstValue("Retry-After").orElse(""));
            assertEquals("Account Over Queries Per Second Limit", json(throttled).get("message").asText());

            Thread.sleep(1100); // the bucket refills
            assertEquals(200, c.get("/v3/search/images?page_size=1", null).statusCode());
            sandbox.setQpsLimit(0);
            for (int i = 0; i < 20; i++) assertEquals(200, c.get("/v3/search/images?page_size=1", null).statusCode());
        }
    }

    @Test
    void errorRatioIsApproximatelyHonouredAndDeterministic() {
        int first = countFailures(0.3, 300);
        assertTrue(first > 60 && first < 120, "expected ~90 of 300, got " + first);
        assertEquals(first, countFailures(0.3, 300), "same seed, same failure pattern");
    }

    private static int countFailures(double ratio, int calls) {
        try (GettySandbox sandbox = new GettySandbox(new GettySandboxConfig().errorRatio(ratio)).start()) {
            SandboxClient c = new SandboxClient(sandbox);
            int failed = 0;
            for (int i = 0; i < calls; i++) {
                HttpResponse<String> r = c.get("/v3/search/images?page_size=1&fields=id", null);
                if (r.statusCode() >= 500) {
                    assertTrue(r.statusCode() == 500 || r.statusCode() == 503);
                    assertTrue(json(r).has("ErrorCode"));
                    failed++;
                } else {
                    assertEquals(200, r.statusCode());
                }
            }
            sandbox.setErrorRatio(0);
            assertEquals(200, c.get("/v3/search/images?page_size=1", null).statusCode());
            return failed;
        }
    }

    @Test
    void latencyIsAddedPerCall() {
        try (GettySandbox sandbox = new GettySandbox(new GettySandboxConfig()).start()) {
            SandboxClient c = new SandboxClient(sandbox);
            sandbox.setLatencyMs(150);
            long start = System.nanoTime();
            assertEquals(200, c.get("/v3/search/images?page_size=1", null).statusCode());
            assertTrue((System.nanoTime() - start) / 1_000_000 >= 150);
        }
    }

    @Test
    void tokenLifetimeKnobAppliesToNewTokens() {
        try (GettySandbox sandbox = new GettySandbox(new GettySandboxConfig()).start()) {
            SandboxClient c = new SandboxClient(sandbox);
            sandbox.setTokenLifetimeSeconds(60);
            HttpResponse<String> r = c.token(java.util.Map.of("grant_type", "client_credentials",
                    "client_id", "sandbox-client", "client_secret", "sandbox-secret"));
            assertEquals("60", json(r).get("expires_in").asText());
        }
    }
}
