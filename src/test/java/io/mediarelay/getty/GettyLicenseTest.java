package io.mediarelay.getty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.mediarelay.runtime.db.Database;
import io.mediarelay.sandbox.getty.GettySandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** License + download: streamed JPEG, headers, and no second license for the same request key after a "crash". */
class GettyLicenseTest {

    @TempDir
    Path out;

    private RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:license")
                        .to("getty:license?requestKey=${header.flowId}-${header.requestId}")
                        .process(e -> e.getMessage().setHeader("bodyClass", e.getMessage().getBody().getClass().getName()))
                        .to("file:" + out.toAbsolutePath() + "?fileName=${header.GettyFileName}");
            }
        };
    }

    @Test
    void licenseStreamsJpegAndIsNotRepeatedAfterCrash() throws Exception {
        DataSource ds = Database.inMemory("license-reuse");
        try (GettySandbox sandbox = GettyTestSupport.sandbox()) {
            String asset = sandbox.catalogImageIds().get(3);
            String product = sandbox.defaultProductId();
            int remainingBefore = sandbox.remainingDownloads(product);
            Map<String, Object> headers = Map.of(GettyConstants.ASSET_ID, asset, GettyConstants.PRODUCT_ID, product,
                    "flowId", "flow-7", "requestId", "req-1");

            CamelContext first = GettyTestSupport.context(sandbox, ds, c -> { }, routes());
            Exchange ex1;
            try {
                ex1 = first.createProducerTemplate().request("direct:license", e -> e.getMessage().setHeaders(new java.util.HashMap<>(headers)));
            } finally {
                first.close(); // "crash": the component, its client and all in-memory state are gone
            }
            assertEquals(null, ex1.getException());
            assertTrue(InputStream.class.isAssignableFrom(Class.forName(ex1.getMessage().getHeader("bodyClass", String.class))),
                    "body must be a stream, was " + ex1.getMessage().getHeader("bodyClass"));
            assertFalse(ex1.getMessage().getHeader(GettyConstants.LICENSE_REUSED, Boolean.class));
            String fileName = ex1.getMessage().getHeader(GettyConstants.FILE_NAME, String.class);
            assertTrue(fileName.endsWith(".jpg"), fileName);
            assertEquals("image/jpeg", ex1.getMessage().getHeader(GettyConstants.CONTENT_TYPE));
            byte[] jpeg = Files.readAllBytes(out.resolve(fileName));
            assertEquals((long) jpeg.length, ex1.getMessage().getHeader(GettyConstants.CONTENT_LENGTH, Long.class));
            assertTrue(jpeg.length > 100);
            assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xD8}, new byte[] {jpeg[0], jpeg[1]}, "JPEG SOI");
            assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xD9}, new byte[] {jpeg[jpeg.length - 2], jpeg[jpeg.length - 1]}, "JPEG EOI");
            assertTrue(javax.imageio.ImageIO.read(out.resolve(fileName).toFile()) != null, "decodable JPEG");

            CamelContext second = GettyTestSupport.context(sandbox, ds, c -> { }, routes());
            Exchange ex2;
            try {
                Files.delete(out.resolve(fileName));
                ex2 = second.createProducerTemplate().request("direct:license", e -> e.getMessage().setHeaders(new java.util.HashMap<>(headers)));
            } finally {
                second.close();
            }
            assertEquals(null, ex2.getException());
            assertTrue(ex2.getMessage().getHeader(GettyConstants.LICENSE_REUSED, Boolean.class));
            assertEquals(ex1.getMessage().getHeader(GettyConstants.LICENSE_EVENT_ID), ex2.getMessage().getHeader(GettyConstants.LICENSE_EVENT_ID));
            assertArrayEquals(jpeg, Files.readAllBytes(out.resolve(fileName)));

            assertEquals(1, sandbox.licenseCount(), "exactly one license event at Getty");
            assertEquals(remainingBefore - 1, sandbox.remainingDownloads(product), "exactly one download used");

            LicenseEventRepository repo = new LicenseEventRepository(ds);
            List<LicenseEvent> events = repo.listByAsset(asset);
            assertEquals(1, events.size());
            assertEquals(LicenseEvent.LICENSED, events.get(0).status());
            assertEquals("images:" + asset + ":" + product + ":flow-7-req-1", events.get(0).requestKey());
            assertFalse(events.get(0).toString().contains("delivery"), "toString must not expose the signed URI");
        }
    }

    @Test
    void differentRequestKeyLicensesAgainAndFailedLicenseLeavesNoClaim() throws Exception {
        DataSource ds = Database.inMemory("license-keys");
        try (GettySandbox sandbox = GettyTestSupport.sandbox()) {
            String asset = sandbox.catalogImageIds().get(4);
            CamelContext ctx = GettyTestSupport.context(sandbox, ds, c -> { }, new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:l").to("getty:license?download=false");
                }
            });
            try {
                var pt = ctx.createProducerTemplate();
                pt.requestBodyAndHeader("direct:l", asset, GettyConstants.REQUEST_KEY, "k1");
                pt.requestBodyAndHeader("direct:l", asset, GettyConstants.REQUEST_KEY, "k1");
                pt.requestBodyAndHeader("direct:l", asset, GettyConstants.REQUEST_KEY, "k2");
                assertEquals(2, sandbox.licenseCount());
                Exchange failed = pt.request("direct:l", e -> {
                    e.getMessage().setBody(asset);
                    e.getMessage().setHeader(GettyConstants.REQUEST_KEY, "k3");
                    e.getMessage().setHeader(GettyConstants.PRODUCT_ID, "424242");
                });
                assertTrue(failed.getException().getMessage().contains("NoAccessToProductType"), failed.getException().getMessage());
                assertTrue(new LicenseEventRepository(ds).find("k3").isEmpty(), "a refused license must not hold its key");
                assertEquals(2, new LicenseEventRepository(ds).list(10).size());
            } finally {
                ctx.close();
            }
        }
    }

    @Test
    void concurrentRequestsWithOneKeyLicenseOnce() throws Exception {
        DataSource ds = Database.inMemory("license-race");
        try (GettySandbox sandbox = GettyTestSupport.sandbox(c -> c.latencyMs(50))) {
            String asset = sandbox.catalogImageIds().get(6);
            // two "nodes": separate contexts and components sharing one database
            RouteBuilder rb = new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:l").to("getty:license?download=false");
                }
            };
            CamelContext a = GettyTestSupport.context(sandbox, ds, c -> { }, rb);
            CamelContext b = GettyTestSupport.context(sandbox, ds, c -> { }, rb);
            try {
                var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
                java.util.concurrent.atomic.AtomicInteger licensedOrReused = new java.util.concurrent.atomic.AtomicInteger();
                java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
                List<java.util.concurrent.Future<?>> fs = new java.util.ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    CamelContext node = i % 2 == 0 ? a : b;
                    fs.add(pool.submit(() -> {
                        Exchange ex = node.createProducerTemplate().request("direct:l", e -> {
                            e.getMessage().setBody(asset);
                            e.getMessage().setHeader(GettyConstants.REQUEST_KEY, "race-1");
                        });
                        if (ex.getException() == null) {
                            licensedOrReused.incrementAndGet();
                        } else if (ex.getException() instanceof GettyLicenseStateException s && s.getState().equals("PENDING")) {
                            pending.incrementAndGet();
                        }
                    }));
                }
                for (var f : fs) {
                    f.get(30, java.util.concurrent.TimeUnit.SECONDS);
                }
                pool.shutdown();
                assertEquals(8, licensedOrReused.get() + pending.get(), "only PENDING refusals allowed");
                assertEquals(1, sandbox.licenseCount(), "one license for one request key, however many racers");
            } finally {
                a.close();
                b.close();
            }
        }
    }

    @Test
    void downloadStreamIsClosedWhenTheExchangeFails() throws Exception {
        DataSource ds = Database.inMemory("license-close");
        try (GettySandbox sandbox = GettyTestSupport.sandbox(c -> c.videoBytes(20_000_000))) {
            java.util.concurrent.atomic.AtomicReference<Object> body = new java.util.concurrent.atomic.AtomicReference<>();
            CamelContext ctx = GettyTestSupport.context(sandbox, ds, c -> { }, new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:v").to("getty:license?assetType=videos")
                            .process(e -> body.set(e.getMessage().getBody()))
                            .throwException(new IllegalStateException("sink down"));
                }
            });
            try {
                Exchange ex = ctx.createProducerTemplate().request("direct:v", e -> e.getMessage().setBody(sandbox.catalogVideoIds().get(0)));
                assertTrue(ex.getException() instanceof IllegalStateException);
                WatchdogInputStream s = (WatchdogInputStream) body.get(); // not stream-cached: Camel never buffered it
                assertTrue(s.isClosed(), "stream must be closed after a failed exchange");
            } finally {
                ctx.close();
            }
        }
    }

    @Test
    void ambiguousServerErrorOnLicensePostIsNotRetriedAndBlocksTheKeyUntilReleased() throws Exception {
        DataSource ds = Database.inMemory("license-uncertain");
        try (GettySandbox sandbox = GettyTestSupport.sandbox()) {
            List<String> images = sandbox.catalogImageIds();
            CamelContext ctx = GettyTestSupport.context(sandbox, ds, c -> c.getConfiguration().setMaxAttempts(12), new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:l").to("getty:license?download=false");
                }
            });
            try {
                var pt = ctx.createProducerTemplate();
                pt.requestBodyAndHeader("direct:l", images.get(7), GettyConstants.REQUEST_KEY, "warm"); // token cached
                int licensed = sandbox.licenseCount();
                sandbox.setErrorRatio(1.0); // every call: 503 (retried, Getty did nothing) or 500 (ambiguous: stop)
                Exchange ex = pt.request("direct:l", e -> {
                    e.getMessage().setBody(images.get(8));
                    e.getMessage().setHeader(GettyConstants.REQUEST_KEY, "u1");
                });
                assertTrue(ex.getException() instanceof GettyUncertainException, String.valueOf(ex.getException()));
                LicenseEventRepository repo = new LicenseEventRepository(ds);
                assertEquals(LicenseEvent.UNCERTAIN, repo.find("u1").orElseThrow().status());
                sandbox.setErrorRatio(0);
                Exchange again = pt.request("direct:l", e -> {
                    e.getMessage().setBody(images.get(8));
                    e.getMessage().setHeader(GettyConstants.REQUEST_KEY, "u1");
                });
                assertTrue(again.getException() instanceof GettyLicenseStateException, String.valueOf(again.getException()));
                assertEquals(licensed, sandbox.licenseCount(), "no POST while the outcome is unknown");
                repo.release("u1"); // operator checked Getty's download history
                Exchange after = pt.request("direct:l", e -> {
                    e.getMessage().setBody(images.get(8));
                    e.getMessage().setHeader(GettyConstants.REQUEST_KEY, "u1");
                });
                assertEquals(null, after.getException());
                assertEquals(licensed + 1, sandbox.licenseCount());
            } finally {
                ctx.close();
            }
        }
    }
}
