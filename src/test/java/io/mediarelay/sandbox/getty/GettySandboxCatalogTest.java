package io.mediarelay.sandbox.getty;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.mediarelay.sandbox.getty.SandboxClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GettySandboxCatalogTest {

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
    void catalogIsDeterministicPerSeed() {
        assertEquals(60, sandbox.catalogImageIds().size());
        assertEquals(10, sandbox.catalogVideoIds().size());
        GettySandbox same = new GettySandbox(new GettySandboxConfig());
        GettySandbox other = new GettySandbox(new GettySandboxConfig().seed(7));
        assertEquals(sandbox.catalogImageIds(), same.catalogImageIds());
        assertFalse(sandbox.catalogImageIds().equals(other.catalogImageIds()));
    }

    @Test
    void searchPagesThroughAllResultsWithoutOverlap() {
        JsonNode first = json(client.get("/v3/search/images?phrase=&page=1&page_size=25", null));
        assertEquals(60, first.get("result_count").asInt());
        Set<String> seen = new HashSet<>();
        for (int page = 1; page <= 3; page++) {
            JsonNode body = json(client.get("/v3/search/images?page=" + page + "&page_size=25&sort_order=newest", null));
            body.get("images").forEach(i -> assertTrue(seen.add(i.get("id").asText()), "duplicate across pages"));
        }
        assertEquals(new HashSet<>(sandbox.catalogImageIds()), seen);
        JsonNode beyond = json(client.get("/v3/search/images?page=4&page_size=25", null));
        assertEquals(0, beyond.get("images").size());
    }

    @Test
    void searchMatchesPhraseAndFamilyAndHonoursFields() {
        JsonNode all = json(client.get("/v3/search/images/editorial?phrase=news", null));
        assertTrue(all.get("result_count").asInt() > 0);
        for (JsonNode img : all.get("images")) {
            assertEquals("editorial", img.get("asset_family").asText());
            assertTrue(img.has("display_sizes"), "summary_set of search includes the thumb");
        }
        JsonNode narrow = json(client.get("/v3/search/images/creative?phrase=lake&fields=id,title,keywords", null));
        for (JsonNode img : narrow.get("images")) {
            assertEquals(Set.of("id", "title", "keywords"), fieldNames(img));
            assertEquals("creative", json(client.get("/v3/images/" + img.get("id").asText() + "?fields=asset_family", null))
                    .get("images").get(0).get("asset_family").asText());
        }
        JsonNode videos = json(client.get("/v3/search/videos/creative?page_size=100", null));
        assertTrue(videos.get("videos").size() > 0);
        assertTrue(videos.get("videos").get(0).get("id").asText().matches("\\d+"));
    }

    @Test
    void searchRejectsBadPaging() {
        HttpResponse<String> big = client.get("/v3/search/images?page_size=101", null);
        assertEquals(400, big.statusCode());
        assertEquals("InvalidPageSize", json(big).get("ErrorCode").asText());
        HttpResponse<String> nan = client.get("/v3/search/images?page_size=a", null);
        assertEquals(400, nan.statusCode());
        assertEquals("InvalidParameterValue", json(nan).get("ErrorCode").asText());
        assertEquals(400, client.get("/v3/search/images?fields=bogus", null).statusCode());
    }

    @Test
    void metadataBatchListsNotFoundAndRejectsMoreThan100Ids() {
        List<String> ids = sandbox.catalogImageIds();
        JsonNode body = json(client.get("/v3/images?ids=" + ids.get(0) + "," + ids.get(1) + ",999&fields=detail_set,keywords", null));
        assertEquals(2, body.get("images").size());
        assertEquals("999", body.get("images_not_found").get(0).asText());
        JsonNode img = body.get("images").get(0);
        for (String f : List.of("id", "title", "caption", "artist", "credit_line", "copyright", "license_model",
                "asset_family", "allowed_use", "keywords", "max_dimensions", "date_created", "collection_name")) {
            assertTrue(img.hasNonNull(f), "missing " + f + " in " + img);
        }
        assertTrue(img.get("allowed_use").has("usage_restrictions"));
        assertTrue(img.get("keywords").get(0).has("text"));

        String many = IntStream.range(0, 101).mapToObj(i -> "1000" + i).collect(Collectors.joining(","));
        HttpResponse<String> tooMany = client.get("/v3/images?ids=" + many, null);
        assertEquals(400, tooMany.statusCode());
        assertEquals("InvalidParameterValue", json(tooMany).get("ErrorCode").asText());
    }

    @Test
    void unknownSingleIdsAre404() {
        HttpResponse<String> img = client.get("/v3/images/123", null);
        assertEquals(404, img.statusCode());
        assertEquals("ImageNotFound", json(img).get("ErrorCode").asText());
        HttpResponse<String> vid = client.get("/v3/videos/123", null);
        assertEquals(404, vid.statusCode());
        assertEquals("VideosNotFound", json(vid).get("ErrorCode").asText());
        String videoId = sandbox.catalogVideoIds().get(0);
        JsonNode v = json(client.get("/v3/videos/" + videoId + "?fields=detail_set", null));
        assertEquals(videoId, v.get("videos").get(0).get("id").asText());
        assertTrue(v.get("videos").get(0).has("clip_length"));
    }

    @Test
    void displaySizesServeRealPreviewJpegs() throws Exception {
        String id = sandbox.catalogImageIds().get(3);
        JsonNode img = json(client.get("/v3/images/" + id + "?fields=display_set", null)).get("images").get(0);
        assertEquals(3, img.get("display_sizes").size());
        String thumb = img.get("display_sizes").get(2).get("uri").asText();
        HttpResponse<byte[]> r = client.sendBytes(java.net.http.HttpRequest.newBuilder(java.net.URI.create(thumb)).build());
        assertEquals(200, r.statusCode());
        java.awt.image.BufferedImage decoded = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(r.body()));
        assertEquals(170, Math.max(decoded.getWidth(), decoded.getHeight()));
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> s = new HashSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }
}
