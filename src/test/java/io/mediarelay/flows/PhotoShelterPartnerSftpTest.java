package io.mediarelay.flows;

import static io.mediarelay.flows.GettyFlowRuntime.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import io.mediarelay.transfer.delivery.TestServers;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PF3 to a partner SFTP server (host key checked against known_hosts), not only FTP. */
class PhotoShelterPartnerSftpTest {
    @TempDir
    Path data;
    @TempDir
    Path sftp;

    @Test
    void approvedMediaToPartnerSftp() throws Exception {
        Path root = sftp.resolve("home");
        Path knownHosts = sftp.resolve("known_hosts");
        SshServer sshd = TestServers.sftp(root, knownHosts);
        try {
            Properties o = PsFlowRuntime.overrides(data, "pf3");
            o.setProperty("mediarelay.destinations.pf3-partner.protocol", "sftp");
            o.setProperty("mediarelay.destinations.pf3-partner.port", String.valueOf(sshd.getPort()));
            o.setProperty("mediarelay.destinations.pf3-partner.directory", "partner-drop");
            o.setProperty("mediarelay.destinations.pf3-partner.username", TestServers.USER);
            o.setProperty("mediarelay.destinations.pf3-partner.password", TestServers.PASSWORD);
            o.setProperty("mediarelay.destinations.pf3-partner.known-hosts", knownHosts.toString());
            try (PsFlowRuntime rt = PsFlowRuntime.start(o)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> rt.delivered("pf3-partner-distribution").size() == 2);
                assertEquals(List.of("spring-1.jpg", "spring-1.jpg.json", "spring-2.jpg", "spring-2.jpg.json"), files(root.resolve("partner-drop")));
                assertEquals(PsFlowRuntime.seedBytes(2), Files.readString(root.resolve("partner-drop/spring-2.jpg")));
                assertEquals(0, files(rt.ftpRoot.resolve("pf3-partner")).size(), "nothing on the embedded FTP server");
            }
        } finally {
            sshd.stop(true);
        }
    }
}
