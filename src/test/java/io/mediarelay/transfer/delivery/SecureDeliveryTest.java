package io.mediarelay.transfer.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.mediarelay.transfer.Sha256Action;
import org.apache.ftpserver.FtpServer;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FTPS (explicit TLS, certificate and host name verified) and SFTP (host key checked) against real in-JVM servers. */
class SecureDeliveryTest {
    @TempDir
    static Path tmp;
    static FtpServer ftps;
    static int ftpsPort;
    static SshServer sshd;
    static Path ftpsRoot;
    static Path sftpRoot;
    static Path knownHosts;
    static Path tls;
    static VerifiedDelivery delivery;

    @BeforeAll
    static void start() throws Exception {
        tls = TestServers.tlsDir();
        ftpsRoot = tmp.resolve("ftps/home");
        int[] p = new int[1];
        ftps = TestServers.ftp(ftpsRoot, true, false, p);
        ftpsPort = p[0];
        sftpRoot = tmp.resolve("sftp/home");
        knownHosts = tmp.resolve("known_hosts");
        sshd = TestServers.sftp(sftpRoot, knownHosts);
        delivery = new VerifiedDelivery();
    }

    @AfterAll
    static void stop() throws IOException {
        delivery.close();
        ftps.stop();
        sshd.stop(true);
    }

    @Test
    void ftpsDeliversWhenTheCertificateIsTrusted() throws Exception {
        DeliveryTarget t = TestServers.target("ftps", ftpsPort, "secure", tls.resolve("trust.p12").toString(), null, false);
        Path src = tmp.resolve("tls.jpg");
        Files.write(src, FtpDeliveryTest.random(400_000, 11));
        var r = delivery.deliver(t, "a/tls.jpg", src, null, null, null);
        assertEquals(Sha256Action.of(src), Sha256Action.of(ftpsRoot.resolve("secure/a/tls.jpg")));
        assertEquals(Sha256Action.of(src), r.sha256());
        FtpDeliveryTest.assertNoTempFiles(ftpsRoot);
    }

    @Test
    void ftpsRefusesAServerItDoesNotTrust() {
        // No trust store = the JVM's public CAs, which do not vouch for the partner's self-signed certificate.
        DeliveryTarget publicCas = TestServers.target("ftps", ftpsPort, "secure", null, null, false);
        IOException e = assertThrows(IOException.class,
                () -> delivery.deliver(publicCas, "never.jpg", null, new ByteArrayInputStream(new byte[10]), null, null));
        assertTrue(e.toString().contains("PKIX") || e.toString().contains("certificate"), e.toString());
        assertFalse(Files.exists(ftpsRoot.resolve("secure/never.jpg")));
    }

    @Test
    void sftpDeliversFilesAndStreamsWithHostKeyChecking() throws Exception {
        DeliveryTarget t = TestServers.target("sftp", sshd.getPort(), "drop", null, knownHosts.toString(), false);
        Path src = tmp.resolve("s.jpg");
        Files.write(src, FtpDeliveryTest.random(500_000, 12));
        delivery.deliver(t, "2026/s.jpg", src, null, null, Sha256Action.of(src));
        assertEquals(Sha256Action.of(src), Sha256Action.of(sftpRoot.resolve("drop/2026/s.jpg")));
        byte[] body = FtpDeliveryTest.random(1_000_000, 13);
        var r = delivery.deliver(t, "../../../etc/stream.bin", null, new ByteArrayInputStream(body), (long) body.length, null);
        assertEquals("drop/etc/stream.bin", r.remotePath());
        assertArrayEquals(body, Files.readAllBytes(sftpRoot.resolve("drop/etc/stream.bin")));
        // Delivering again replaces the file (SFTP rename does not overwrite by itself).
        delivery.deliver(t, "2026/s.jpg", null, new ByteArrayInputStream("v2".getBytes(StandardCharsets.UTF_8)), null, null);
        assertEquals("v2", Files.readString(sftpRoot.resolve("drop/2026/s.jpg")));
        FtpDeliveryTest.assertNoTempFiles(sftpRoot);
    }

    @Test
    void sftpDeclaredMismatchFailsAndResumeContinues() throws Exception {
        DeliveryTarget t = TestServers.target("sftp", sshd.getPort(), "check", null, knownHosts.toString(), true);
        byte[] body = FtpDeliveryTest.random(10_000, 14);
        assertThrows(DeliveryVerificationException.class,
                () -> delivery.deliver(t, "x.bin", null, new ByteArrayInputStream(body), 9_999L, null));
        Path src = tmp.resolve("resume.mov");
        byte[] data = FtpDeliveryTest.random(1_500_000, 15);
        Files.write(src, data);
        Files.write(sftpRoot.resolve("check/resume.mov.mediarelay.part"), java.util.Arrays.copyOf(data, 700_000));
        var r = delivery.deliver(t, "resume.mov", src, null, null, null);
        assertEquals(700_000, r.resumedFrom());
        assertArrayEquals(data, Files.readAllBytes(sftpRoot.resolve("check/resume.mov")));
        try (Stream<Path> all = Files.walk(sftpRoot.resolve("check"))) {
            assertEquals(List.of(sftpRoot.resolve("check/resume.mov")), all.filter(Files::isRegularFile).toList());
        }
    }

    @Test
    void sftpRefusesAnUnknownHostKey() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty_known_hosts"), "");
        DeliveryTarget t = TestServers.target("sftp", sshd.getPort(), "drop", null, empty.toString(), false);
        IOException e = assertThrows(IOException.class,
                () -> delivery.deliver(t, "never.bin", null, new ByteArrayInputStream(new byte[5]), null, null));
        assertTrue(e.getMessage().contains("HostKey") || e.getMessage().contains("host key") || e.getMessage().contains("UnknownHostKey"),
                e.getMessage());
        DeliveryTarget noKnownHosts = TestServers.target("sftp", sshd.getPort(), "drop", null, null, false);
        assertThrows(IOException.class,
                () -> delivery.deliver(noKnownHosts, "never.bin", null, new ByteArrayInputStream(new byte[5]), null, null));
        assertFalse(Files.exists(sftpRoot.resolve("drop/never.bin")));
    }
}
