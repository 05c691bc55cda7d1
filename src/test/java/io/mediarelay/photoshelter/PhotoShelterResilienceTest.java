package io.mediarelay.photoshelter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.mediarelay.sandbox.photoshelter.PhotoShelterSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 429 storms and injected 5xx end in success within a time budget; non-retryable 4xx fail fast and clearly. */
class PhotoShelterResilienceTest {

    @TempDir
    Path dir;

    private static RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:gallery").to("photoshelter:gallery");
                from("direct:upload").to("photoshelter:upload");
                from("direct:iptc").to("photoshelter:metadata");
            }
        };
    }

    @Test
    void throttleStormFromFourThreadsEventuallySucceeds() throws Exception {
        try (PhotoShelterSandbox sandbox = PhotoShelterTestSupport.sandbox(dir, c -> c.qpsLimit(10))) {
            CamelContext ctx = PhotoShelterTestSupport.context(sandbox, null, c -> { }, routes());
            try {
                var pt = ctx.createProducerTemplate();
                String inbox = sandbox.findGalleries("Inbox").get(0);
                ExecutorService pool = Executors.newFixedThreadPool(4);
                long t0 = System.nanoTime();
                List<Future<Exchange>> fs = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    int n = i;
                    fs.add(pool.submit(() -> n % 4 == 0
                            ? pt.request("direct:upload", e -> {
                                e.getMessage().setHeader(PhotoShelterConstants.GALLERY_ID, inbox);
                                e.getMessage().setHeader("CamelFileName", "f" + n + ".jpg");
                                e.getMessage().setBody(new byte[1000]);
                            })
                            : pt.request("direct:gallery", e -> e.getMessage().setHeader(PhotoShelterConstants.NAME, "G" + (n % 3)))));
                }
                for (Future<Exchange> f : fs) assertNull(f.get().getException());
                pool.shutdown();
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("40 calls (~90 requests) against a 10 qps sandbox: %.1f s%n", s);
                assertTrue(s < 25, "within budget: " + s);
                assertEquals(10, sandbox.uploadCount(), "each upload stored once despite 429s");
                assertEquals(1, sandbox.findGalleries("G1").size());
            } finally {
                ctx.close();
            }
        }
    }

    @Test
    void twentyPercentServerErrorsAreRetried() throws Exception {
        try (PhotoShelterSandbox sandbox = PhotoShelterTestSupport.sandbox(dir, c -> c.errorRatio(0.2))) {
            CamelContext ctx = PhotoShelterTestSupport.context(sandbox, null, c -> c.getConfiguration().setMaxAttempts(6), routes());
            try {
                var pt = ctx.createProducerTemplate();
                String inbox = sandbox.findGalleries("Inbox").get(0);
                long t0 = System.nanoTime();
                for (int i = 0; i < 30; i++) {
                    int n = i;
                    Exchange ex = i % 3 == 0
                            ? pt.request("direct:upload", e -> {
                                e.getMessage().setHeader(PhotoShelterConstants.GALLERY_ID, inbox);
                                e.getMessage().setHeader("CamelFileName", "r" + n + ".jpg");
                                e.getMessage().setBody(new byte[5000]);
                            })
                            : pt.request("direct:gallery", e -> e.getMessage().setHeader(PhotoShelterConstants.NAME, "Retry " + (n % 5)));
                    assertNull(ex.getException(), "call " + i);
                }
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("30 calls with 20%% injected 5xx: %.1f s%n", s);
                assertTrue(s < 20, "within budget: " + s);
                assertEquals(10, sandbox.uploadCount());
                for (int g = 0; g < 5; g++) assertEquals(1, sandbox.findGalleries("Retry " + g).size());
            } finally {
                ctx.close();
            }
        }
    }

    @Test
    void nonRetryableClientErrorsSurfacePhotoShelterErrorAtOnce() throws Exception {
        try (PhotoShelterSandbox sandbox = PhotoShelterTestSupport.sandbox(dir)) {
            CamelContext ctx = PhotoShelterTestSupport.context(sandbox, null, c -> { }, routes());
            try {
                var pt = ctx.createProducerTemplate();
                Exchange nf = pt.request("direct:iptc", e -> e.getMessage().setHeader(PhotoShelterConstants.MEDIA_ID, "I0000doesNotExst"));
                PhotoShelterApiException e = (PhotoShelterApiException) nf.getException();
                assertEquals(404, e.getStatus());
                assertEquals("ResourceNotFoundException", e.getErrorId());
                assertTrue(e.getMessage().contains("I0000doesNotExst does not exist"), e.getMessage());
                Exchange noGallery = pt.request("direct:upload", x -> {
                    x.getMessage().setHeader(PhotoShelterConstants.GALLERY_ID, "G0000doesNotExist");
                    x.getMessage().setBody(new byte[10]);
                });
                assertEquals("ResourceNotFoundException", ((PhotoShelterApiException) noGallery.getException()).getErrorId());
                assertEquals(0, sandbox.uploadCount());
            } finally {
                ctx.close();
            }
            CamelContext badKey = PhotoShelterTestSupport.context(sandbox, null, c -> c.getConfiguration().setApiKey("wrong-sandbox-key"), routes());
            try {
                long t0 = System.nanoTime();
                Exchange ex = badKey.createProducerTemplate().request("direct:gallery", x -> x.getMessage().setHeader(PhotoShelterConstants.NAME, "x"));
                PhotoShelterApiException e = (PhotoShelterApiException) ex.getException();
                assertEquals(403, e.getStatus());
                assertEquals("ApiKeyInvalidException", e.getErrorId());
                assertTrue(e.getMessage().contains("Missing or invalid API key"), e.getMessage());
                assertTrue((System.nanoTime() - t0) / 1e6 < 1000, "no retries for 403");
            } finally {
                badKey.close();
            }
        }
    }
}
