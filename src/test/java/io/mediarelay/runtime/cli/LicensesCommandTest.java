package io.mediarelay.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;

import io.mediarelay.getty.LicenseEventRepository;
import io.mediarelay.runtime.db.Database;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LicensesCommandTest {
    static final Path CONFIG = Path.of("config").toAbsolutePath();

    @TempDir
    Path data;
    String dbUrl;
    LicenseEventRepository repo;

    @BeforeEach
    void seed() {
        dbUrl = "jdbc:h2:file:" + data.resolve("db/mediarelay");
        var ds = Database.dataSource(dbUrl, "sa", "");
        Database.migrate(ds);
        repo = new LicenseEventRepository(ds);
        repo.claim("key-licensed", "111", "images", "42", "easyaccess");
        repo.markLicensed("key-licensed", "http://127.0.0.1/secret-signed-uri", Instant.now(), Instant.now().plusSeconds(3600));
        repo.claim("key-uncertain", "222", "videos", "42", "easyaccess");
        repo.markUncertain("key-uncertain", "read timeout after POST");
        repo.claim("key-relicensed", "111", "images", "42", "easyaccess");
        repo.markLicensed("key-relicensed", "http://127.0.0.1/secret2", Instant.now(), Instant.now().minusSeconds(1));
        repo.markUncertain("key-relicensed", "crash while re-licensing");
    }

    String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new MediarelayCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        String[] full = new String[args.length + 6];
        System.arraycopy(args, 0, full, 0, args.length);
        System.arraycopy(new String[] {"--config", CONFIG.toString(), "--set", "mediarelay.db.url=" + dbUrl,
                "--set", "mediarelay.data-dir=" + data}, 0, full, args.length, 6);
        int rc = cli.execute(full);
        return new String[] {String.valueOf(rc), out.toString(), err.toString()};
    }

    @Test
    void listsAndFilters() {
        String[] all = run("licenses");
        assertEquals("0", all[0], all[2]);
        assertTrue(all[1].startsWith("ID "), all[1]);
        assertTrue(all[1].contains("key-licensed") && all[1].contains("key-uncertain") && all[1].contains("key-relicensed"), all[1]);
        assertFalse(all[1].contains("secret"), "signed URIs are never printed");

        String[] uncertain = run("licenses", "--status", "uncertain");
        assertTrue(uncertain[1].contains("key-uncertain") && uncertain[1].contains("read timeout after POST"), uncertain[1]);
        assertFalse(uncertain[1].contains("key-licensed "), uncertain[1]);

        String[] asset = run("licenses", "--asset", "111", "--status", "LICENSED");
        assertTrue(asset[1].contains("key-licensed"), asset[1]);
        assertFalse(asset[1].contains("key-relicensed") || asset[1].contains("key-uncertain"), asset[1]);

        assertEquals("2", run("licenses", "--status", "BOGUS")[0]);
    }

    @Test
    void releaseOnlyUncertain() {
        String[] refused = run("licenses", "release", "key-licensed");
        assertEquals("1", refused[0]);
        assertTrue(refused[2].contains("only UNCERTAIN"), refused[2]);
        assertEquals("1", run("licenses", "release", "no-such-key")[0]);

        String[] released = run("licenses", "release", "key-uncertain");
        assertEquals("0", released[0], released[2]);
        assertTrue(released[1].contains("forgotten"), released[1]);
        assertTrue(repo.find("key-uncertain").isEmpty());

        String[] back = run("licenses", "release", "key-relicensed");
        assertEquals("0", back[0], back[2]);
        assertTrue(back[1].contains("back to LICENSED"), back[1]);
        assertEquals("LICENSED", repo.find("key-relicensed").orElseThrow().status());
    }
}
