package io.mediarelay.license;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

import io.mediarelay.runtime.cli.MediarelayCli;
import io.mediarelay.runtime.db.Database;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code mediarelay licenses check}: verdict, license chosen and the rule that decided, by the gate's code path. */
class LicensesCheckCommandTest {
    static final LocalDate DAY = LocalDate.of(2027, 3, 1);
    String dbUrl;

    @BeforeEach
    void seed() {
        dbUrl = "jdbc:h2:mem:check-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        var ds = Database.dataSource(dbUrl, "sa", "");
        Database.migrate(ds);
        LicenseRegistry registry = new LicenseRegistry(ds);
        registry.putLicense(License.of("photoshelter-P2", "photoshelter", "P2", Set.of("WORLDWIDE"), Set.of("all"), null,
                DAY.plusDays(100)).withRestrictions("No print use."));
        registry.putLicense(License.of("L-A", "getty", "Q1", Set.of("WORLDWIDE"), Set.of("all"), null, DAY.plusDays(10))
                .withUsage(1, 0));
        registry.putLicense(License.of("L-B", "getty", "Q1", Set.of("WORLDWIDE"), Set.of("all"), null, null));
    }

    @Test
    void printsVerdictLicenseAndRule() {
        String[] print = run("--asset", "P2", "--channel", "print", "--territory", "FR", "--date", DAY.toString());
        assertEquals("1", print[0], print[2]);
        assertTrue(print[1].startsWith("DENY RESTRICTED  license photoshelter-P2  rule: R1.6 No print use: not for"
                + " channel print."), print[1]);
        assertTrue(print[1].contains("restrictions: No print use."), print[1]);

        String[] web = run("--asset", "P2", "--channel", "web", "--territory", "FR", "--date", DAY.toString());
        assertEquals("0", web[0], web[2]);
        assertTrue(web[1].startsWith("ALLOW ALLOWED  license photoshelter-P2"), web[1]);

        String[] two = run("--asset", "Q1", "--channel", "web", "--territory", "US", "--date", DAY.toString(),
                "--quantity", "2");
        assertTrue(two[1].startsWith("ALLOW ALLOWED  license L-B"), "A (limit 1) cannot cover 2: " + two[1]);
        String[] one = run("--asset", "Q1", "--channel", "web", "--territory", "US", "--date", DAY.toString());
        assertTrue(one[1].startsWith("ALLOW ALLOWED  license L-A"), "one use: the license ending first: " + one[1]);

        String[] zz = run("--asset", "Q1", "--channel", "web", "--territory", "ZZ");
        assertEquals("2", zz[0]);
        assertTrue(zz[2].contains("'ZZ' is not an ISO 3166-1 alpha-2 code"), zz[2]);
    }

    String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 6];
        full[0] = "licenses";
        full[1] = "check";
        System.arraycopy(args, 0, full, 2, args.length);
        full[args.length + 2] = "--config";
        full[args.length + 3] = Path.of("config").toAbsolutePath().toString();
        full[args.length + 4] = "--set";
        full[args.length + 5] = "mediarelay.db.url=" + dbUrl;
        int rc = new CommandLine(new MediarelayCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(full);
        return new String[] {String.valueOf(rc), out.toString(), err.toString()};
    }
}
