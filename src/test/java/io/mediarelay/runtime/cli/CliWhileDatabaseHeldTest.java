package io.mediarelay.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

import java.util.Properties;

import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.runtime.db.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 2, CLI side: without AUTO_SERVER another process cannot open the H2 file a runtime holds. A CLI command that
 * reads the database then says so in one line (and what to use instead), never an H2 stack trace.
 */
class CliWhileDatabaseHeldTest {
    @TempDir
    Path tmp;

    /** Another process holding the database file, as a running runtime does; exits when its stdin closes. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            try (Connection c = DriverManager.getConnection(args[0], "sa", "")) {
                c.createStatement().execute("CREATE TABLE IF NOT EXISTS held(x INT)");
                System.out.println("HELD");
                System.out.flush();
                System.in.read();
            }
        }
    }

    private Process holder(String url) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), Holder.class.getName(), url)
                .redirectErrorStream(true).start();
    }

    @Test
    void deadLettersAsksTheRunningRuntimeThroughTheAdminApi() throws Exception {
        String url = "jdbc:h2:file:" + tmp.resolve("held/db/mediarelay");
        Process holder = holder(url);
        Properties p = TestRuntimes.overrides(tmp.resolve("data"));
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
             MediarelayRuntime runtime = new MediarelayRuntime(TestRuntimes.config(p)).start()) {
            assertEquals("HELD", out.readLine());
            try (var c = runtime.dataSource().getConnection()) {
                Sql.update(c, "INSERT INTO dead_letters (route_id, reason, failed_at, status)"
                        + " VALUES ('gf1-licensed-package-export', 'destination refused the login', CURRENT_TIMESTAMP, 'NEW')");
            }
            CliBadInputTest.Result r = CliBadInputTest.run("dead-letters", "--config", TestRuntimes.PROJECT.resolve("config").toString(),
                    "--set", "mediarelay.db.url=" + url, "--set", "camel.server.port=" + p.getProperty("camel.server.port"));
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("gf1-licensed-package-export") && r.out().contains("destination refused the login"), r.out());
        } finally {
            holder.getOutputStream().close();
            holder.destroy();
            holder.waitFor();
        }
    }

    @Test
    void readingCommandsSayTheRuntimeHoldsTheDatabase() throws Exception {
        String url = "jdbc:h2:file:" + tmp.resolve("db/mediarelay");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process holder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), Holder.class.getName(), url)
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("HELD", out.readLine());
            // no runtime answers on the admin port: dead-letters cannot ask one either
            for (String[] command : new String[][] {{"dead-letters"}, {"licenses"}, {"webhooks", "list"}}) {
                String[] args = new String[command.length + 4];
                System.arraycopy(command, 0, args, 0, command.length);
                System.arraycopy(new String[] {"--config", TestRuntimes.PROJECT.resolve("config").toString(), "--set",
                        "mediarelay.db.url=" + url}, 0, args, command.length, 4);
                CliBadInputTest.Result r = CliBadInputTest.run(args);
                String err = r.err().trim();
                assertEquals(2, r.exit(), String.join(" ", command) + ": " + r);
                assertEquals(1, err.lines().count(), err);
                assertTrue(err.contains("the database is held by a running mediarelay"), err);
                assertFalse(err.contains("Exception"), err);
            }
        } finally {
            holder.getOutputStream().close();
            holder.destroy();
            holder.waitFor();
        }
    }
}
