package io.mediarelay.photoshelter;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Child-JVM program of {@link PhotoShelterUploadTest}: uploads a generated stream through a Camel route in a JVM
 * whose heap is far smaller than the file, then prints the image id and the peak heap used.
 * Args: baseUrl galleryId sizeBytes seed.
 */
public final class UploadInSmallHeap {

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        String gallery = args[1];
        long size = Long.parseLong(args[2]);
        long seed = Long.parseLong(args[3]);
        CamelContext ctx = new DefaultCamelContext();
        // the route gets a one-shot InputStream: caching it would defeat streaming (see package docs)
        ctx.setStreamCaching(false);
        PhotoShelterComponent ps = new PhotoShelterComponent();
        PhotoShelterTestSupport.configure(ps, baseUrl);
        ps.getConfiguration().setReadTimeout(120_000);
        ctx.addComponent("photoshelter", ps);
        ctx.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:upload").to("photoshelter:upload?galleryId=" + gallery + "&fileName=big-200mb.bin");
            }
        });
        ctx.start();
        String id = ctx.createProducerTemplate().request("direct:upload", e -> e.getMessage().setBody(new GeneratedStream(size, seed)))
                .getMessage().getHeader(PhotoShelterConstants.MEDIA_ID, String.class);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        System.out.println("MEDIA_ID=" + id);
        System.out.println("PEAK_HEAP=" + peak);
        ctx.close();
    }
}
