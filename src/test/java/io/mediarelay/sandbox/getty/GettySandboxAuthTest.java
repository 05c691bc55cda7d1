package io.mediarelay.sandbox.getty;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static io.mediarelay.sandbox.getty.SandboxClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GettySandboxAuthTest {

    static GettySandbox sandbox;
    static SandboxClient client;

    @BeforeAll
    static void start() {
        sandbox = new GettySandbox(new GettySandboxConfig()).start();
        client = new SandboxClient(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void clientCredentialsGrantReturnsStringExpiresInAndNoRefreshToken() {
        int before = sandbox.tokenRequestCount();
        HttpResponse<String> r = client.token(Map.of("grant_type", "client_credentials",
                "client_id", "sandbox-client", "client_secret", "sandbox-secret"));
        assertEquals(200, r.statusCode());
        JsonNode body = json(r);
        assertEquals("Bearer", body.get("token_type").asText());
        assertTrue(body.get("expires_in").isTextual(), "Getty sends expires_in as a string: " + r.body());
        assertEquals("1800", body.get("expires_in").asText());
        assertFalse(body.has("refresh_token"));
        assertEquals(before + 1, sandbox.tokenRequestCount());
    }

    @Test
    void passwordGrantReturnsRefreshTokenThatCanBeRedeemed() {
        HttpResponse<String> r = client.token(Map.of("grant_type", "password", "client_id", "sandbox-client",
                "client_secret", "sandbox-secret", "username", "sandbox-user", "password", "sandbox-password"));
        assertEquals(200, r.statusCode(), r.body());
        String refresh = json(r).get("refresh_token").asText();
        String access = json(r).get("access_token").asText();

        HttpResponse<String> refreshed = client.token(Map.of("grant_type", "refresh_token", "client_id", "sandbox-client",
                "client_secret", "sandbox-secret", "refresh_token", refresh));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        String newAccess = json(refreshed).get("access_token").asText();
        assertNotEquals(access, newAccess);
        // the refreshed token is still a user token: boards accept it
        assertEquals(200, client.get("/v3/boards", newAccess).statusCode());
    }

    @Test
    void clientCredentialsMayAlsoComeAsHttpBasic() {
        String basic = java.util.Base64.getEncoder().encodeToString("sandbox-client:sandbox-secret".getBytes());
        HttpResponse<String> r = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sandbox.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void badCredentialsAreRejectedWithOAuthErrorBodies() {
        HttpResponse<String> badClient = client.token(Map.of("grant_type", "client_credentials",
                "client_id", "sandbox-client", "client_secret", "wrong"));
        assertEquals(401, badClient.statusCode());
        assertEquals("invalid_client", json(badClient).get("error").asText());

        HttpResponse<String> badUser = client.token(Map.of("grant_type", "password", "client_id", "sandbox-client",
                "client_secret", "sandbox-secret", "username", "sandbox-user", "password", "nope"));
        assertEquals(400, badUser.statusCode());
        assertEquals("unauthorized_client", json(badUser).get("error").asText());

        HttpResponse<String> badRefresh = client.token(Map.of("grant_type", "refresh_token", "client_id", "sandbox-client",
                "client_secret", "sandbox-secret", "refresh_token", "bogus"));
        assertEquals(400, badRefresh.statusCode());

        HttpResponse<String> badGrant = client.token(Map.of("grant_type", "implicit", "client_id", "sandbox-client"));
        assertEquals(400, badGrant.statusCode());
        assertEquals("unsupported_grant_type", json(badGrant).get("error").asText());
    }

    @Test
    void apiKeyIsRequiredOnEveryV3Call() {
        SandboxClient noKey = new SandboxClient(sandbox);
        noKey.apiKey = null;
        HttpResponse<String> missing = noKey.get("/v3/search/images?phrase=lake", null);
        assertEquals(401, missing.statusCode());
        assertEquals("Unauthorized", json(missing).get("message").asText());

        noKey.apiKey = "someone-elses-key";
        HttpResponse<String> wrong = noKey.get("/v3/search/images?phrase=lake", null);
        assertEquals(403, wrong.statusCode());
        assertEquals("Forbidden", json(wrong).get("message").asText());
    }

    @Test
    void tokenRequiredCallsAnswer401WithBearerChallenge() {
        HttpResponse<String> r = client.get("/v3/products", null);
        assertEquals(401, r.statusCode());
        assertEquals("AuthorizationTokenRequired", json(r).get("ErrorCode").asText());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer "));
    }

    @Test
    void revokedTokensGet401AndRefreshTokensStillWork() {
        HttpResponse<String> grant = client.token(Map.of("grant_type", "password", "client_id", "sandbox-client",
                "client_secret", "sandbox-secret", "username", "sandbox-user", "password", "sandbox-password"));
        String access = json(grant).get("access_token").asText();
        assertEquals(200, client.get("/v3/products", access).statusCode());

        sandbox.revokeAllTokens();
        HttpResponse<String> r = client.get("/v3/products", access);
        assertEquals(401, r.statusCode());
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(challenge.startsWith("Bearer ") && challenge.contains("error=\"invalid_token\""), challenge);

        HttpResponse<String> refreshed = client.token(Map.of("grant_type", "refresh_token", "client_id", "sandbox-client",
                "client_secret", "sandbox-secret", "refresh_token", json(grant).get("refresh_token").asText()));
        assertEquals(200, client.get("/v3/products", json(refreshed).get("access_token").asText()).statusCode());
    }

    @Test
    void expiredTokensGet401() throws InterruptedException {
        try (GettySandbox shortLived = new GettySandbox(new GettySandboxConfig().tokenLifetimeSeconds(1)).start()) {
            SandboxClient c = new SandboxClient(shortLived);
            HttpResponse<String> grant = c.token(Map.of("grant_type", "client_credentials",
                    "client_id", "sandbox-client", "client_secret", "sandbox-secret"));
            assertEquals("1", json(grant).get("expires_in").asText());
            String token = json(grant).get("access_token").asText();
            assertEquals(200, c.get("/v3/products", token).statusCode());
            Thread.sleep(1100);
            HttpResponse<String> r = c.get("/v3/products", token);
            assertEquals(401, r.statusCode());
            assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").contains("expired"));
        }
    }

    @Test
    void boardsNeedAUserToken() {
        HttpResponse<String> r = client.get("/v3/boards", client.clientToken());
        assertEquals(403, r.statusCode());
        assertEquals("UserTokenRequired", json(r).get("ErrorCode").asText());
    }
}
