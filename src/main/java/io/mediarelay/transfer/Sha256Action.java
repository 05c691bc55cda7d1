package io.mediarelay.transfer;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.file.GenericFile;

/**
 * Computes SHA-256 and size of a file body by streaming it once (never loading it into memory) and sets
 * {@link DeliveryHeaders#SHA256} and {@link DeliveryHeaders#BYTES}. The body is left as it was, so the
 * upload that follows streams the file again from disk.
 */
public final class Sha256Action implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        Path file = fileOf(exchange.getIn().getBody());
        if (file == null) {
            throw new IllegalArgumentException("sha256 step needs a file body, got "
                    + exchange.getIn().getBody().getClass().getSimpleName());
        }
        MessageDigest digest = newDigest();
        long bytes = 0;
        byte[] buf = new byte[256 * 1024];
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                bytes += n;
            }
        }
        exchange.getIn().setHeader(DeliveryHeaders.SHA256, HexFormat.of().formatHex(digest.digest()));
        exchange.getIn().setHeader(DeliveryHeaders.BYTES, bytes);
        exchange.getIn().setHeader(DeliveryHeaders.STARTED_AT, Instant.now().toString());
    }

    static Path fileOf(Object body) {
        if (body instanceof GenericFile<?> gf && gf.getFile() instanceof File f) {
            return f.toPath();
        }
        // a remote file (ftp/sftp consumer) downloaded with localWorkDirectory: the body is the local copy
        if (body instanceof GenericFile<?> gf && gf.getBody() instanceof File f) {
            return f.toPath();
        }
        if (body instanceof File f) {
            return f.toPath();
        }
        if (body instanceof Path p) {
            return p;
        }
        return null;
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JVM without SHA-256", e);
        }
    }

    /** Hex SHA-256 of a file; used by tests and verification. */
    public static String of(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStreamSink.INSTANCE);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
