package io.mediarelay.photoshelter;

import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * Deterministic pseudo-random bytes of a given length, produced on the fly (nothing held in memory). The byte
 * sequence does not depend on how callers chunk their reads.
 */
final class GeneratedStream extends InputStream {

    private final SplittableRandom random;
    private long remaining;
    private long word;
    private int bytesLeftInWord;

    GeneratedStream(long size, long seed) {
        this.remaining = size;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (remaining <= 0) return -1;
        int n = (int) Math.min(len, remaining);
        // a long per 8 bytes: byte-at-a-time generation would dominate a 200 MB test
        for (int i = 0; i < n; i++) {
            if (bytesLeftInWord == 0) {
                word = random.nextLong();
                bytesLeftInWord = 8;
            }
            b[off + i] = (byte) word;
            word >>>= 8;
            bytesLeftInWord--;
        }
        remaining -= n;
        return n;
    }
}
