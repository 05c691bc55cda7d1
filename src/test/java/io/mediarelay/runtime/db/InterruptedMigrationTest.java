package io.mediarelay.runtime.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.mediarelay.config.ConfigException;
import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.runtime.cli.MediarelayCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 8: a first start that died while the schema migrated left a FAILED migration (or half-applied DDL) in H2
 * and every later start was refused. Now configuration is judged before the migration starts, and on H2 the
 * migration runs on a copy that replaces the database only when complete. Each case: abort a first start, then a
 * normal open of the same database succeeds with the whole schema.
 */
class InterruptedMigrationTest {
    @TempDir
    Path tmp;

    String url() {
        return "jdbc:h2:file:" + tmp.resolve("data/db/mediarelay");
    }

    String user() {
        return "sa";
    }

    String failedRowsQuery() {
        return "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE NOT \"success\"";
    }

    List<String> cli(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--config", TestRuntimes.PROJECT.resolve("config").toString(), "--set", "mediarelay.db.url=" + url(),
                "--set", "mediarelay.db.user=" + user(), "--set", "mediarelay.data-dir=" + tmp.resolve("data")));
        return args;
    }

    /** The normal open after the aborted one: `mediarelay dead-letters` migrates and reads; then the schema is complete. */
    void normalOpenSucceeds() throws Exception {
        assertEquals(0, MediarelayCli.execute(cli("dead-letters").toArray(String[]::new)), "dead-letters after the aborted start");
        try (Connection c = Database.dataSource(url(), user(), "").getConnection();
             ResultSet rs = c.createStatement().executeQuery(failedRowsQuery())) {
            rs.next();
            assertEquals(0, rs.getInt(1), "no failed migration rows");
        }
        assertEquals(0, Database.flyway(Database.dataSource(url(), user(), "")).info().pending().length, "nothing pending");
    }

    @Test
    void configurationErrorEndsTheStartBeforeTheMigrationBegins() throws Exception {
        var overrides = TestRuntimes.overrides(tmp.resolve("data"));
        overrides.setProperty("mediarelay.db.url", url());
        overrides.setProperty("mediarelay.dead-letters.catch-up.interval-ms", "soon");
        ConfigException e = assertThrows(ConfigException.class, () -> new MediarelayRuntime(TestRuntimes.config(overrides)).start());
        assertTrue(e.getMessage().contains("mediarelay.dead-letters.catch-up.interval-ms"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("data/db/mediarelay.mv.db")), "the migration never started");
        normalOpenSucceeds();
    }

    @Test
    void migrationThatFailsHalfWayLeavesNothingBehind() throws Exception {
        System.setProperty("flyway.callbacks", InterruptingCallback.class.getName());
        System.setProperty("test.migration", "fail");
        try {
            assertNotEquals(0, MediarelayCli.execute(cli("dead-letters").toArray(String[]::new)));
        } finally {
            System.clearProperty("flyway.callbacks");
            System.clearProperty("test.migration");
        }
        normalOpenSucceeds();
    }

    @Test
    void processKilledDuringTheMigrationLeavesAUsableDatabase() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dflyway.callbacks=" + InterruptingCallback.class.getName(), "-Dtest.migration=block",
                "-Dlog4j2.configurationFile=log4j2-test.xml", MediarelayCli.class.getName()));
        cmd.addAll(cli("dead-letters"));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.contains("MIGRATING V5")) {
                // logs before the migration reaches V5
            }
            assertTrue(line != null, "the child reached V5");
            child.destroyForcibly(); // kill -9 in the middle of the migration
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        normalOpenSucceeds();
    }
}
