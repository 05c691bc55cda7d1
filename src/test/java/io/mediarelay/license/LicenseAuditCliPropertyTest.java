package io.mediarelay.license;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.mediarelay.license.AuditOracle.Answer;
import io.mediarelay.license.AuditOracle.Use;
import io.mediarelay.license.AuditWorlds.UseGen;
import io.mediarelay.license.AuditWorlds.World;
import io.mediarelay.runtime.cli.MediarelayCli;
import io.mediarelay.runtime.db.Database;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import picocli.CommandLine;

/**
 * The license audit through {@code mediarelay licenses check} (the CLI in-process, its own configuration load and
 * database connection, the project's config/restrictions.csv): verdict, license and exit code against the oracle
 * of docs/GOVERNANCE.md, for random worlds and uses (dates, quantities, restriction wordings, invalid territories).
 */
class LicenseAuditCliPropertyTest {
    static final String CLI = "licenses check";
    static String dbUrl;
    static LicenseRegistry registry;

    @BeforeContainer
    static void start() {
        dbUrl = "jdbc:h2:mem:audit-cli-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        var ds = Database.dataSource(dbUrl, "sa", "");
        Database.migrate(ds);
        registry = new LicenseRegistry(ds);
    }

    @AfterContainer
    static void stop() {
        System.out.println(AuditRun.figures(CLI));
    }

    @Provide
    Arbitrary<World> worlds() {
        return AuditWorlds.worlds(AuditWorlds.BASE, 3, 45);
    }

    @Property(tries = 40)
    void licensesCheckAgreesWithTheRuleTable(@ForAll("worlds") World w) {
        AuditRun run = new AuditRun("C", AuditWorlds.BASE, w);
        run.licenses().forEach(registry::putLicense);
        for (UseGen g : w.uses()) {
            LocalDate day = run.day(g.day());
            Use use = new Use(g.channel(), g.territory(), g.quantity());
            Answer expected = AuditOracle.decide(run.oracle, use, day);
            String[] r = check(run.assetId, use, day);
            String what = "licenses check " + use + " on " + day + " of " + run.assetId + " with " + run.oracle + "\n"
                    + r[1] + r[2];
            assertEquals(expected, parse(r), what);
            assertEquals(expected.code().equals(AuditOracle.ALLOWED) ? "0"
                    : expected.code().equals(AuditOracle.INVALID) ? "2" : "1", r[0], "exit code: " + what);
            AuditRun.count(CLI, "verdict", expected.code());
            AuditRun.count(CLI, "boundary", run.boundary(day));
        }
    }

    private static String[] check(String asset, Use use, LocalDate day) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = new CommandLine(new MediarelayCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(
                "licenses", "check", "--asset", asset, "--channel", use.channel(), "--territory", use.territory(),
                "--date", day.toString(), "--quantity", String.valueOf(use.quantity()),
                "--config", Path.of("config").toAbsolutePath().toString(), "--set", "mediarelay.db.url=" + dbUrl);
        return new String[] {String.valueOf(rc), out.toString(), err.toString()};
    }

    /** First line: {@code ALLOW|DENY CODE  license ID|-  rule: ...}; exit 2 is an input refusal. */
    private static Answer parse(String[] r) {
        if (r[0].equals("2")) {
            return new Answer(AuditOracle.INVALID, null);
        }
        List<String> words = List.of(r[1].lines().findFirst().orElse("").split("\\s+"));
        String license = words.get(3);
        return new Answer(words.get(1), license.equals("-") ? null : license);
    }
}
