package io.mediarelay.transfer.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.apache.ftpserver.FtpServer;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A kill -9 mid-upload leaves {@code <name>.mediarelay.part} on the destination; the next delivery into that directory
 * removes it - and nothing else: not another tool's {@code .part}, not a temp file another instance is writing right
 * now (recently written by the server's clock). Real servers: Apache FtpServer (FTP, FTPS) and MINA SSHD (SFTP).
 */
class OrphanedPartFilesTest {
    @org.junit.jupiter.api.io.TempDir
    static Path tmp;
    static FtpServer ftp;
    static FtpServer ftps;
    static SshServer sshd;
    static int ftpPort;
    static int ftpsPort;
    static Path knownHosts;
    static VerifiedDelivery delivery;

    @BeforeAll
    static void start() throws Exception {
        int[] p = new int[1];
        ftp = TestServers.ftp(tmp.resolve("ftp/home"), false, false, p);
        ftpPort = p[0];
        ftps = TestServers.ftp(tmp.resolve("ftps/home"), true, false, p);
        ftpsPort = p[0];
        knownHosts = tmp.resolve("known_hosts");
        sshd = TestServers.sftp(tmp.resolve("sftp/home"), knownHosts);
        delivery = new VerifiedDelivery();
    }

    @AfterAll
    static void stop() throws Exception {
        delivery.close();
        ftp.stop();
        ftps.stop();
        sshd.stop(true);
    }

    private static DeliveryTarget target(String protocol) throws Exception {
        return switch (protocol) {
            case "ftp" -> TestServers.target("ftp", ftpPort, "drop", null, null, false);
            case "ftps" -> TestServers.target("ftps", ftpsPort, "drop", TestServers.trustStore().toString(), null, false);
            default -> TestServers.target("sftp", sshd.getPort(), "drop", null, knownHosts.toString(), false);
        };
    }

    private static Path write(Path file, Instant modified) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[1000]);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp", "ftps", "sftp"})
    void theNextDeliveryRemovesOnlyOrphansOfThisRuntime(String protocol) throws Exception {
        Path dir = tmp.resolve(protocol + "/home/drop");
        Instant now = Instant.now();
        Path killed = write(dir.resolve("killed.mov.mediarelay.part"), now.minus(Duration.ofHours(1))); // kill -9 mid-upload
        Path alive = write(dir.resolve("alive.mov.mediarelay.part"), now); // another instance is writing it
        Path partner = write(dir.resolve("partner.jpg.part"), now.minus(Duration.ofHours(1))); // another tool's
        Path other = write(dir.resolve("report.mediarelay.part.txt"), now.minus(Duration.ofHours(1)));
        Path nested = write(dir.resolve("sub/older.jpg.mediarelay.part"), now.minus(Duration.ofHours(1))); // another directory

        byte[] body = FtpDeliveryTest.random(5_000, 21);
        delivery.deliver(target(protocol), "fresh.jpg", null, new ByteArrayInputStream(body), (long) body.length, null);

        assertFalse(Files.exists(killed), "the orphan of the killed upload is removed");
        assertTrue(Files.exists(alive), "a temp file written moments ago may be a live upload");
        assertTrue(Files.exists(partner), "another tool's .part is never touched");
        assertTrue(Files.exists(other));
        assertTrue(Files.exists(nested), "only the directory delivered into is swept");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("alive.mov.mediarelay.part", "fresh.jpg", "partner.jpg.part", "report.mediarelay.part.txt", "sub"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }

        // once per directory and process: a later orphan there is not looked for at every delivery
        Path later = write(dir.resolve("later.mov.mediarelay.part"), now.minus(Duration.ofHours(1)));
        delivery.deliver(target(protocol), "second.jpg", null, new ByteArrayInputStream(body), (long) body.length, null);
        assertTrue(Files.exists(later));
        assertTrue(Files.exists(dir.resolve("second.jpg")));
    }
}
