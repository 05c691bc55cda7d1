package io.mediarelay.photoshelter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.mediarelay.sandbox.photoshelter.PhotoShelterSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Galleries and collections find-or-create, listing with paging, metadata round trip, original download. */
class PhotoShelterLibraryTest {

    @TempDir
    Path dir;

    private static RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:gallery").to("photoshelter:gallery?collectionPath=Brand/2026/Deliveries");
                from("direct:topGallery").to("photoshelter:gallery");
                from("direct:findOnly").to("photoshelter:gallery?create=false");
                from("direct:galleries").to("photoshelter:galleries?pageSize=1");
                from("direct:collections").to("photoshelter:collections?pageSize=2");
                from("direct:upload").to("photoshelter:upload");
                from("direct:iptc").to("photoshelter:metadata?metadataType=iptc");
                from("direct:iptcUpdate").to("photoshelter:metadata?metadataType=iptc&action=update");
                from("direct:custom").to("photoshelter:metadata?metadataType=custom&action=update");
                from("direct:downloadBytes").to("photoshelter:download").convertBodyTo(byte[].class);
                from("direct:search").to("photoshelter:search?terms=campaign&pageSize=2");
            }
        };
    }

    @Test
    void galleryFindOrCreateIsIdempotentByNameAndPath() throws Exception {
        try (PhotoShelterSandbox sandbox = PhotoShelterTestSupport.sandbox(dir)) {
            CamelContext ctx = PhotoShelterTestSupport.context(sandbox, null, c -> { }, routes());
            try {
                ProducerTemplate pt = ctx.createProducerTemplate();
                Map<?, ?> first = pt.requestBodyAndHeader("direct:gallery", null, PhotoShelterConstants.NAME, "Shoot 42", Map.class);
                assertEquals(true, first.get("created"));
                Map<?, ?> again = pt.requestBodyAndHeader("direct:gallery", null, PhotoShelterConstants.NAME, "Shoot 42", Map.class);
                assertEquals(false, again.get("created"));
                assertEquals(first.get("id"), again.get("id"));
                assertTrue(((String) first.get("id")).matches("G0000[A-Za-z0-9]{11}"));
                assertEquals(1, sandbox.findGalleries("Shoot 42").size());
                // the existing Brand/2026 collections were reused, only Deliveries created
                assertEquals(1, sandbox.findCollections("Brand").size());
                assertEquals(1, sandbox.findCollections("2026").size());
                assertEquals(1, sandbox.findCollections("Deliveries").size());

                // eight concurrent find-or-create of one new name: still one gallery
                ExecutorService pool = Executors.newFixedThreadPool(8);
                List<Future<Object>> fs = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    fs.add(pool.submit((Callable<Object>) () -> pt.requestBodyAndHeader("direct:topGallery", null,
                            PhotoShelterConstants.NAME, "Concurrent", Map.class).get("id")));
                }
                for (Future<Object> f : fs) assertEquals(fs.get(0).get(), f.get());
                pool.shutdown();
                assertEquals(1, sandbox.findGalleries("Concurrent").size());

                // "Spring" is a partial match of "Spring Campaign": exact matching must not take it
                var ex = pt.request("direct:findOnly", e -> e.getMessage().setHeader(PhotoShelterConstants.NAME, "Spring"));
                assertEquals("ResourceNotFoundException", ((PhotoShelterApiException) ex.getException()).getErrorId());

                List<?> galleries = pt.requestBody("direct:galleries", null, List.class);
                assertEquals(4, galleries.size(), "paged one per page through 4 galleries: " + galleries);
                List<?> collections = pt.requestBody("direct:collections", null, List.class);
                assertEquals(3, collections.size());
            } finally {
                ctx.close();
            }
        }
    }

    @Test
    void metadataRoundTripAndOriginalDownload() throws Exception {
        try (PhotoShelterSandbox sandbox = PhotoShelterTestSupport.sandbox(dir)) {
            CamelContext ctx = PhotoShelterTestSupport.context(sandbox, null, c -> { }, routes());
            try {
                ProducerTemplate pt = ctx.createProducerTemplate();
                String gallery = sandbox.findGalleries("Inbox").get(0);
                byte[] content = "original bytes \u00e9".repeat(5000).getBytes(StandardCharsets.UTF_8);
                Path src = Files.write(dir.resolve("photo.jpg"), content);
                var up = pt.request("direct:upload", e -> {
                    e.getMessage().setHeader(PhotoShelterConstants.GALLERY_ID, gallery);
                    e.getMessage().setHeader("CamelFileName", "photo.jpg");
                    e.getMessage().setBody(src.toFile());
                });
                String id = up.getMessage().getHeader(PhotoShelterConstants.MEDIA_ID, String.class);
                assertTrue(id.matches("I0000[A-Za-z0-9]{11}"), id);

                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("caption", "Caption with \"quotes\" & ünïcødé");
                fields.put("keywords", "alpha,beta");
                fields.put("credit", "Mediarelay");
                Map<?, ?> updated = pt.requestBodyAndHeader("direct:iptcUpdate", fields, PhotoShelterConstants.MEDIA_ID, id, Map.class);
                assertEquals("alpha,beta", updated.get("keywords"));
                Map<?, ?> read = pt.requestBodyAndHeader("direct:iptc", null, PhotoShelterConstants.MEDIA_ID, id, Map.class);
                assertEquals(fields, read);
                assertEquals(fields, sandbox.iptc(id));
                Map<String, Object> removeCredit = new LinkedHashMap<>();
                removeCredit.put("credit", null);
                pt.requestBodyAndHeader("direct:iptcUpdate", removeCredit, PhotoShelterConstants.MEDIA_ID, id, Map.class);
                assertTrue(!sandbox.iptc(id).containsKey("credit"), "null removes a field");
                Map<?, ?> custom = pt.requestBodyAndHeader("direct:custom", Map.of("license_expiration", "2027-01-31"),
                        PhotoShelterConstants.MEDIA_ID, id, Map.class);
                assertEquals("2027-01-31", custom.get("license_expiration"));

                var dl = pt.request("direct:downloadBytes", e -> e.getMessage().setHeader(PhotoShelterConstants.MEDIA_ID, id));
                assertEquals(null, dl.getException());
                assertTrue(java.util.Arrays.equals(content, dl.getMessage().getBody(byte[].class)));
                assertEquals("photo.jpg", dl.getMessage().getHeader("CamelFileName"));
                assertEquals((long) content.length, dl.getMessage().getHeader("Content-Length", Long.class));

                List<?> found = pt.requestBody("direct:search", null, List.class);
                assertEquals(3, found.size(), "seeded images captioned 'campaign', over two pages");

                var bad = pt.request("direct:iptc", e -> e.getMessage().setHeader(PhotoShelterConstants.MEDIA_ID, "../../admin"));
                assertTrue(bad.getException() instanceof IllegalArgumentException);
                assertNotEquals(null, bad.getException().getMessage());
            } finally {
                ctx.close();
            }
        }
    }
}
