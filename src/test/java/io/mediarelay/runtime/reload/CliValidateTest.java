package io.mediarelay.runtime.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.runtime.cli.MediarelayCli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mediarelay validate} and the offline {@code mediarelay flows}, through the real CLI entry point. */
class CliValidateTest {
    static {
        // initialise logging before System.out is swapped, or the console appender keeps the swapped stream
        org.slf4j.LoggerFactory.getLogger(CliValidateTest.class).debug("logging initialised");
    }

    @TempDir
    Path tmp;
    Path routes;
    String out;
    String err;

    @BeforeEach
    void copy() {
        routes = RouteFixtures.copyRoutes(tmp.resolve("routes"));
    }

    private int cli(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--config", TestRuntimes.PROJECT.resolve("config").toString(),
                "--set", "mediarelay.routes-dir=" + routes, "--set", "mediarelay.data-dir=" + tmp.resolve("data"),
                "--set", "camel.server.port=" + TestRuntimes.freePort()));
        all.addAll(List.of(args));
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            return MediarelayCli.execute(all.toArray(String[]::new));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            out = o.toString(StandardCharsets.UTF_8);
            err = e.toString(StandardCharsets.UTF_8);
            oldOut.println("CLI " + all.get(0) + " -> out: " + out + " err: " + err);
        }
    }

    @Test
    void projectRoutesValidate() {
        assertEquals(0, cli("validate"));
        // every route file of the project (flows are added over time; the count is not the point)
        long files;
        try (var walk = java.nio.file.Files.walk(TestRuntimes.PROJECT.resolve("routes"))) {
            files = walk.filter(f -> f.toString().endsWith(".yaml")).count();
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        assertEquals(files + " files OK", out.trim());
    }

    @Test
    void yamlSyntaxErrorExitsOneWithFileAndLine() {
        Path bad = routes.resolve("flows/bad.camel.yaml");
        RouteFixtures.write(bad, RouteFixtures.timerFlow("bad", null).replace("      steps:", "      steps: [oops"));
        assertEquals(1, cli("validate", bad.toString()));
        assertTrue(out.startsWith(RouteFiles.display(bad) + ":6: YAML syntax error"), out);
        // and found without naming the file, too
        assertEquals(1, cli("validate"));
        assertTrue(out.contains("bad.camel.yaml:6: "), out);
    }

    @Test
    void unknownComponentExitsOneWithFileAndLine() {
        Path bad = routes.resolve("flows/c.camel.yaml");
        RouteFixtures.write(bad, RouteFixtures.timerFlow("c", "        - to:\n            uri: nosuchcomponent:foo\n"));
        assertEquals(1, cli("validate", bad.toString()));
        assertEquals(RouteFiles.display(bad) + ":9: unknown component 'nosuchcomponent'", out.trim());
    }

    @Test
    void flowsWithoutRunningInstanceListsTheFiles() {
        assertEquals(0, cli("flows"));
        assertTrue(out.contains("dropfolder-to-ftp") && out.contains("not running"), out);
        assertTrue(err.contains("no running mediarelay"), err);
    }
}
