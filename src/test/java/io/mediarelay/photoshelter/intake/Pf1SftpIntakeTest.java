package io.mediarelay.photoshelter.intake;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.sandbox.photoshelter.PhotoShelterSandbox;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PF1 with mediarelay.pf1.scheme=sftp against a real SFTP server (MINA SSHD), host key checked via known_hosts. */
class Pf1SftpIntakeTest {

    @TempDir
    Path data;

    @Test
    void sftpDropFolderIsImportedAndTruncatedImageRefused() throws Exception {
        Path root = Files.createDirectories(data.resolve("sftp-root"));
        Path knownHosts = data.resolve("known_hosts");
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(data.resolve("hostkey.ser"));
        keys.setAlgorithm("EC");
        keys.setKeySize(256);
        sshd.setKeyPairProvider(keys);
        sshd.setPasswordAuthenticator((u, p, s) -> "partner".equals(u) && "s3cret".equals(p));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.start();
        KeyPair kp = keys.loadKeys(null).iterator().next();
        Files.writeString(knownHosts, "[127.0.0.1]:" + sshd.getPort() + " " + PublicKeyEntry.toString(kp.getPublic()) + "\n");

        Properties p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.pf1.enabled", "true");
        p.setProperty("mediarelay.pf1.scheme", "sftp");
        p.setProperty("mediarelay.pf1.port", String.valueOf(sshd.getPort()));
        p.setProperty("mediarelay.pf1.username", "partner");
        p.setProperty("mediarelay.pf1.password", "s3cret");
        p.setProperty("mediarelay.pf1.protocol-options", "filenameEncoding=UTF-8&knownHostsFile=" + knownHosts + "&strictHostKeyChecking=yes");
        Path inbox = root.resolve("pf1-dropfolder");
        try (MediarelayRuntime runtime = new MediarelayRuntime(TestRuntimes.config(p)).start()) {
            IntakeImages.drop(inbox, "sftp-photo.jpg", IntakeImages.image("jpg", 31));
            IntakeImages.drop(inbox, "sftp-cut.jpg", IntakeImages.truncated(IntakeImages.image("jpg", 32)));
            // legal on the server, too long for the local work file "<name>.inprogress": refused with a reason
            String longName = "S".repeat(246) + ".jpg";
            IntakeImages.drop(inbox, longName, IntakeImages.image("jpg", 33));
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(inbox.resolve(".done/sftp-photo.jpg"))
                    && Files.exists(inbox.resolve(".error/sftp-cut.jpg")) && Files.exists(inbox.resolve(".error/" + longName)));
            PhotoShelterSandbox sandbox = runtime.embedded().find(PhotoShelterSandbox.class).orElseThrow();
            List<Map<String, Object>> images = sandbox.findImagesInGallery(sandbox.findGalleries("Drop folder").get(0));
            assertEquals(List.of("sftp-photo.jpg"), images.stream().map(i -> i.get("file_name")).toList());
            assertTrue(Files.readString(inbox.resolve(".error/sftp-cut.jpg.reason.txt"), StandardCharsets.UTF_8).contains("truncated JPEG"));
            try (var errors = Files.list(inbox.resolve(".error"))) {
                Path reason = errors.filter(f -> f.getFileName().toString().startsWith("SSSSSSSSSS")
                        && f.getFileName().toString().endsWith(".reason.txt")).findFirst().orElseThrow();
                assertTrue(Files.readString(reason).contains("file name too long: 250 bytes"), reason.toString());
            }
        } finally {
            sshd.stop(true);
        }
    }
}
