package io.mediarelay.transfer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Size and SHA-256 of a body that is a stream (a Getty download), measured while the upload reads it, so the
 * bytes are read once and never held in memory. {@link Wrap} goes before the upload, {@link Verify} after it:
 * Verify sets {@code MediarelayBytes}/{@code MediarelaySha256} and fails the exchange when the count differs
 * from the length the source announced ({@code GettyContentLength}), or when the stream was not read to its end
 * (a truncated upload must never be recorded as delivered).
 */
public final class StreamDigest {
    static final String PROPERTY = "MediarelayStreamDigest";
    static final String EXPECTED_LENGTH = "GettyContentLength";

    private StreamDigest() {
    }

    /** Replaces an InputStream body with a counting, digesting view of it. */
    public static final class Wrap implements Processor {
        @Override
        public void process(Exchange exchange) {
            InputStream in = exchange.getMessage().getBody(InputStream.class);
            if (in == null) {
                throw new IllegalArgumentException("stream digest needs a stream body");
            }
            Digesting d = new Digesting(in);
            exchange.setProperty(PROPERTY, d);
            exchange.getMessage().setBody(d);
        }
    }

    /** After the upload: publishes size + SHA-256 of what was sent and checks it against the announced length. */
    public static final class Verify implements Processor {
        @Override
        public void process(Exchange exchange) {
            Digesting d = exchange.getProperty(PROPERTY, Digesting.class);
            if (d == null && exchange.getMessage().getBody() instanceof Digesting body) {
                d = body; // kamelets run on copies of the exchange; the body always comes back, properties may not
            }
            if (d == null) {
                throw new IllegalStateException("stream-verify-action without stream-digest-action before it");
            }
            // the uploader reads to the end and then closes the stream; no end seen means a short read, never a pass
            boolean complete = d.eof;
            Long expected = exchange.getMessage().getHeader(EXPECTED_LENGTH, Long.class);
            if (!complete || (expected != null && expected >= 0 && expected != d.count)) {
                throw new IllegalStateException("upload verification failed: sent " + d.count + " bytes, source announced "
                        + expected + (complete ? "" : " and the stream was not read to its end"));
            }
            exchange.getMessage().setHeader(DeliveryHeaders.BYTES, d.count);
            exchange.getMessage().setHeader(DeliveryHeaders.SHA256, d.hex());
            exchange.removeProperty(PROPERTY);
        }
    }

    static final class Digesting extends FilterInputStream {
        private final MessageDigest sha;
        private long count;
        private volatile boolean eof;

        Digesting(InputStream in) {
            super(in);
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                sha.update((byte) b);
                count++;
            } else {
                eof = true;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                sha.update(buf, off, n);
                count += n;
            } else if (n < 0) {
                eof = true;
            }
            return n;
        }

        @Override
        public long skip(long n) {
            return 0; // skipping would leave bytes out of the digest
        }

        String hex() {
            return HexFormat.of().formatHex(sha.digest());
        }
    }
}
