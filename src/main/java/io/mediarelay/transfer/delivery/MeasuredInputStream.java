package io.mediarelay.transfer.delivery;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes and counts exactly the bytes the upload reads, while it reads them: the SHA-256 describes what was
 * sent, and a streamed source (a Getty download) is never buffered or read twice.
 */
final class MeasuredInputStream extends FilterInputStream {
    private final MessageDigest digest;
    private long count;

    MeasuredInputStream(InputStream in, MessageDigest digest) {
        super(in);
        this.digest = digest;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            digest.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            digest.update(b, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) {
        return 0; // skipping would send fewer bytes than we hash; resume positions the source itself
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    long count() {
        return count;
    }
}
