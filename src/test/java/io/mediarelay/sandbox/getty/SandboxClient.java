package io.mediarelay.sandbox.getty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** Thin real-HTTP client for the sandbox tests (no redirects followed unless asked). */
final class SandboxClient {

    static final ObjectMapper JSON = new ObjectMapper();

    final GettySandbox sandbox;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    String apiKey;

    SandboxClient(GettySandbox sandbox) {
        this.sandbox = sandbox;
        this.apiKey = sandbox.config().apiKey();
    }

    HttpResponse<String> token(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(sandbox.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A user (password grant) access token. */
    String userToken() {
        GettySandboxConfig c = sandbox.config();
        return json(token(Map.of("grant_type", "password", "client_id", c.clientId(), "client_secret", c.clientSecret(),
                "username", c.username(), "password", c.password()))).get("access_token").asText();
    }

    String clientToken() {
        GettySandboxConfig c = sandbox.config();
        return json(token(Map.of("grant_type", "client_credentials", "client_id", c.clientId(),
                "client_secret", c.clientSecret()))).get("access_token").asText();
    }

    HttpRequest.Builder api(String pathAndQuery, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(20));
        if (apiKey != null) b.header("Api-Key", apiKey);
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    HttpResponse<String> get(String pathAndQuery, String token) {
        return send(api(pathAndQuery, token).GET().build());
    }

    HttpResponse<String> post(String pathAndQuery, String token) {
        return send(api(pathAndQuery, token).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    HttpResponse<String> put(String pathAndQuery, String token, String jsonBody) {
        return send(api(pathAndQuery, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(jsonBody)).build());
    }

    /** Licenses an image/video without auto-download and returns the delivery URI. */
    String license(String type, String id, String token, String extraQuery) {
        HttpResponse<String> r = post("/v3/downloads/" + type + "s/" + id + "?auto_download=false" + extraQuery, token);
        if (r.statusCode() != 200) throw new AssertionError("license failed: " + r.statusCode() + " " + r.body());
        return json(r).get("uri").asText();
    }

    HttpResponse<String> send(HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<byte[]> sendBytes(HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }
}
