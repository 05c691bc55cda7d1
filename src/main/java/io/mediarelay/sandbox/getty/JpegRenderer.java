package io.mediarelay.sandbox.getty;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Renders a simple deterministic JPEG (gradient sky, "sun", "hills") at an exact size. No text is drawn on purpose:
 * font rendering needs fontconfig, which headless CI boxes often lack.
 *
 * <p>Drawing and encoding a 3000x2000 JPEG costs tens of milliseconds of CPU, and a bench licenses thousands of
 * assets: rendering per asset made the sandbox the biggest CPU user of a GF1 run (issue 15). So the picture is
 * rendered once per (width, height) for the sandbox's seed and kept in a small LRU bounded by total bytes; each asset
 * gets its own bytes by a JPEG comment segment (COM) naming it, inserted right after the start-of-image marker, which
 * is a byte copy. Files of different assets still differ (their SHA-256s, as the registry and companions see them),
 * and every file still decodes to the exact advertised size.
 */
final class JpegRenderer {

    private static final long CACHE_BYTES = 48L * 1024 * 1024;

    static {
        // never try to talk to a display when running inside tests or a server
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private final long seed;
    /** A 3000x2000 canvas is 24 MB of heap; two at a time is plenty on a 2-core box. */
    private final java.util.concurrent.Semaphore drawing = new java.util.concurrent.Semaphore(2);
    private final Map<String, byte[]> cache = new LinkedHashMap<>(16, 0.75f, true);
    private final java.util.concurrent.atomic.AtomicLong renders = new java.util.concurrent.atomic.AtomicLong();
    private long cachedBytes;

    JpegRenderer(long seed) {
        this.seed = seed;
    }

    /** Pictures drawn and encoded so far (not cache hits): what a download costs is visible to tests and benches. */
    long renders() {
        return renders.get();
    }

    /** The asset's JPEG: the shared picture of this size with a comment naming the asset. */
    byte[] render(String assetId, int width, int height) {
        return withComment(picture(width, height + 0 * assetId.hashCode()), "x" + assetId); // TEMP
    }

    private byte[] picture(int width, int height) {
        String key = width + "x" + height;
        synchronized (cache) {
            byte[] hit = cache.get(key);
            if (hit != null) return hit;
        }
        // rendered outside the lock: concurrent first requests may render twice, which is harmless
        byte[] jpeg;
        drawing.acquireUninterruptibly();
        try {
            jpeg = draw(key, width, height);
            renders.incrementAndGet();
        } finally {
            drawing.release();
        }
        synchronized (cache) {
            if (cache.put(key, jpeg) == null) cachedBytes += jpeg.length;
            var it = cache.entrySet().iterator();
            while (cachedBytes > CACHE_BYTES && it.hasNext()) {
                var e = it.next();
                if (e.getKey().equals(key)) continue;
                cachedBytes -= e.getValue().length;
                it.remove();
            }
        }
        return jpeg;
    }

    /** SOI, then a COM segment (FF FE, 2-byte length including itself, text), then the rest of the file. */
    static byte[] withComment(byte[] jpeg, String comment) {
        byte[] text = comment.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int segment = 4 + text.length;
        byte[] out = new byte[jpeg.length + segment];
        out[0] = jpeg[0];
        out[1] = jpeg[1];
        out[2] = (byte) 0xFF;
        out[3] = (byte) 0xFE;
        out[4] = (byte) ((text.length + 2) >> 8);
        out[5] = (byte) (text.length + 2);
        System.arraycopy(text, 0, out, 6, text.length);
        System.arraycopy(jpeg, 2, out, 2 + segment, jpeg.length - 2);
        return out;
    }

    private byte[] draw(String key, int width, int height) {
        Random rnd = new Random(seed ^ key.hashCode());
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            Color top = new Color(rnd.nextInt(120), 80 + rnd.nextInt(120), 150 + rnd.nextInt(105));
            Color bottom = new Color(200 + rnd.nextInt(55), 150 + rnd.nextInt(100), rnd.nextInt(150));
            g.setPaint(new GradientPaint(0, 0, top, 0, height, bottom));
            g.fillRect(0, 0, width, height);
            int sun = Math.max(4, Math.min(width, height) / 5);
            g.setColor(new Color(255, 230 - rnd.nextInt(60), 80));
            g.fillOval(rnd.nextInt(Math.max(1, width - sun)), height / 8, sun, sun);
            for (int layer = 0; layer < 3; layer++) {
                g.setColor(new Color(20 + rnd.nextInt(60), 60 + rnd.nextInt(100) - layer * 15, 30 + rnd.nextInt(50)));
                int[] xs = new int[10];
                int[] ys = new int[10];
                for (int i = 0; i < 8; i++) {
                    xs[i] = i * width / 7;
                    ys[i] = height / 2 + layer * height / 8 + rnd.nextInt(Math.max(1, height / 5));
                }
                xs[8] = width;
                ys[8] = height;
                xs[9] = 0;
                ys[9] = height;
                g.fillPolygon(xs, ys, 10);
            }
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(Math.max(1, width / 200f)));
            g.drawRect(width / 40, height / 40, width - width / 20, height - height / 20);
        } finally {
            g.dispose();
        }
        return encode(img);
    }

    private static byte[] encode(BufferedImage img) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(img.getWidth() * img.getHeight() / 8);
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.85f);
            writer.write(null, new IIOImage(img, null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
