package io.mediarelay.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.mediarelay.config.ConfigException;
import io.mediarelay.config.RuntimeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 2: the embedded database listened on a random TCP port (H2 AUTO_SERVER) whose address and key were in the
 * world-readable lock file. With the shipped embedded profile's database URL, after a start the JVM listens on the
 * documented ports only, the lock file names no server, and the data directory is owner-only.
 */
class DatabaseNotOnNetworkTest {
    @TempDir
    Path tmp;

    @Test
    void theRuntimeListensOnItsDocumentedPortsOnlyAndDataIsOwnerOnly() throws Exception {
        Path data = tmp.resolve("data");
        var overrides = TestRuntimes.overrides(data);
        overrides.remove("mediarelay.db.url"); // the embedded profile's own URL
        RuntimeConfig config = TestRuntimes.config(overrides);
        Set<Integer> before = listeningPortsOfThisJvm();
        try (MediarelayRuntime runtime = new MediarelayRuntime(config).start()) {
            RuntimeConfig live = runtime.config();
            Set<Integer> documented = new TreeSet<>(List.of(live.getInt("camel.server.port", 0), live.getInt("camel.management.port", 0),
                    live.getInt("mediarelay.embedded.ftp.port", 0), live.getInt("mediarelay.embedded.receiver.port", 0),
                    live.getInt("mediarelay.embedded.photoshelter.port", 0), live.getInt("mediarelay.embedded.getty.port", 0)));
            Set<Integer> opened = listeningPortsOfThisJvm();
            opened.removeAll(before);
            opened.removeAll(documented);
            assertEquals(Set.of(), opened, "listening ports besides the documented ones " + documented);

            try (Stream<Path> files = Files.list(data.resolve("db"))) {
                for (Path lock : files.filter(f -> f.toString().endsWith(".lock.db")).toList()) {
                    assertFalse(Files.readString(lock).contains("server="), "lock file names a server: " + Files.readString(lock));
                }
            }
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        }
    }

    @Test
    void autoServerIsRefused() {
        var overrides = TestRuntimes.overrides(tmp.resolve("data"));
        overrides.setProperty("mediarelay.db.url", "jdbc:h2:file:" + tmp.resolve("data/db/x") + ";AUTO_SERVER=TRUE");
        ConfigException e = assertThrows(ConfigException.class, () -> new MediarelayRuntime(TestRuntimes.config(overrides)).start());
        assertTrue(e.getMessage().contains("must not set AUTO_SERVER=TRUE"), e.getMessage());
    }

    @Test
    void anExistingDataDirectoryOthersCanEnterIsTightened() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("shared"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        io.mediarelay.config.DataDirectory.prepare(data);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
    }

    /** TCP ports in LISTEN state whose socket is one of this process's file descriptors (Linux /proc). */
    static Set<Integer> listeningPortsOfThisJvm() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        }
        Set<Integer> ports = new TreeSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
                    String local = f[1];
                    ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }
}
