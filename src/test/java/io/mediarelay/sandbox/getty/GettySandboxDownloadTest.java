package io.mediarelay.sandbox.getty;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;

import static io.mediarelay.sandbox.getty.SandboxClient.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GettySandboxDownloadTest {

    static GettySandbox sandbox;
    static SandboxClient client;
    static String token;

    @BeforeAll
    static void start() {
        sandbox = new GettySandbox(new GettySandboxConfig().videoBytes(3_000_000)).start();
        client = new SandboxClient(sandbox);
        token = client.userToken();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void licensingDecrementsProductAndIsRecorded() {
        String product = sandbox.defaultProductId();
        int before = sandbox.remainingDownloads(product);
        int licenses = sandbox.licenseCount();
        String id = sandbox.catalogImageIds().get(1);
        String uri = client.license("image", id, token, "&product_id=" + product);
        assertTrue(uri.startsWith(sandbox.baseUrl() + "/delivery/"), uri);
        assertEquals(before - 1, sandbox.remainingDownloads(product));
        assertEquals(licenses + 1, sandbox.licenseCount());

        JsonNode products = json(client.get("/v3/products?fields=download_requirements", token));
        JsonNode p = products.get("products").get(0);
        assertEquals(Integer.parseInt(product), p.get("id").asInt());
        assertEquals(before - 1, p.get("downloads_remaining").asInt());
        assertEquals(100, p.get("download_limit").asInt());
        assertTrue(p.get("download_requirements").has("is_project_code_required"));
    }

    @Test
    void downloadNeedsTokenAndKnownAsset() {
        String id = sandbox.catalogImageIds().get(0);
        assertEquals(401, client.post("/v3/downloads/images/" + id + "?auto_download=false", null).statusCode());
        HttpResponse<String> missing = client.post("/v3/downloads/images/42?auto_download=false", token);
        assertEquals(404, missing.statusCode());
        assertEquals("ImageNotFound", json(missing).get("ErrorCode").asText());
        HttpResponse<String> missingVideo = client.post("/v3/downloads/videos/42", token);
        assertEquals("VideoNotFound", json(missingVideo).get("ErrorCode").asText());
        HttpResponse<String> badHeight = client.post("/v3/downloads/images/" + id + "?auto_download=false&height=7", token);
        assertEquals(400, badHeight.statusCode());
        HttpResponse<String> badProduct = client.post("/v3/downloads/images/" + id + "?auto_download=false&product_id=1", token);
        assertEquals(403, badProduct.statusCode());
        assertEquals("NoAccessToProductType", json(badProduct).get("ErrorCode").asText());
    }

    /** Re-download rights (docs/GETTY.md ASSUMPTION): the same asset under the same product again costs nothing. */
    @Test
    void withRedownloadRightsARepeatDownloadIsNoNewLicense() {
        try (GettySandbox rights = new GettySandbox(new GettySandboxConfig().downloadLimit(5).redownloadsFree(true)).start()) {
            SandboxClient c = new SandboxClient(rights);
            String t = c.clientToken();
            String id = rights.catalogImageIds().get(0);
            String product = rights.defaultProductId();
            c.license("image", id, t, "");
            String again = c.license("image", id, t, "&product_id=" + product);
            assertTrue(again.startsWith(rights.baseUrl() + "/delivery/"), again);
            assertEquals(4, rights.remainingDownloads(product), "one download consumed for two POSTs");
            assertEquals(1, rights.licensesPerAsset().get(id));
            assertEquals(1, rights.redownloadCount());
            c.license("image", rights.catalogImageIds().get(1), t, "");
            assertEquals(3, rights.remainingDownloads(product), "another asset is a new license");
        }
    }

    @Test
    void overageLimitReachedWhenNothingRemains() {
        try (GettySandbox small = new GettySandbox(new GettySandboxConfig().downloadLimit(2)).start()) {
            SandboxClient c = new SandboxClient(small);
            String t = c.clientToken();
            String id = small.catalogImageIds().get(0);
            c.license("image", id, t, "");
            c.license("image", id, t, "");
            assertEquals(0, small.remainingDownloads(small.defaultProductId()));
            HttpResponse<String> r = c.post("/v3/downloads/images/" + id + "?auto_download=false", t);
            assertEquals(403, r.statusCode());
            assertEquals("OverageLimitReached", json(r).get("ErrorCode").asText());
            assertEquals(2, small.licenseCount());
        }
    }

    @Test
    void redirectChainServesJpegOfAdvertisedSize() throws Exception {
        String id = sandbox.catalogImageIds().get(2);
        JsonNode meta = json(client.get("/v3/images/" + id + "?fields=max_dimensions,download_sizes", null)).get("images").get(0);
        int width = meta.get("max_dimensions").get("width").asInt();
        int height = meta.get("max_dimensions").get("height").asInt();

        // auto_download=true (the image default) answers 303 to the delivery URI
        HttpResponse<String> auto = client.post("/v3/downloads/images/" + id, token);
        assertEquals(303, auto.statusCode());
        String uri = auto.headers().firstValue("Location").orElseThrow();

        HttpResponse<String> hop = client.send(HttpRequest.newBuilder(URI.create(uri)).build());
        assertEquals(302, hop.statusCode(), "delivery host bounces to the CDN");
        String cdn = hop.headers().firstValue("Location").orElseThrow();
        assertTrue(cdn.startsWith(sandbox.baseUrl() + "/cdn/"), cdn);

        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<byte[]> file = following.send(HttpRequest.newBuilder(URI.create(uri)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, file.statusCode());
        assertEquals("attachment; filename=" + id + ".jpg", file.headers().firstValue("Content-Disposition").orElse(""));
        assertEquals("image/jpeg", file.headers().firstValue("Content-Type").orElse(""));
        assertEquals(file.body().length, file.headers().firstValueAsLong("Content-Length").orElse(-1));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(file.body()));
        assertEquals(width, img.getWidth());
        assertEquals(height, img.getHeight());

        // a smaller advertised height is served at exactly that size
        int smallHeight = meta.get("download_sizes").get(2).get("height").asInt();
        String smallUri = client.license("image", id, token, "&height=" + smallHeight);
        HttpResponse<byte[]> small = following.send(HttpRequest.newBuilder(URI.create(smallUri)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(smallHeight, ImageIO.read(new ByteArrayInputStream(small.body())).getHeight());
    }

    @Test
    void concurrentLicensesNeverOversellTheProduct() throws Exception {
        try (GettySandbox small = new GettySandbox(new GettySandboxConfig().downloadLimit(25)).start()) {
            SandboxClient c = new SandboxClient(small);
            String t = c.clientToken();
            String id = small.catalogImageIds().get(0);
            var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                var futures = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
                for (int i = 0; i < 40; i++) {
                    futures.add(pool.submit(() -> c.post("/v3/downloads/images/" + id + "?auto_download=false", t).statusCode()));
                }
                int ok = 0;
                int overage = 0;
                for (var f : futures) {
                    int status = f.get();
                    if (status == 200) ok++;
                    else if (status == 403) overage++;
                }
                assertEquals(25, ok);
                assertEquals(15, overage);
                assertEquals(0, small.remainingDownloads(small.defaultProductId()));
                assertEquals(25, small.licenseCount());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void tamperedDeliveryUriIsRefused() {
        String uri = client.license("image", sandbox.catalogImageIds().get(4), token, "");
        String tampered = uri.replaceAll("&s=[^&]+", "&s=AAAAAAAAAAAAAAAAAAAAAA");
        assertEquals(403, client.send(HttpRequest.newBuilder(URI.create(tampered)).build()).statusCode());
    }

    @Test
    void videoHasExactLengthAndSupportsRangeResume() throws Exception {
        String id = sandbox.catalogVideoIds().get(0);
        HttpResponse<String> lic = client.post("/v3/downloads/videos/" + id + "?size=hd1", token); // video default: no auto
        assertEquals(200, lic.statusCode(), lic.body());
        String uri = json(lic).get("uri").asText();
        String cdn = client.send(HttpRequest.newBuilder(URI.create(uri)).build()).headers().firstValue("Location").orElseThrow();

        HttpResponse<byte[]> full = client.sendBytes(HttpRequest.newBuilder(URI.create(cdn)).build());
        assertEquals(200, full.statusCode());
        assertEquals(3_000_000L, full.headers().firstValueAsLong("Content-Length").orElse(-1));
        assertEquals(3_000_000, full.body().length);
        assertEquals("attachment; filename=" + id + ".mp4", full.headers().firstValue("Content-Disposition").orElse(""));
        assertEquals("ftyp", new String(full.body(), 4, 4));

        // resume: first part + Range from the cut point == the whole file
        HttpResponse<byte[]> tail = client.sendBytes(HttpRequest.newBuilder(URI.create(cdn))
                .header("Range", "bytes=1234567-").build());
        assertEquals(206, tail.statusCode());
        assertEquals("bytes 1234567-2999999/3000000", tail.headers().firstValue("Content-Range").orElse(""));
        assertEquals(3_000_000L - 1234567, tail.headers().firstValueAsLong("Content-Length").orElse(-1));
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        joined.write(full.body(), 0, 1234567);
        joined.write(tail.body());
        assertArrayEquals(full.body(), joined.toByteArray());

        HttpResponse<byte[]> mid = client.sendBytes(HttpRequest.newBuilder(URI.create(cdn)).header("Range", "bytes=10-19").build());
        assertArrayEquals(Arrays.copyOfRange(full.body(), 10, 20), mid.body());
        HttpResponse<byte[]> bad = client.sendBytes(HttpRequest.newBuilder(URI.create(cdn)).header("Range", "bytes=3000000-").build());
        assertEquals(416, bad.statusCode());
    }

    @Test
    void downloadHistoryReflectsLicenses() {
        String id = sandbox.catalogImageIds().get(5);
        String uri = client.license("image", id, token, "");
        // date_from/date_to are date-times in Getty's spec; without use_time only their day counts
        String today = LocalDate.now(ZoneOffset.UTC) + "T00:00:00Z";
        JsonNode body = json(client.get("/v3/downloads?date_from=" + today + "&date_to=" + today + "&page=1&page_size=100&company_downloads=true", token));
        assertEquals(sandbox.licenseCount(), body.get("result_count").asInt());
        JsonNode newest = body.get("downloads").get(0);
        assertEquals(id, newest.get("id").asText());
        assertTrue(uri.startsWith("http"), uri);
        assertFalse(newest.has("uri"), "HistoricalDownload has no uri (additionalProperties: false)");
        assertEquals("image", newest.get("asset_type").asText());
        assertEquals(Integer.parseInt(sandbox.defaultProductId()), newest.get("product_id").asInt());
        assertEquals("easyaccess", newest.get("product_type").asText());
        assertTrue(newest.hasNonNull("date_downloaded"));

        JsonNode none = json(client.get("/v3/downloads?date_from=2020-01-01T00:00:00Z&date_to=2020-01-02T00:00:00Z", token));
        assertEquals(0, none.get("result_count").asInt());
        JsonNode perAsset = json(client.get("/v3/images/" + id + "/downloadhistory", token));
        assertEquals(1, perAsset.get("downloads").size());
        assertEquals(401, client.get("/v3/downloads", null).statusCode());
    }
}
