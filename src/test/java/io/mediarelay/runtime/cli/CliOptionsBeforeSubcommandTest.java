package io.mediarelay.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import io.mediarelay.runtime.TestRuntimes;
import org.junit.jupiter.api.Test;

/**
 * Finding 6: options typed before the sub-command ({@code mediarelay --profile production run}) were silently
 * ignored and the embedded sandbox profile ran. They are honoured now, or refused with one line.
 */
class CliOptionsBeforeSubcommandTest {
    private static final String CONFIG = TestRuntimes.PROJECT.resolve("config").toString();

    private static void assertOneLine(CliBadInputTest.Result r, String expected) {
        assertTrue(r.exit() != 0, "non-zero exit: " + r);
        String err = r.err().trim();
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.startsWith("mediarelay: ") && err.contains(expected), err);
        assertFalse(err.contains("Exception"), err);
    }

    @Test
    void profileBeforeRunIsTheProfileThatRuns() {
        // before the fix this started the embedded profile on the default ports and never returned
        CliBadInputTest.Result r = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> CliBadInputTest.run("--profile", "production", "run", "--config", CONFIG));
        assertOneLine(r, "environment variable");
        assertTrue(r.err().contains("is not set"), r.err());
    }

    @Test
    void profileBeforeAnotherSubcommandIsHonoured() {
        // before the fix: exit 0, the flows of the embedded profile were listed
        CliBadInputTest.Result r = CliBadInputTest.run("--profile", "staging", "flows", "--config", CONFIG);
        assertOneLine(r, "unknown profile 'staging'");
    }

    @Test
    void configAndSetBeforeTheSubcommandAreHonoured() {
        CliBadInputTest.Result r = CliBadInputTest.run("--config", CONFIG, "--set", "mediarelay.routes-dir=/nonexistent/routes",
                "--set", "camel.server.port=" + TestRuntimes.freePort(), "run");
        assertOneLine(r, "routes directory /nonexistent/routes does not exist");
    }

    @Test
    void twoDifferentProfilesAreRefused() {
        CliBadInputTest.Result r = CliBadInputTest.run("--profile", "embedded", "run", "--config", CONFIG, "--profile", "production");
        assertOneLine(r, "--profile given twice: embedded and production");
    }

    @Test
    void aSubcommandWithoutConfigurationRefusesThem() {
        CliBadInputTest.Result r = CliBadInputTest.run("--profile", "production", "version");
        assertOneLine(r, "'mediarelay version' takes no --profile option");
    }
}
