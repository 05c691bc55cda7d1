package io.mediarelay.config;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mediarelay.data-dir} holds the database, licensed media, dead-letter payloads and the embedded FTP root:
 * owner-only (0700). Created so before anything is written into it; an existing one that others can enter is
 * tightened, with one log line, because the files inside are created with the umask's permissions.
 */
public final class DataDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private DataDirectory() {
    }

    public static void prepare(Path dir) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            if (!Files.exists(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                    Files.setPosixFilePermissions(dir, OWNER_ONLY); // createDirectories applies the umask on top
                } else {
                    Files.createDirectories(dir);
                }
                return;
            }
            if (!Files.isDirectory(dir)) {
                throw new ConfigException("data directory " + dir + " is not a directory (mediarelay.data-dir)");
            }
            if (posix) {
                Set<PosixFilePermission> now = Files.getPosixFilePermissions(dir);
                Set<PosixFilePermission> others = EnumSet.copyOf(now);
                others.removeAll(OWNER_ONLY);
                if (!others.isEmpty()) {
                    Files.setPosixFilePermissions(dir, OWNER_ONLY);
                    LOG.info("Data directory {} was {}; now owner-only (rwx------)", dir, PosixFilePermissions.toString(now));
                }
            }
        } catch (IOException e) {
            throw new ConfigException("data directory " + dir + " cannot be prepared: " + e.getMessage(), e);
        }
    }
}
