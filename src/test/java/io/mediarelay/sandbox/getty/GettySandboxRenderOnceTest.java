package io.mediarelay.sandbox.getty;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static io.mediarelay.sandbox.getty.SandboxClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 15: a download costs the sandbox a byte copy, not a JPEG render. */
class GettySandboxRenderOnceTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    @Test
    void repeatedDownloadsOfOneAssetRenderOnce() throws Exception {
        try (GettySandbox sandbox = new GettySandbox(new GettySandboxConfig()).start()) {
            SandboxClient client = new SandboxClient(sandbox);
            String token = client.clientToken();
            String id = sandbox.catalogImageIds().get(0);
            String uri = client.license("image", id, token, "");
            Set<String> hashes = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                hashes.add(sha256(download(uri)));
            }
            assertEquals(1, sandbox.imageRenders(), "20 downloads of one asset, one render");
            assertEquals(1, hashes.size(), "every download of the asset is the same file");
        }
    }

    @Test
    void assetsOfOneSizeShareTheRenderButNotTheirBytes() throws Exception {
        try (GettySandbox sandbox = new GettySandbox(new GettySandboxConfig()).start()) {
            SandboxClient client = new SandboxClient(sandbox);
            String token = client.clientToken();
            List<String> ids = sandbox.catalogImageIds().subList(0, 15);
            JsonNode images = json(client.get("/v3/images?ids=" + String.join(",", ids) + "&fields=id,max_dimensions",
                    null)).get("images");
            Set<String> sizes = new HashSet<>();
            Set<String> hashes = new HashSet<>();
            for (JsonNode image : images) {
                int w = image.get("max_dimensions").get("width").asInt();
                int h = image.get("max_dimensions").get("height").asInt();
                sizes.add(w + "x" + h);
                byte[] jpeg = download(client.license("image", image.get("id").asText(), token, ""));
                if (hashes.size() < 2) { // decoding is slow; two files show the comment keeps them valid JPEGs
                    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
                    assertEquals(w, decoded.getWidth(), "still a valid JPEG of the advertised size");
                    assertEquals(h, decoded.getHeight());
                }
                hashes.add(sha256(jpeg));
            }
            assertTrue(sizes.size() < ids.size(), "the catalogue repeats sizes: " + sizes);
            assertEquals(sizes.size(), sandbox.imageRenders(), "one render per size, not per asset");
            assertEquals(ids.size(), hashes.size(), "each asset still has its own file");
        }
    }

    private static byte[] download(String uri) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
