package io.mediarelay.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mediarelay.runtime.LogCapture;
import io.mediarelay.runtime.TestRuntimes;

/**
 * {@code mediarelay migrate} starts what the migration uses and nothing else: the PF2 flow file (no other flow file
 * is loaded) and the PhotoShelter it talks to (no embedded Getty, FTP server or HTTP receiver). A migration resumed
 * after an interruption pays the start again; with the whole runtime it was 183 routes and four servers
 * (bench/pf2-migration.sh).
 */
class MigrateCommandTest {
    private static final Pattern STARTED = Pattern.compile("mediarelay started: (\\d+) of (\\d+) routes running");

    @TempDir
    Path data;
    @TempDir
    Path archive;

    @Test
    void aMigrationRunStartsOnlyTheMigrationAndItsPhotoShelter() throws Exception {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
            (byte) 0xFF, (byte) 0xD9};
        Files.createDirectories(archive.resolve("event1"));
        Files.write(archive.resolve("event1/a.jpg"), jpeg);
        Files.write(archive.resolve("event1/b.jpg"), jpeg);
        List<String> args = new ArrayList<>(List.of("migrate", archive.toString(), "--config", TestRuntimes.PROJECT.resolve("config").toString()));
        TestRuntimes.overrides(data).forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        args.addAll(List.of("--set", "camel.component.photoshelter.qps=0"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        String log;
        int exit;
        try (LogCapture capture = new LogCapture()) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = MediarelayCli.execute(args.toArray(String[]::new));
            log = capture.text();
        } finally {
            System.setOut(saved);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, printed);
        assertTrue(printed.contains("2 files, 0 invalid, 0 done before, 2 uploaded"), printed);

        assertTrue(log.contains("Embedded services [photoshelter] started"), "only the PhotoShelter sandbox starts:\n" + startLines(log));
        Matcher m = STARTED.matcher(log);
        assertTrue(m.find(), log);
        int routes = Integer.parseInt(m.group(2));
        // the runtime's own line (Camel's "Started <route>" lines depend on its loggers' levels in this JVM)
        String notLoaded = log.lines().filter(l -> l.contains("Flows switched off, not loaded:")).findFirst().orElse("");
        assertTrue(notLoaded.contains("gf1-licensed-package-export.camel.yaml") && notLoaded.contains("pf1-dropfolder-intake.camel.yaml"),
                "the other flow files are not loaded: " + notLoaded);
        assertFalse(notLoaded.contains("pf2-"), "the migration's own flow is loaded: " + notLoaded);
        assertTrue(routes < 40, "the migration's routes, admin and API only, not the 183 of the whole runtime: " + routes);
    }

    private static String startLines(String log) {
        return log.lines().filter(l -> l.contains("Embedded") || l.contains("started")).reduce("", (a, b) -> a + b + "\n");
    }
}
