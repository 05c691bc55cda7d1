package io.mediarelay.flows;

import static io.mediarelay.flows.GettyFlowRuntime.assertNoPartFiles;
import static io.mediarelay.flows.GettyFlowRuntime.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.mediarelay.transfer.DeliveryRecorder;
import io.mediarelay.transfer.Sha256Action;
import io.mediarelay.transfer.delivery.TestServers;
import org.apache.ftpserver.FtpServer;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GF flow delivers with every setting of its named destination ({@code mediarelay.destinations.gf1-ftp.*}):
 * SFTP with known hosts, FTPS with a private (self-signed) certificate and a trust store. A destination that
 * cannot take files (wrong password, read-only directory) stops each asset before the license POST: Getty sees
 * no license, the dead letter names the destination and the flow, never the password.
 */
class NamedDestinationsFlowTest {
    static final String FLOW = "gf1-licensed-package-export";
    static final String DEST = "mediarelay.destinations.gf1-ftp.";

    @TempDir
    Path data;
    @TempDir
    Path remote;

    static Properties gf1To(Path data, String protocol, int port, String password) {
        Properties o = GettyFlowRuntime.overrides(data, "gf1");
        o.setProperty(DEST + "protocol", protocol);
        o.setProperty(DEST + "host", "127.0.0.1");
        o.setProperty(DEST + "port", String.valueOf(port));
        o.setProperty(DEST + "directory", "partner/packages");
        o.setProperty(DEST + "username", TestServers.USER);
        o.setProperty(DEST + "password", password);
        return o;
    }

    @Test
    void gfFlowDeliversToSftpWithKnownHostsFromTheNamedDestination() throws Exception {
        Path root = remote.resolve("home");
        Path knownHosts = remote.resolve("known_hosts");
        SshServer sshd = TestServers.sftp(root, knownHosts);
        try {
            Properties o = gf1To(data, "sftp", sshd.getPort(), TestServers.PASSWORD);
            o.setProperty(DEST + "known-hosts", knownHosts.toString());
            try (GettyFlowRuntime rt = GettyFlowRuntime.start(o)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> rt.delivered(FLOW).size() == 8);
                assertDelivered(rt, root);
            }
        } finally {
            sshd.stop(true);
        }
    }

    @Test
    void gfFlowDeliversToFtpsWithAPrivateCaTrustStoreFromTheNamedDestination() throws Exception {
        Path root = remote.resolve("ftps");
        int[] port = new int[1];
        FtpServer ftps = TestServers.ftpServer(root, true, true, port);
        try {
            Properties o = gf1To(data, "ftps", port[0], TestServers.PASSWORD);
            o.setProperty(DEST + "trust-store", TestServers.trustStore().toString());
            o.setProperty(DEST + "trust-store-password", TestServers.TRUST_STORE_PASSWORD);
            try (GettyFlowRuntime rt = GettyFlowRuntime.start(o)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> rt.delivered(FLOW).size() == 8);
                assertDelivered(rt, root);
            }
        } finally {
            ftps.stop();
        }
    }

    @Test
    void wrongPasswordStopsEveryAssetBeforeTheLicensePost() throws Exception {
        Path root = remote.resolve("ftp");
        int[] port = new int[1];
        FtpServer ftp = TestServers.ftpServer(root, false, true, port);
        String wrong = "not-the-Password-42";
        try (GettyFlowRuntime rt = GettyFlowRuntime.start(gf1To(data, "ftp", port[0], wrong))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters(rt).size() >= 8);
            assertEquals(0, rt.sandbox.licenseCount(), "nothing licensed for a destination that refuses the login");
            for (String[] letter : deadLetters(rt)) {
                assertEquals(FLOW, letter[0], "the dead letter names the flow");
                String reason = letter[1];
                assertTrue(reason.contains("destination gf1-ftp (ftp://partner@127.0.0.1:" + port[0] + "/partner/packages)"), reason);
                assertTrue(reason.contains("530") || reason.contains("login"), reason);
                assertFalse(reason.contains(wrong), "no password in the reason: " + reason);
            }
            assertTrue(rt.delivered(FLOW).isEmpty());
        } finally {
            ftp.stop();
        }
    }

    @Test
    void readOnlyDirectoryStopsEveryAssetBeforeTheLicensePost() throws Exception {
        Path root = remote.resolve("ftp");
        int[] port = new int[1];
        FtpServer ftp = TestServers.ftpServer(root, false, false, port); // login works, STOR/MKD refused
        try (GettyFlowRuntime rt = GettyFlowRuntime.start(gf1To(data, "ftp", port[0], TestServers.PASSWORD))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters(rt).size() >= 8);
            assertEquals(0, rt.sandbox.licenseCount(), "nothing licensed for a destination that cannot take files");
            for (String[] letter : deadLetters(rt)) {
                assertEquals(FLOW, letter[0]);
                assertTrue(letter[1].contains("destination gf1-ftp") && letter[1].contains("not writable"), letter[1]);
            }
            assertEquals(List.of(), files(root), "no probe or other file left behind");
        } finally {
            ftp.stop();
        }
    }

    private static void assertDelivered(GettyFlowRuntime rt, Path root) throws Exception {
        assertEquals(8, rt.sandbox.licenseCount(), "each asset licensed once");
        assertEquals(16, files(root.resolve("partner/packages")).size(), "asset + companion: " + files(root));
        assertNoPartFiles(root);
        assertTrue(files(root).stream().noneMatch(f -> f.contains(".mediarelay-check-")), "probe files removed: " + files(root));
        for (DeliveryRecorder.Delivery d : rt.delivered(FLOW)) {
            assertEquals("gf1-ftp", d.destination());
            Path asset = root.resolve(d.remotePath());
            assertEquals(d.bytes(), Files.size(asset));
            assertEquals(d.sha256(), Sha256Action.of(asset));
        }
        assertEquals(0, files(rt.ftpRoot).size(), "nothing on the embedded FTP server");
    }

    /** route_id and reason of every dead letter. */
    static List<String[]> deadLetters(GettyFlowRuntime rt) throws Exception {
        List<String[]> out = new ArrayList<>();
        try (var c = rt.runtime.dataSource().getConnection();
             var rs = c.createStatement().executeQuery("SELECT route_id, reason FROM dead_letters ORDER BY id")) {
            while (rs.next()) {
                out.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        return out;
    }
}
