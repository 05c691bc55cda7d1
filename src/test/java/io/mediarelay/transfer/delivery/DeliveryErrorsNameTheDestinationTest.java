package io.mediarelay.transfer.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.mediarelay.runtime.RefusingPort;
import io.mediarelay.runtime.deadletter.FailureClassifier;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.ftpserver.FtpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed delivery says where (ftp://user@host:port/dir, never the password) and what the server said, and the
 * failure policy classifies it: login refused (530) and an untrusted certificate (PKIX) are permanent, a server that
 * is down is transient. Against real servers (Apache FtpServer, plain and FTPS).
 */
class DeliveryErrorsNameTheDestinationTest {
    @TempDir
    static Path tmp;
    static FtpServer plain;
    static FtpServer tls;
    static int plainPort;
    static int tlsPort;
    static FtpDeliverySink sink;
    static DefaultCamelContext context;
    static final AtomicInteger DESTINATIONS = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        int[] p = new int[1];
        plain = TestServers.ftp(tmp.resolve("plain"), false, false, p);
        plainPort = p[0];
        tls = TestServers.ftp(tmp.resolve("tls"), true, false, p);
        tlsPort = p[0];
        sink = new FtpDeliverySink();
        context = new DefaultCamelContext();
    }

    @AfterAll
    static void stop() throws Exception {
        sink.close();
        plain.stop();
        tls.stop();
        context.close();
    }

    /** Each call defines its own named destination (mediarelay.destinations.<name>.*), the way flows name theirs. */
    private static IOException deliver(String protocol, int port, String password) throws Exception {
        String name = "partner-" + DESTINATIONS.incrementAndGet();
        Map.of("protocol", protocol, "host", "127.0.0.1", "port", String.valueOf(port), "username", TestServers.USER,
                        "password", password, "directory", "partner/in", "connect-timeout-ms", "3000")
                .forEach((k, v) -> context.getPropertiesComponent().addInitialProperty(Destinations.PREFIX + name + "." + k, v));
        Exchange e = new DefaultExchange(context);
        e.setProperty(DeliveryTarget.DESTINATION, name);
        e.getIn().setHeader(Exchange.FILE_NAME, "photo.jpg");
        Path body = tmp.resolve("photo.jpg");
        Files.writeString(body, "bytes");
        e.getIn().setBody(body.toFile());
        return assertThrows(IOException.class, () -> sink.process(e));
    }

    @Test
    void loginRefusedNamesTheDestinationAndIsPermanent() throws Exception {
        IOException e = deliver("ftp", plainPort, "wrong-password");
        assertTrue(e.getMessage().contains("ftp://partner@127.0.0.1:" + plainPort + "/partner/in"), e.getMessage());
        assertTrue(e.getMessage().contains("530"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-password"), "never the password");
        assertEquals(FailureClassifier.Kind.PERMANENT, FailureClassifier.classify(e));
    }

    @Test
    void aServerThatIsDownNamesTheDestinationAndIsTransient() throws Exception {
        IOException e;
        int closed;
        try (RefusingPort down = new RefusingPort()) {
            closed = down.port();
            e = deliver("ftp", closed, TestServers.PASSWORD);
        }
        assertTrue(e.getMessage().contains("ftp://partner@127.0.0.1:" + closed + "/partner/in"), e.getMessage());
        assertTrue(e.getMessage().contains("ConnectException"), e.getMessage());
        assertEquals(FailureClassifier.Kind.TRANSIENT, FailureClassifier.classify(e));
    }

    @Test
    void anUntrustedCertificateNamesTheDestinationAndIsPermanent() throws Exception {
        IOException e = deliver("ftps", tlsPort, TestServers.PASSWORD); // JVM trust store: the test CA is unknown
        assertTrue(e.getMessage().contains("ftps://partner@127.0.0.1:" + tlsPort + "/partner/in"), e.getMessage());
        assertEquals(FailureClassifier.Kind.PERMANENT, FailureClassifier.classify(e), e.getMessage());
    }

    @Test
    void ftpRepliesAndHttpStatusesFollowThePolicy() {
        assertEquals(FailureClassifier.Kind.TRANSIENT, FailureClassifier.classify(new IOException("FTP STOR a failed: 421 busy")));
        assertEquals(FailureClassifier.Kind.TRANSIENT, FailureClassifier.classify(new IOException("FTP STOR a failed: 451 local error")));
        assertEquals(FailureClassifier.Kind.PERMANENT, FailureClassifier.classify(new IOException("FTP STOR a failed: 550 Permission denied")));
        assertEquals(FailureClassifier.Kind.PERMANENT, FailureClassifier.classify(new IOException("FTP STOR a failed: 553 bad name")));
        for (int s : new int[] {0, 408, 429, 500, 502, 503}) {
            assertEquals(FailureClassifier.Kind.TRANSIENT, FailureClassifier.classify(new io.mediarelay.getty.GettyApiException(s, "x", "y")), "" + s);
        }
        for (int s : new int[] {400, 401, 403, 404, 422}) {
            assertEquals(FailureClassifier.Kind.PERMANENT, FailureClassifier.classify(new io.mediarelay.getty.GettyApiException(s, "x", "y")), "" + s);
        }
        assertEquals(FailureClassifier.Kind.PERMANENT, FailureClassifier.classify(new IllegalArgumentException("bad input")));
        // the database closing under a flow (shutdown, failover) is not the message's fault
        assertEquals(FailureClassifier.Kind.TRANSIENT, FailureClassifier.classify(new IllegalStateException("license registry read failed",
                new java.sql.SQLNonTransientConnectionException("Database is already closed", "90121", 90121))));
        assertEquals(FailureClassifier.Kind.PERMANENT, FailureClassifier.classify(new IllegalStateException("insert failed",
                new java.sql.SQLIntegrityConstraintViolationException("duplicate", "23505"))));
    }
}
