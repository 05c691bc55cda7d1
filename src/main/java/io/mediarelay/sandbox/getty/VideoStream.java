package io.mediarelay.sandbox.getty;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A deterministic "MP4" of any length, generated on the fly and random-access: byte {@code i} depends
 * only on (seed, asset id, i), so Range requests can start anywhere without generating a prefix and
 * a resumed download concatenates to exactly the same bytes. Nothing is held in memory.
 * <p>
 * Layout: a 32-byte {@code ftyp} box, a 16-byte {@code mdat} header (64-bit "largesize" form so
 * multi-GB files are well-formed), then pseudo-random payload. Players will not decode it, but file
 * sniffers recognise it as ISO-BMFF.
 */
final class VideoStream extends InputStream {

    private static final int HEADER_LEN = 48;

    private final byte[] header;
    private final long key;
    private final long end;
    private long pos;

    /** Streams bytes [from, to) of a {@code total}-byte video. */
    VideoStream(long seed, String assetId, long total, long from, long to) {
        this.header = header(total);
        this.key = mix(seed * 0x9E3779B97F4A7C15L + assetId.hashCode());
        this.pos = from;
        this.end = Math.min(to, total);
    }

    private static byte[] header(long total) {
        byte[] h = new byte[HEADER_LEN];
        putInt(h, 0, 32);
        put(h, 4, "ftypisom");
        putInt(h, 12, 0x200);
        put(h, 16, "isomiso2avc1mp41");
        putInt(h, 32, 1); // size 1 => 64-bit largesize follows the type
        put(h, 36, "mdat");
        long mdat = Math.max(0, total - 32);
        for (int i = 0; i < 8; i++) h[40 + i] = (byte) (mdat >>> (56 - 8 * i));
        return h;
    }

    private static void putInt(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) b[off + i] = (byte) (v >>> (24 - 8 * i));
    }

    private static void put(byte[] b, int off, String s) {
        byte[] src = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(src, 0, b, off, src.length);
    }

    /** SplitMix64 finaliser: a cheap, well-mixed function of the block index. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private byte byteAt(long i) {
        if (i < HEADER_LEN) return header[(int) i];
        long block = mix(key + (i >>> 3));
        return (byte) (block >>> (8 * (i & 7)));
    }

    @Override
    public int read() {
        return pos >= end ? -1 : byteAt(pos++) & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) return 0;
        if (pos >= end) return -1;
        int n = (int) Math.min(len, end - pos);
        int i = 0;
        // header bytes and the unaligned head go byte by byte; the rest 8 bytes per mix() call
        while (i < n && (pos < HEADER_LEN || (pos & 7) != 0)) b[off + i++] = byteAt(pos++);
        while (n - i >= 8) {
            long block = mix(key + (pos >>> 3));
            for (int k = 0; k < 8; k++) b[off + i + k] = (byte) (block >>> (8 * k));
            i += 8;
            pos += 8;
        }
        while (i < n) b[off + i++] = byteAt(pos++);
        return n;
    }

    @Override
    public long skip(long n) {
        long k = Math.max(0, Math.min(n, end - pos));
        pos += k;
        return k;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - pos);
    }
}
