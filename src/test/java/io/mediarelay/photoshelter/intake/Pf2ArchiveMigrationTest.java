package io.mediarelay.photoshelter.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.runtime.cli.MediarelayCli;
import io.mediarelay.sandbox.photoshelter.PhotoShelterSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PF2 end to end: real runtime, route pf2-archive-migration, embedded PhotoShelter sandbox, H2 progress table. */
class Pf2ArchiveMigrationTest {

    @TempDir
    Path data;
    @TempDir
    Path archive;
    MediarelayRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
    }

    private Properties overrides() {
        Properties p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.pf2.enabled", "true");
        p.setProperty("camel.component.photoshelter.qps", "0");
        return p;
    }

    private void start() throws Exception {
        runtime = new MediarelayRuntime(TestRuntimes.config(overrides())).start();
    }

    private PhotoShelterSandbox sandbox() {
        return runtime.embedded().find(PhotoShelterSandbox.class).orElseThrow();
    }

    private ArchiveMigration migration() {
        return runtime.context().getRegistry().lookupByNameAndType("pf2Migration", ArchiveMigration.class);
    }

    private ArchiveMigration.Report migrate(int batchSize, int workers) throws Exception {
        return migration().run(runtime.context(), archive, new ArchiveMigration.Options(false, batchSize, workers), null);
    }

    private static Path write(Path file, byte[] bytes) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    private static Path text(Path file, String s) throws Exception {
        return write(file, s.getBytes(StandardCharsets.UTF_8));
    }

    /** Images of the one gallery with this name, by file name. */
    private Map<String, Map<String, Object>> gallery(String name) {
        List<String> ids = sandbox().findGalleries(name);
        assertEquals(1, ids.size(), "exactly one gallery " + name + ": " + ids);
        Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
        for (Map<String, Object> i : sandbox().findImagesInGallery(ids.get(0))) {
            assertNull(out.put((String) i.get("file_name"), i), "each name once in " + name);
        }
        return out;
    }

    @Test
    void nestedFoldersWithCsvAndXmlSidecarsAreMigratedWithMetadataGalleriesAndMetrics() throws Exception {
        write(archive.resolve("cover.jpg"), IntakeImages.image("jpg", 1));
        write(archive.resolve("2019/events/a.jpg"), IntakeImages.image("jpg", 2));
        write(archive.resolve("2019/events/b.png"), IntakeImages.image("png", 3));
        text(archive.resolve("2019/events/metadata.csv"), """
                filename,title,caption,keywords,credit,copyright
                a.jpg,Opening night,"Crowd at the door, 8pm",event;crowd,Jane Doe,© 2019 Example Corp
                b.png,Stage,The stage,event;stage,Jane Doe,© 2019 Example Corp
                """);
        text(archive.resolve("2019/events/b.png.xml"), "<metadata><title>Main stage</title><keywords><keyword>stage</keyword><keyword>lights</keyword></keywords></metadata>");
        write(archive.resolve("2020/portraits/c.jpg"), IntakeImages.image("jpg", 4));
        text(archive.resolve("2020/portraits/c.xml"), "<metadata><title>CEO</title><caption>Portrait</caption><credit>John Roe</credit></metadata>");
        start();

        ArchiveMigration.Report r = migrate(2, 3);
        assertEquals(4, r.uploaded(), r.toString());
        assertEquals(0, r.failed(), r.failures().toString());
        assertTrue(r.problems().isEmpty(), r.problems().toString());

        assertEquals(List.of("cover.jpg"), List.copyOf(gallery("Archive root").keySet()));
        Map<String, Map<String, Object>> events = gallery("events");
        assertEquals(List.of("a.jpg", "b.png"), List.copyOf(events.keySet()));
        assertEquals(List.of("c.jpg"), List.copyOf(gallery("portraits").keySet()));
        assertEquals(1, sandbox().findCollections("Archive").size());
        assertEquals(1, sandbox().findCollections("2019").size());
        assertEquals(1, sandbox().findCollections("2020").size());

        Map<String, Object> a = sandbox().iptc((String) events.get("a.jpg").get("id"));
        assertEquals("Opening night", a.get("title"));
        assertEquals("Crowd at the door, 8pm", a.get("caption"));
        assertEquals("event, crowd", a.get("keywords"));
        assertEquals("Jane Doe", a.get("credit"));
        assertEquals("© 2019 Example Corp", a.get("copyright"));
        Map<String, Object> b = sandbox().iptc((String) events.get("b.png").get("id"));
        assertEquals("Main stage", b.get("title"), "the XML sidecar wins over the CSV row");
        assertEquals("The stage", b.get("caption"), "CSV fields the XML does not set are kept");
        assertEquals("stage, lights", b.get("keywords"));
        Map<String, Object> c = sandbox().iptc((String) gallery("portraits").get("c.jpg").get("id"));
        assertEquals("John Roe", c.get("credit"));
        assertEquals(Files.size(archive.resolve("2019/events/a.jpg")), ((Number) events.get("a.jpg").get("file_size")).longValue());

        assertEquals(Map.of("DONE", 4), migration().progress().counts(archive.toRealPath().toString()));
        String metrics = TestRuntimes.get("http://127.0.0.1:" + runtime.config().get("camel.management.port") + "/observe/metrics", null).body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("mediarelay_pf2_files_total") && l.contains("outcome=\"uploaded\"") && l.trim().endsWith(" 4.0")),
                metrics.lines().filter(l -> l.contains("pf2")).toList().toString());

        // a second run finds everything DONE: nothing uploaded
        int uploads = sandbox().uploadCount();
        ArchiveMigration.Report again = migrate(2, 3);
        assertEquals(4, again.alreadyDone());
        assertEquals(0, again.uploaded() + again.existing());
        assertEquals(uploads, sandbox().uploadCount());
    }

    @Test
    void resumeAfterACrashBetweenUploadAndRecordUploadsNothingTwice() throws Exception {
        for (int i = 0; i < 6; i++) write(archive.resolve("set/f" + i + ".jpg"), IntakeImages.image("jpg", 10 + i));
        start();
        assertEquals(6, migrate(4, 2).uploaded());
        String root = archive.toRealPath().toString();
        // crash simulation 1: f0 and f1 reached PhotoShelter but the process died before recording DONE
        try (Connection c = runtime.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE pf2_migration SET status = 'STARTED', media_id = NULL WHERE rel_path IN ('set/f0.jpg', 'set/f1.jpg')")) {
            assertEquals(2, ps.executeUpdate());
        }
        // crash simulation 2: f6 was claimed (STARTED) but its upload never happened
        write(archive.resolve("set/f6.jpg"), IntakeImages.image("jpg", 16));
        try (Connection c = runtime.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO pf2_migration (file_key, source_root, rel_path, gallery_path, upload_name,"
                     + " bytes, status, attempts, updated_at) VALUES (?, ?, 'set/f6.jpg', 'Archive/set', 'f6.jpg', 1, 'STARTED', 1, CURRENT_TIMESTAMP)")) {
            ps.setString(1, ArchivePlan.fileKey(archive.toRealPath(), "set/f6.jpg"));
            ps.setString(2, root);
            ps.executeUpdate();
        }
        // a restart in between, as after kill -9
        runtime.close();
        start();
        int before = sandbox().uploadCount();
        ArchiveMigration.Report r = migrate(4, 2);
        assertEquals(2, r.existing(), "f0, f1 found in the gallery, not uploaded again");
        assertEquals(1, r.uploaded(), "only f6 uploaded");
        assertEquals(4, r.alreadyDone());
        assertEquals(before + 1, sandbox().uploadCount());
        Map<String, Map<String, Object>> set = gallery("set"); // asserts each name once
        assertEquals(7, set.size(), set.keySet().toString());
        assertEquals(Map.of("DONE", 7), migration().progress().counts(root));
        for (MigrationProgress.Row row : migration().progress().all(root)) {
            assertEquals(set.get(row.uploadName()).get("id"), row.mediaId(), "recorded media id is the gallery's: " + row.relPath());
        }
    }

    @Test
    void badInputIsReportedWithFileAndLineAndTheRestProceedsDryRunUploadsNothing() throws Exception {
        Charset cp1252 = Charset.forName("windows-1252");
        // wrong encoding: Windows-1252 bytes (é = E9) in a CSV
        write(archive.resolve("latin/x1.jpg"), IntakeImages.image("jpg", 21));
        write(archive.resolve("latin/metadata.csv"), "filename,title\nx1.jpg,Caf\u00e9 terrace\n".getBytes(cp1252));
        // wrong separator
        write(archive.resolve("semi/x2.jpg"), IntakeImages.image("jpg", 22));
        text(archive.resolve("semi/metadata.csv"), "filename;title;credit\nx2.jpg;Harbour;Ann Lee\n");
        // missing file-name column: the CSV is not used, the files still are
        write(archive.resolve("nocol/x3.jpg"), IntakeImages.image("jpg", 23));
        text(archive.resolve("nocol/metadata.csv"), "title,credit\nLost,Nobody\n");
        // a short row, an unknown file, a duplicate key, a reference leaving the folder, a truncated image, a hostile name
        write(archive.resolve("mixed/good.jpg"), IntakeImages.image("jpg", 24));
        write(archive.resolve("mixed/short.jpg"), IntakeImages.image("jpg", 25));
        write(archive.resolve("mixed/broken.jpg"), IntakeImages.truncated(IntakeImages.image("jpg", 26)));
        write(archive.resolve("mixed/evil\u0001name.jpg"), IntakeImages.image("jpg", 27));
        text(archive.resolve("mixed/metadata.csv"), """
                filename,title,credit
                good.jpg,Good one,Ann
                short.jpg,Only title
                missing.jpg,Ghost,Nobody
                good.jpg,Second row,Bob
                ../outside.jpg,Escape,Eve
                """);
        start();

        // dry run first (through the CLI, as a user would): validates, prints, uploads nothing, writes no progress
        List<String> args = new ArrayList<>(List.of("migrate", archive.toString(), "--dry-run", "--config", TestRuntimes.PROJECT.resolve("config").toString()));
        overrides().forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        int uploadsBefore = sandbox().uploadCount();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.out;
        int exit;
        try {
            System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
            exit = MediarelayCli.execute(args.toArray(String[]::new));
        } finally {
            System.setOut(saved);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, exit, "problems found: exit 1\n" + printed);
        assertTrue(printed.contains("7 files, 6 valid, 1 invalid, 0 already done, 6 would be uploaded"), printed);
        assertEquals(uploadsBefore, sandbox().uploadCount(), "dry run uploads nothing");
        assertTrue(migration().progress().rows(archive.toRealPath().toString()).isEmpty(), "dry run records no progress");

        ArchiveMigration.Report r = migrate(3, 2);
        List<String> problems = r.problems().stream().map(Object::toString).toList();
        assertHas(problems, "latin/metadata.csv:2: not UTF-8");
        assertHas(problems, "semi/metadata.csv:1: separator ';'");
        assertHas(problems, "nocol/metadata.csv:1: missing column 'filename'");
        assertHas(problems, "mixed/metadata.csv:3: 2 values for 3 columns");
        assertHas(problems, "mixed/metadata.csv:4: unknown file 'missing.jpg'");
        assertHas(problems, "mixed/metadata.csv:5: duplicate row for 'good.jpg' (first at line 2");
        assertHas(problems, "mixed/metadata.csv:6: file reference '../outside.jpg' is not a plain file name");
        assertHas(problems, "mixed/broken.jpg: not migrated: mixed/broken.jpg: truncated JPEG");
        assertHas(problems, "mixed/evil\\u0001name.jpg: unsafe or clashing name, uploaded as 'evil_name.jpg'");

        assertEquals(6, r.uploaded(), r.toString());
        assertEquals(1, r.invalid());
        assertEquals(0, r.failed(), r.failures().toString());
        assertEquals("Caf\u00e9 terrace", sandbox().iptc((String) gallery("latin").get("x1.jpg").get("id")).get("title"));
        Map<String, Object> x2 = sandbox().iptc((String) gallery("semi").get("x2.jpg").get("id"));
        assertEquals("Harbour", x2.get("title"));
        assertEquals("Ann Lee", x2.get("credit"));
        assertTrue(sandbox().iptc((String) gallery("nocol").get("x3.jpg").get("id")).isEmpty());
        Map<String, Map<String, Object>> mixed = gallery("mixed");
        assertEquals(List.of("evil_name.jpg", "good.jpg", "short.jpg"), List.copyOf(mixed.keySet()), "the truncated image is not uploaded");
        assertEquals("Good one", sandbox().iptc((String) mixed.get("good.jpg").get("id")).get("title"), "first of the duplicate rows");
        assertFalse(Files.exists(archive.getParent().resolve("outside.jpg")));
        assertEquals(Map.of("DONE", 6, "INVALID", 1), migration().progress().counts(archive.toRealPath().toString()));
    }

    private static void assertHas(List<String> problems, String start) {
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(start)), "expected a problem starting with '" + start + "' in\n"
                + String.join("\n", problems));
    }
}
