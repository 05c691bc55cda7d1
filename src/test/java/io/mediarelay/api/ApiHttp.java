package io.mediarelay.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.sandbox.receiver.HttpReceiver;

/** Real HTTP calls against a running runtime's /api/v1, and the assertions every API test repeats. */
final class ApiHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String base;

    ApiHttp(String base) {
        this.base = base;
    }

    HttpResponse<String> call(String method, String path, String key, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
        if (key != null) {
            b.header("X-Api-Key", key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    static Map<String, Object> request(String asset, String campaignType, String territory, String cost) {
        return campaignType == null
                ? Map.of("assetId", asset, "assetType", "images", "campaign", "Spring 2026", "channel", "web",
                        "territory", territory, "budgetCode", "MKT-2026", "estimatedCost", cost)
                : Map.of("assetId", asset, "assetType", "images", "campaign", "Launch", "campaignType", campaignType,
                        "channel", "social", "territory", territory, "budgetCode", "BRAND", "estimatedCost", cost);
    }

    static Set<String> fields(JsonNode error) {
        Set<String> out = new HashSet<>();
        error.get("fields").fieldNames().forEachRemaining(out::add);
        return out;
    }

    static List<HttpReceiver.Received> procurement(HttpReceiver receiver, String requestId) {
        return receiver.received("procurement").stream().filter(x -> x.body().contains(requestId)).collect(Collectors.toList());
    }
}
