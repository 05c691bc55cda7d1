package io.mediarelay.photoshelter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.mediarelay.sandbox.photoshelter.PhotoShelterSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads stream (200 MB in a 64 MB heap), land byte-exact, and hostile names are stored harmlessly. */
class PhotoShelterUploadTest {

    private static final long BIG = 200L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void twoHundredMegabytesStreamThroughARouteInA64MbHeap() throws Exception {
        try (PhotoShelterSandbox sandbox = PhotoShelterTestSupport.sandbox(dir)) {
            String gallery = sandbox.findGalleries("Inbox").get(0);
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(java.toString(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                    "-Dlog4j2.configurationFile=log4j2-test.xml", UploadInSmallHeap.class.getName(),
                    sandbox.baseUrl(), gallery, Long.toString(BIG), "4242").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not finish");
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(0, p.exitValue(), out);
            String id = line(out, "MEDIA_ID=");
            long peak = Long.parseLong(line(out, "PEAK_HEAP="));
            System.out.printf("200 MB upload in a -Xmx64m JVM: %.1f s incl. JVM start, peak heap %d MB%n", seconds, peak >> 20);
            assertTrue(peak < 64L * 1024 * 1024, "peak heap " + peak);

            Map<String, Object> stored = sandbox.image(id);
            assertEquals(BIG, stored.get("file_size"));
            assertEquals(sha256(new GeneratedStream(BIG, 4242)), stored.get("sha256"));
            assertEquals(sha256(Files.newInputStream((Path) stored.get("path"))), stored.get("sha256"), "bytes on disk");
            assertEquals(1, sandbox.uploadCount());
        }
    }

    @Test
    void hostileFileNamesAreStoredAsHarmlessDisplayNames() throws Exception {
        try (PhotoShelterSandbox sandbox = PhotoShelterTestSupport.sandbox(dir.resolve("sandbox"))) {
            String gallery = sandbox.findGalleries("Inbox").get(0);
            CamelContext ctx = PhotoShelterTestSupport.context(sandbox, null, c -> { }, new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:upload").to("photoshelter:upload?galleryId=" + gallery);
                }
            });
            List<String> hostile = List.of("../../../etc/passwd", "a\r\nX-Evil: 1\r\n\r\n.jpg", "quote\"; name=\"gallery_id.jpg",
                    "C:\\Windows\\evil.jpg", "..", "ünïcødé café 写真.jpg", "--mediarelay-boundary.jpg");
            List<String> ids = new ArrayList<>();
            try {
                var pt = ctx.createProducerTemplate();
                for (String name : hostile) {
                    String id = pt.request("direct:upload", e -> {
                        e.getMessage().setHeader("CamelFileName", name);
                        e.getMessage().setBody(("payload of " + name).getBytes(StandardCharsets.UTF_8));
                    }).getMessage().getHeader(PhotoShelterConstants.MEDIA_ID, String.class);
                    assertNotNull(id, name);
                    ids.add(id);
                }
            } finally {
                ctx.close();
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                Map<String, Object> img = sandbox.image(ids.get(i));
                String n = (String) img.get("file_name");
                names.add(n);
                assertFalse(n.contains("/") || n.contains("\\") || n.contains("\r") || n.contains("\n") || n.equals(".."), n);
                assertTrue(((Path) img.get("path")).startsWith(sandbox.dataDir()), "stored inside dataDir");
                assertEquals(sha256(new java.io.ByteArrayInputStream(("payload of " + hostile.get(i)).getBytes(StandardCharsets.UTF_8))),
                        img.get("sha256"), "content intact for " + hostile.get(i));
            }
            assertEquals("passwd", names.get(0));
            assertEquals("ünïcødé café 写真.jpg", names.get(5));
            assertEquals(gallery, ((List<?>) sandbox.image(ids.get(2)).get("gallery_ids")).get(0), "name cannot smuggle a form field");
            try (Stream<Path> s = Files.list(sandbox.dataDir().resolve("files"))) {
                assertTrue(s.allMatch(f -> f.getFileName().toString().matches("I0000[A-Za-z0-9]{11}")), "only ids on disk");
            }
            assertFalse(Files.exists(dir.resolve("etc")) || Files.exists(sandbox.dataDir().getParent().resolve("etc")));
        }
    }

    static String sha256(InputStream in) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().map(l -> l.substring(prefix.length()))
                .orElseThrow(() -> new AssertionError("no " + prefix + " in child output:\n" + out));
    }
}
