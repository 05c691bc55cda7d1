package io.mediarelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** The shipped default {@code mediarelay.data-dir = data} must give H2 an absolute file URL (H2 refuses relative ones). */
class DataDirTest {
    private static final Path CONFIG = Path.of("config").toAbsolutePath();

    @Test
    void defaultRelativeDataDirBecomesAbsoluteEverywhere() {
        RuntimeConfig config = RuntimeConfig.load(CONFIG, "embedded", new Properties());
        Path expected = Path.of("data").toAbsolutePath().normalize();
        assertEquals(expected.toString(), config.get("mediarelay.data-dir"));
        assertTrue(config.get("mediarelay.db.url").startsWith("jdbc:h2:file:" + expected + "/db/mediarelay;"), config.get("mediarelay.db.url"));
        assertTrue(config.get("mediarelay.embedded.ftp.root").startsWith(expected.toString()));
    }

    @Test
    void explicitAbsoluteDataDirIsKept() {
        Properties p = new Properties();
        p.setProperty("mediarelay.data-dir", "/var/lib/mediarelay");
        assertEquals("/var/lib/mediarelay", RuntimeConfig.load(CONFIG, "embedded", p).get("mediarelay.data-dir"));
    }
}
