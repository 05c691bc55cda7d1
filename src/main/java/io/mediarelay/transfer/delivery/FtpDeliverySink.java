package io.mediarelay.transfer.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import io.mediarelay.transfer.DeliveryHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Camel face of {@link VerifiedDelivery}, used by the ftp-delivery-sink kamelet. The destination comes from
 * {@code MediarelayDelivery.*} exchange properties (see {@link DeliveryTarget}); the file name from
 * {@code CamelFileName}. Declared values to verify against: headers {@value #EXPECTED_BYTES} /
 * {@value #EXPECTED_SHA256} (consumed here), and, for an asset upload ({@value #SET_HEADERS_PROPERTY} true, the
 * default), a {@code MediarelaySha256}/{@code MediarelayBytes} already set by an earlier fingerprint step. After
 * an asset upload {@code MediarelaySha256}, {@code MediarelayBytes} and {@code MediarelayRemotePath} hold the
 * verified values; companion uploads set the property to false so they leave the asset's values alone.
 */
public final class FtpDeliverySink implements Processor, AutoCloseable {
    public static final String EXPECTED_BYTES = "MediarelayExpectedBytes";
    public static final String EXPECTED_SHA256 = "MediarelayExpectedSha256";
    public static final String SET_HEADERS_PROPERTY = DeliveryTarget.PREFIX + "setDeliveryHeaders";
    public static final String RESUMED_FROM = "MediarelayResumedFrom";
    /** Read by the dead-letter store (DeadLetterStore.FAILED_DESTINATION). */
    static final String FAILED_DESTINATION = "MediarelayFailedDestination";

    private final VerifiedDelivery delivery = new VerifiedDelivery();

    @Override
    public void process(Exchange exchange) throws Exception {
        boolean setHeaders = !"false".equalsIgnoreCase(exchange.getProperty(SET_HEADERS_PROPERTY, "true", String.class));
        // the destination settings stay on the exchange until the delivery succeeded (DeliveryTarget.forget below):
        // a redelivery of this step by the error handler reads them again
        DeliveryTarget target = DeliveryTarget.from(exchange);
        Message in = exchange.getIn();
        String name = in.getHeader(Exchange.FILE_NAME, String.class);
        if (name == null) {
            throw new IllegalArgumentException("ftp-delivery-sink needs CamelFileName");
        }
        // a flow may copy an announced size that was absent (empty header): nothing declared, not zero
        String declared = in.getHeader(EXPECTED_BYTES, String.class);
        Long expectedBytes = declared == null || declared.isBlank() ? null : Long.valueOf(declared.trim());
        String expectedSha = in.getHeader(EXPECTED_SHA256, String.class);
        in.removeHeaders("MediarelayExpected*");
        if (setHeaders) {
            expectedBytes = expectedBytes != null ? expectedBytes : in.getHeader(DeliveryHeaders.BYTES, Long.class);
            expectedSha = expectedSha != null ? expectedSha : in.getHeader(DeliveryHeaders.SHA256, String.class);
        }
        Path file = VerifiedDelivery.fileOf(in.getBody());
        VerifiedDelivery.Result r;
        try {
            if (file != null) {
                r = delivery.deliver(target, name, file, null, expectedBytes, expectedSha);
            } else {
                InputStream raw = in.getBody(InputStream.class);
                Untouched stream = raw == null ? null : new Untouched(raw);
                boolean done = false;
                try {
                    r = delivery.deliver(target, name, null, stream, expectedBytes, expectedSha);
                    done = true;
                } finally {
                    // a stream (a download) that was never read (the server could not be reached, the login was refused)
                    // stays open, so a redelivery sends it and the dead letter keeps it; once read it is spent
                    if (raw != null && (done || stream.touched)) raw.close();
                }
            }
        } catch (IOException e) {
            // say where: the dead letter, the log and health name the destination (never its password)
            exchange.setProperty(FAILED_DESTINATION, target.toString());
            throw e instanceof DeliveryFailedException ? e : new DeliveryFailedException(target, name, e);
        }
        DeliveryTarget.forget(exchange);
        if (setHeaders) {
            in.setHeader(DeliveryHeaders.SHA256, r.sha256());
            in.setHeader(DeliveryHeaders.BYTES, r.bytes());
            in.setHeader(DeliveryHeaders.REMOTE_PATH, r.remotePath());
            in.setHeader(RESUMED_FROM, r.resumedFrom());
        }
    }

    /** Remembers whether anything was read from the body stream. */
    private static final class Untouched extends java.io.FilterInputStream {
        volatile boolean touched;

        Untouched(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws java.io.IOException {
            touched = true;
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            touched = true;
            return super.read(b, off, len);
        }

        @Override
        public long skip(long n) throws java.io.IOException {
            touched = true;
            return super.skip(n);
        }

        @Override
        public void close() throws java.io.IOException {
            touched = true;
            super.close();
        }
    }

    @Override
    public void close() {
        delivery.close();
    }
}
