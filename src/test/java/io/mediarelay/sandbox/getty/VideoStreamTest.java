package io.mediarelay.sandbox.getty;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class VideoStreamTest {

    @Test
    void anyRangeEqualsTheSameSliceOfTheWholeStream() throws IOException {
        byte[] whole = new VideoStream(42, "123", 10_000, 0, 10_000).readAllBytes();
        assertEquals(10_000, whole.length);
        for (int[] r : new int[][] {{0, 1}, {3, 47}, {47, 49}, {1001, 9999}, {9990, 10_000}}) {
            byte[] part = new VideoStream(42, "123", 10_000, r[0], r[1]).readAllBytes();
            assertArrayEquals(Arrays.copyOfRange(whole, r[0], r[1]), part, "range " + Arrays.toString(r));
        }
        // single-byte reads agree with bulk reads
        VideoStream s = new VideoStream(42, "123", 10_000, 5, 100);
        for (int i = 5; i < 100; i++) assertEquals(whole[i] & 0xFF, s.read());
        assertEquals(-1, s.read());
    }

    @Test
    void multiGigabyteHeaderUsesLargesize() throws IOException {
        long total = 5L * 1024 * 1024 * 1024;
        byte[] head = new VideoStream(1, "9", total, 0, 48).readAllBytes();
        assertEquals("ftyp", new String(head, 4, 4));
        assertEquals("mdat", new String(head, 36, 4));
        long largesize = 0;
        for (int i = 40; i < 48; i++) largesize = (largesize << 8) | (head[i] & 0xFF);
        assertEquals(total - 32, largesize);
        // a read near the end of a 5 GB stream is instant: nothing before it is generated
        assertEquals(16, new VideoStream(1, "9", total, total - 16, total).readAllBytes().length);
    }
}
