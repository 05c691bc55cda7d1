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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import io.mediarelay.common.Sql;
import io.mediarelay.getty.LicenseEventRepository;
import io.mediarelay.license.License;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.webhook.OutboxEntry;
import io.mediarelay.webhook.WebhookBeans;
import io.mediarelay.webhook.WebhookOutbox;
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

    /**
     * licenses, licenses check, webhooks list and plan while a runtime holds the database: each asks the runtime's admin
     * API and prints what it prints from the file itself (compared line for line once the runtime has let go of it);
     * with a wrong admin token they say so in one line.
     */
    @Test
    void readOnlyCommandsAskTheRunningRuntimeAndPrintWhatTheFilePrints() throws Exception {
        String heldUrl = "jdbc:h2:file:" + tmp.resolve("held/db/mediarelay");
        Process holder = holder(heldUrl);
        Properties p = TestRuntimes.overrides(tmp.resolve("data"));
        String config = TestRuntimes.PROJECT.resolve("config").toString();
        String port = p.getProperty("camel.server.port");
        String[][] commands = {
                {"licenses"},
                {"licenses", "--status", "UNCERTAIN"},
                {"licenses", "check", "--asset", "cli-held-asset", "--channel", "web", "--territory", "DE", "--date", "2026-06-01"},
                {"licenses", "check", "--asset", "cli-held-asset", "--channel", "print", "--territory", "DE", "--date", "2026-06-01"},
                {"webhooks", "list", "--status", "DEAD"},
                {"licenses", "--status", "BOGUS"}};
        CliBadInputTest.Result[] viaRuntime = new CliBadInputTest.Result[commands.length];
        String eventId;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
             MediarelayRuntime runtime = new MediarelayRuntime(TestRuntimes.config(p)).start()) {
            assertEquals("HELD", out.readLine());
            LicenseEventRepository events = new LicenseEventRepository(runtime.dataSource());
            events.claim("cli-held-key", "cli-held-asset", "images", "42", "easyaccess");
            events.markUncertain("cli-held-key", "read timeout after POST");
            new LicenseRegistry(runtime.dataSource()).putLicense(new License("L-CLI-HELD", "getty", "cli-held-asset", "RF",
                    "easyaccess", "42", null, Set.of("DE"), Set.of("web"), LocalDate.of(2026, 1, 1),
                    LocalDate.of(2027, 1, 1), null, null, null, null, null, null, 0, null));
            WebhookOutbox outbox = WebhookBeans.outbox(runtime.config(), runtime.dataSource(), Clock.systemUTC());
            outbox.enqueue("license.expired", "L-CLI-HELD|expired", "cli-held-asset", Map.of("licenseId", "L-CLI-HELD"));
            OutboxEntry entry = outbox.list(null, 1000).stream().filter(e -> "cli-held-asset".equals(e.assetId()))
                    .findFirst().orElseThrow();
            eventId = entry.eventId();
            assertEquals(OutboxEntry.DEAD, outbox.failed(entry, 500, "HTTP 500 from publishing", Instant.now().plus(Duration.ofDays(9))));

            for (int i = 0; i < commands.length; i++) {
                viaRuntime[i] = cli(commands[i], config, heldUrl, port);
            }
            CliBadInputTest.Result plan = cli(new String[] {"plan", "gf1"}, config, heldUrl, port);
            assertEquals(0, plan.exit(), plan.toString());
            assertTrue(plan.out().contains("Plan for gf1") && plan.out().contains("Would license"), plan.out());
            wrongTokenIsOneClearLine(runtime, config, heldUrl, port);
        } finally {
            holder.getOutputStream().close();
            holder.destroy();
            holder.waitFor();
        }
        assertEquals(0, viaRuntime[0].exit(), viaRuntime[0].toString());
        assertTrue(viaRuntime[0].out().contains("cli-held-key") && viaRuntime[0].out().contains("read timeout after POST"),
                viaRuntime[0].out());
        assertTrue(viaRuntime[1].out().contains("cli-held-key"), viaRuntime[1].out());
        assertEquals(0, viaRuntime[2].exit(), viaRuntime[2].toString());
        assertTrue(viaRuntime[2].out().startsWith("ALLOW ALLOWED  license L-CLI-HELD"), viaRuntime[2].out());
        assertEquals(1, viaRuntime[3].exit(), viaRuntime[3].toString());
        assertTrue(viaRuntime[3].out().startsWith("DENY "), viaRuntime[3].out());
        assertTrue(viaRuntime[4].out().contains(eventId) && viaRuntime[4].out().contains("HTTP 500 from publishing"),
                viaRuntime[4].out());
        assertEquals(2, viaRuntime[5].exit(), viaRuntime[5].toString()); // bad input: the admin API's 400, same line
        assertTrue(viaRuntime[5].err().contains("--status must be PENDING, LICENSED or UNCERTAIN"), viaRuntime[5].err());
        // the runtime has stopped: the same commands now open its database file themselves and print the same
        String ownUrl = p.getProperty("mediarelay.db.url");
        for (int i = 0; i < commands.length; i++) {
            assertEquals(viaRuntime[i], cli(commands[i], config, ownUrl, port), String.join(" ", commands[i]));
        }
    }

    /** A wrong bearer token: one line saying the runtime refused it, no stack trace, no token in it. */
    private static void wrongTokenIsOneClearLine(MediarelayRuntime runtime, String config, String heldUrl, String port) {
        String rightToken = runtime.config().get("mediarelay.admin.token");
        for (String[] command : new String[][] {{"licenses"}, {"webhooks", "list"}, {"plan", "gf1"},
                {"licenses", "check", "--asset", "a", "--channel", "web", "--territory", "DE"}}) {
            String[] args = new String[command.length + 2];
            System.arraycopy(command, 0, args, 0, command.length);
            args[command.length] = "--set";
            args[command.length + 1] = "mediarelay.admin.token=not-the-token";
            CliBadInputTest.Result r = cli(args, config, heldUrl, port);
            String err = r.err().trim();
            assertEquals(2, r.exit(), String.join(" ", command) + ": " + r);
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.contains("refused the admin API call (401") && err.contains("mediarelay.admin.token"), err);
            assertFalse(err.contains("Exception") || err.contains("not-the-token") || err.contains(rightToken), err);
            assertEquals("", r.out());
        }
    }

    private static CliBadInputTest.Result cli(String[] command, String config, String dbUrl, String port) {
        String[] args = new String[command.length + 6];
        System.arraycopy(command, 0, args, 0, command.length);
        System.arraycopy(new String[] {"--config", config, "--set", "mediarelay.db.url=" + dbUrl, "--set",
                "camel.server.port=" + port}, 0, args, command.length, 6);
        return CliBadInputTest.run(args);
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
            for (String[] command : new String[][] {{"dead-letters"}, {"licenses"}, {"webhooks", "list"}, {"plan", "gf1"},
                    {"licenses", "check", "--asset", "a", "--channel", "web", "--territory", "DE"}}) {
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
