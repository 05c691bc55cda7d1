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
 * small heap to prove the point); run with e.g.
 * {@code java -Xmx128m -cp target/classes:target/test-classes:$(cat target/cp.txt) io.mediarelay.getty.GettyStreamingBench 1073741824 /tmp/getty-bench}.
 */
public final class GettyStreamingBench {

    public static void main(String[] args) throws Exception {
        long bytes = args.length > 0 ? Long.parseLong(args[0]) : 1L << 30;
        Path out = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "target/getty-bench"));
        try (GettySandbox sandbox = GettyTestSupport.sandbox(c -> c.videoBytes(bytes))) {
            CamelContext ctx = GettyTestSupport.context(sandbox, Database.inMemory("bench"), c -> c.setReadTimeout(30_000), new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:video").to("getty:license?assetType=videos").to("file:" + out.toAbsolutePath() + "?fileName=${header.GettyFileName}");
                }
            });
            try {
                String video = sandbox.catalogVideoIds().get(0);
                long t0 = System.nanoTime();
                Exchange ex = ctx.createProducerTemplate().request("direct:video", e -> {
                    e.getMessage().setBody(video);
                    e.getMessage().setHeader(GettyConstants.REQUEST_KEY, "bench-" + System.nanoTime());
                });
                double secs = (System.nanoTime() - t0) / 1e9;
                if (ex.getException() != null) {
                    throw ex.getException();
                }
                Path file = out.resolve(ex.getMessage().getHeader(GettyConstants.FILE_NAME, String.class));
                long size = Files.size(file);
                long peakHeap = 0;
                for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (p.getType() == MemoryType.HEAP) {
                        peakHeap += p.getPeakUsage().getUsed();
                    }
                }
                System.out.printf("streamed %s: %d bytes (Content-Length %s) in %.1f s = %.0f MB/s; max heap %d MB; sum of heap pool peaks %d MB%n",
                        file.getFileName(), size, ex.getMessage().getHeader(GettyConstants.CONTENT_LENGTH), secs, size / 1e6 / secs,
                        Runtime.getRuntime().maxMemory() >> 20, peakHeap >> 20);
                if (size != bytes) {
                    throw new IllegalStateException("expected " + bytes + " bytes, got " + size);
                }
                Files.delete(file);
            } finally {
                ctx.close();
            }
        }
    }
}
