package io.mediarelay.sandbox.photoshelter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox's wire contract seen with a plain HTTP client: envelopes, ids, errors, throttling, persistence. */
class PhotoShelterSandboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private HttpResponse<String> call(String method, String url, String key, String token, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (key != null) b.header("X-PS-Api-Key", key);
        if (token != null) b.header("X-PS-Auth-Token", token);
        if (form != null) b.header("Content-Type", "application/x-www-form-urlencoded");
        b.method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String login(PhotoShelterSandbox s) throws Exception {
        var r = call("POST", s.baseUrl() + "/psapi/v3/mem/authenticate", "sandbox-ps-api-key", null,
                "email=sandbox%40mediarelay.example&password=sandbox-ps-password&mode=token");
        JsonNode body = JSON.readTree(r.body());
        assertEquals("ok", body.path("status").asText());
        assertEquals("O0000SANDBOXORG1", body.path("data").path("org").path(0).path("id").asText());
        return body.path("data").path("token").asText();
    }

    @Test
    void envelopesIdsAndErrors() throws Exception {
        try (PhotoShelterSandbox s = new PhotoShelterSandbox(new PhotoShelterSandboxConfig().dataDir(dir)).start()) {
            var noKey = call("GET", s.baseUrl() + "/psapi/v4.0/galleries", null, null, null);
            assertEquals(403, noKey.statusCode());
            JsonNode err = JSON.readTree(noKey.body()).path("errors").path(0);
            assertEquals("ApiKeyInvalidException", err.path("id").asText());
            assertEquals("403", err.path("status").asText(), "status is a string in v4 errors");

            var noSession = call("GET", s.baseUrl() + "/psapi/v3/mem/gallery/query", "sandbox-ps-api-key", null, null);
            assertEquals(401, noSession.statusCode());
            assertEquals("error", JSON.readTree(noSession.body()).path("status").asText());

            String token = login(s);
            JsonNode page = JSON.readTree(call("GET", s.baseUrl() + "/psapi/v4.0/galleries?per_page=1", "sandbox-ps-api-key", token, null).body());
            assertEquals(2, page.path("meta").path("paging").path("total").asInt());
            assertTrue(page.path("meta").path("paging").has("next"));
            String gid = page.path("data").path(0).path("id").asText();
            assertTrue(gid.matches("G0000[A-Za-z0-9]{11}"), gid);
            JsonNode media = JSON.readTree(call("GET", s.baseUrl() + "/psapi/v4.0/media?terms=spring", "sandbox-ps-api-key", token, null).body());
            assertEquals(3, media.path("data").size());
            JsonNode a = media.path("data").path(0).path("attributes");
            assertTrue(a.path("created_at").asText().endsWith(" GMT"), "v3-style date");
            assertTrue(a.path("modified_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}"), "v4 ISO date");
            assertTrue(media.path("data").path(0).path("id").asText().matches("I0000[A-Za-z0-9]{11}"));
            var bad = call("GET", s.baseUrl() + "/psapi/v4.0/media", "sandbox-ps-api-key", token, null);
            assertEquals(400, bad.statusCode(), "a filter is required");

            // download needs the organization step
            String img = media.path("data").path(0).path("id").asText();
            assertEquals(403, call("GET", s.baseUrl() + "/psapi/v4.0/media/" + img + "/download", "sandbox-ps-api-key", token, null).statusCode());
            call("POST", s.baseUrl() + "/psapi/v3/mem/organization/O0000SANDBOXORG1/authenticate", "sandbox-ps-api-key", token, "");
            assertEquals(200, call("GET", s.baseUrl() + "/psapi/v4.0/media/" + img + "/download", "sandbox-ps-api-key", token, null).statusCode());

            s.setQpsLimit(2);
            int throttled = 0;
            String retryAfter = null;
            for (int i = 0; i < 10; i++) {
                var r = call("GET", s.baseUrl() + "/psapi/v4.0/galleries", "sandbox-ps-api-key", token, null);
                if (r.statusCode() == 429) {
                    throttled++;
                    retryAfter = r.headers().firstValue("Retry-After").orElse(null);
                    assertEquals("TooManyRequestsException", JSON.readTree(r.body()).path("errors").path(0).path("id").asText());
                }
            }
            assertTrue(throttled >= 5, "over the QPS limit: " + throttled);
            assertEquals("1", retryAfter);
        }
    }

    @Test
    void uploadsAndMetadataSurviveARestart() throws Exception {
        String id;
        try (PhotoShelterSandbox s = new PhotoShelterSandbox(new PhotoShelterSandboxConfig().dataDir(dir)).start()) {
            String token = login(s);
            String gallery = s.findGalleries("Inbox").get(0);
            String boundary = "b0undary";
            String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"gallery_id\"\r\n\r\n" + gallery + "\r\n"
                    + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"kept.jpg\"\r\n\r\nhello\r\n--" + boundary + "--\r\n";
            var r = http.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/psapi/v3/mem/image/upload"))
                    .header("X-PS-Api-Key", "sandbox-ps-api-key").header("X-PS-Auth-Token", token)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            id = JSON.readTree(r.body()).path("data").path("Image").path("image_id").asText();
            s.editIptc(id, Map.of("caption", "kept"));
            assertEquals(1, s.uploadCount());
        }
        try (PhotoShelterSandbox s = new PhotoShelterSandbox(new PhotoShelterSandboxConfig().dataDir(dir)).start()) {
            assertEquals("kept.jpg", s.image(id).get("file_name"));
            assertEquals(Map.of("caption", "kept"), s.iptc(id));
            assertEquals(List.of(id), s.findImagesInGallery(s.findGalleries("Inbox").get(0)).stream().map(m -> m.get("id")).toList());
            String token = login(s);
            call("POST", s.baseUrl() + "/psapi/v3/mem/organization/O0000SANDBOXORG1/authenticate", "sandbox-ps-api-key", token, "");
            var dl = http.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/psapi/v3/mem/image/" + id + "/download"))
                    .header("X-PS-Api-Key", "sandbox-ps-api-key").header("X-PS-Auth-Token", token).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals("hello", new String(dl.body(), StandardCharsets.UTF_8));
            assertEquals(1, s.findGalleries("Inbox").size(), "seed not applied twice");
        }
    }
}
