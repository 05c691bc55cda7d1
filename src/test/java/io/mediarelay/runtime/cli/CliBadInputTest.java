package io.mediarelay.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.mediarelay.runtime.TestRuntimes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operator mistakes end in one clear line on stderr and a non-zero exit, never a stack trace wall. */
class CliBadInputTest {
    @TempDir
    Path tmp;

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = MediarelayCli.execute(args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private List<String> baseArgs(String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--config", TestRuntimes.PROJECT.resolve("config").toString()));
        for (Map.Entry<Object, Object> e : TestRuntimes.overrides(tmp).entrySet()) {
            args.add("--set");
            args.add(e.getKey() + "=" + e.getValue());
        }
        args.addAll(List.of(extra));
        return args;
    }

    private static void assertOneLine(Result r, String expected) {
        assertTrue(r.exit() != 0, "non-zero exit");
        String err = r.err().trim();
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.startsWith("mediarelay: "), err);
        assertTrue(err.contains(expected), err);
        assertFalse(err.contains("Exception"), "no exception names: " + err);
    }

    @Test
    void unknownProfile() {
        Result r = run(baseArgs("--profile", "staging").toArray(String[]::new));
        assertOneLine(r, "unknown profile 'staging'");
        assertTrue(r.err().contains("embedded") && r.err().contains("production"), "lists available profiles: " + r.err());
    }

    @Test
    void missingRequiredProperty() {
        Result r = run("run", "--config", TestRuntimes.PROJECT.resolve("config").toString(), "--profile", "production");
        assertOneLine(r, "environment variable");
        assertTrue(r.err().contains("is not set"), r.err());
    }

    @Test
    void unreadableRoutesDirectory() throws Exception {
        Path routes = tmp.resolve("routes");
        Files.createDirectories(routes.resolve("flows"));
        Files.setPosixFilePermissions(routes, PosixFilePermissions.fromString("---------"));
        try {
            boolean root = Files.isReadable(routes);
            String dir = root ? tmp.resolve("missing-routes").toString() : routes.toString();
            Result r = run(baseArgs("--set", "mediarelay.routes-dir=" + dir).toArray(String[]::new));
            assertOneLine(r, "routes directory");
        } finally {
            Files.setPosixFilePermissions(routes, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void portInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Result r = run(baseArgs("--set", "mediarelay.embedded.ftp.port=" + taken.getLocalPort()).toArray(String[]::new));
            assertOneLine(r, "port " + taken.getLocalPort() + " (mediarelay.embedded.ftp.port) is already in use");
        }
    }

    @Test
    void unusableDatabase() throws Exception {
        // the database directory is a regular file: H2 cannot create the database (the schema migrates on its
        // own thread while routes load; its failure must still end the start in one line)
        Path blocker = tmp.resolve("not-a-dir");
        Files.writeString(blocker, "x");
        Result r = run(baseArgs("--set", "mediarelay.db.url=jdbc:h2:file:" + blocker.resolve("db/mediarelay")).toArray(String[]::new));
        assertOneLine(r, "is not usable");
    }

    @Test
    void versionPrints() {
        Result r = run("version");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("mediarelay") && r.out().contains("Apache Camel 4.18.0"), r.out());
    }
}
