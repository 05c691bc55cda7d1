package io.mediarelay.getty;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

import io.mediarelay.runtime.db.Database;
import io.mediarelay.sandbox.getty.GettySandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * Streams one large video through getty:license into a file. Not a unit test (takes a while, needs a
 * small heap to prove the point). Two modes:
 * <ul>
 *   <li>{@code GettyStreamingBench [BYTES] [OUT_DIR]}: starts its own sandbox in this JVM, e.g.
 *       {@code java -Xmx128m -cp target/classes:target/test-classes:target/lib/* io.mediarelay.getty.GettyStreamingBench 1073741824 /tmp/getty-bench}.</li>
 *   <li>{@code GettyStreamingBench --external BASE_URL TOKEN_URL VIDEO_ID OUT_DIR}: against a sandbox in another
 *       process ({@link GettyBenchSandbox}), so this JVM's RSS is the connector's alone (bench/getty-download.sh).
 *       Prints {@code RESULT bytes=.. seconds=.. file=.. uri=..}; the uri is the licensed delivery link, for curl.</li>
 * </ul>
 */
public final class GettyStreamingBench {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--external")) {
            Path out = Files.createDirectories(Path.of(args[4]));
            run(null, args[1], args[2], args[3], out, -1);
            return;
        }
        long bytes = args.length > 0 ? Long.parseLong(args[0]) : 1L << 30;
        Path out = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "target/getty-bench"));
        try (GettySandbox sandbox = GettyTestSupport.sandbox(c -> c.videoBytes(bytes))) {
            run(sandbox, sandbox.baseUrl(), sandbox.tokenUrl(), sandbox.catalogVideoIds().get(0), out, bytes);
        }
    }

    private static void run(GettySandbox sandbox, String baseUrl, String tokenUrl, String video, Path out, long expected)
            throws Exception {
        var ds = Database.inMemory("bench");
        CamelContext ctx = GettyTestSupport.context(baseUrl, tokenUrl, ds, c -> c.getConfiguration().setReadTimeout(30_000), new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:video").to("getty:license?assetType=videos").to("file:" + out.toAbsolutePath() + "?fileName=${header.GettyFileName}");
            }
        });
        try {
            // --external: a first license + download in this JVM (cold: the JIT compiles the copy loops meanwhile,
            // ~1 s of a 1-2 s transfer), then the one measured, as a running runtime would do it (warm)
            double coldSecs = -1;
            if (sandbox == null) {
                long c0 = System.nanoTime();
                Exchange cold = download(ctx, video);
                coldSecs = (System.nanoTime() - c0) / 1e9;
                Files.delete(out.resolve(cold.getMessage().getHeader(GettyConstants.FILE_NAME, String.class)));
            }
            long t0 = System.nanoTime();
            Exchange ex = download(ctx, video);
            double secs = (System.nanoTime() - t0) / 1e9;
            Path file = out.resolve(ex.getMessage().getHeader(GettyConstants.FILE_NAME, String.class));
            long size = Files.size(file);
            Object contentLength = ex.getMessage().getHeader(GettyConstants.CONTENT_LENGTH);
            long peakHeap = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    peakHeap += p.getPeakUsage().getUsed();
                }
            }
            System.out.printf("streamed %s: %d bytes (Content-Length %s) in %.1f s = %.0f MB/s; max heap %d MB; sum of heap pool peaks %d MB%n",
                    file.getFileName(), size, contentLength, secs, size / 1e6 / secs,
                    Runtime.getRuntime().maxMemory() >> 20, peakHeap >> 20);
            if (expected >= 0) {
                if (size != expected) {
                    throw new IllegalStateException("expected " + expected + " bytes, got " + size);
                }
                Files.delete(file);
            } else {
                if (contentLength != null && size != Long.parseLong(contentLength.toString())) {
                    throw new IllegalStateException("Content-Length " + contentLength + " but wrote " + size);
                }
                long eventId = ex.getMessage().getHeader(GettyConstants.LICENSE_EVENT_ID, Long.class);
                String uri = new LicenseEventRepository(ds).findById(eventId).orElseThrow().uri();
                System.out.printf("RESULT bytes=%d seconds=%.3f cold_seconds=%.3f max_heap_mb=%d heap_peak_mb=%d file=%s uri=%s%n",
                        size, secs, coldSecs, Runtime.getRuntime().maxMemory() >> 20, peakHeap >> 20, file.toAbsolutePath(), uri);
            }
        } finally {
            ctx.close();
        }
    }

    /** One license of the video (a new request key: a new license each time) and its download to a file. */
    private static Exchange download(CamelContext ctx, String video) throws Exception {
        Exchange ex = ctx.createProducerTemplate().request("direct:video", e -> {
            e.getMessage().setBody(video);
            e.getMessage().setHeader(GettyConstants.REQUEST_KEY, "bench-" + System.nanoTime());
        });
        if (ex.getException() != null) {
            throw ex.getException();
        }
        return ex;
    }
}
