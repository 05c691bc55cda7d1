package io.mediarelay.flows;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GF5 end to end: a library listing and an image on the embedded FTP -> Getty sandbox search -> CSV + HTML report. */
class GettyLibraryComparisonTest {
    static final String SCRIPT_TITLE = "<script>alert('x')</script> Red fox";
    static final String ATTR_TITLE = "\"><img src=x onerror=alert(1)>";

    @TempDir
    Path data;

    @Test
    void listingAndImageAreComparedWithGettyReportsEscaped() throws Exception {
        try (GettyFlowRuntime rt = GettyFlowRuntime.start(GettyFlowRuntime.overrides(data, "gf5"))) {
            Path lib = rt.ftpRoot.resolve("gf5-library");
            String listing = "id,filename,title,keywords\n"
                    + "L1,fox.jpg,\"" + SCRIPT_TITLE.replace("\"", "\"\"") + "\",\"red fox; zebra\"\n"
                    + "L2,tower.png,\"" + ATTR_TITLE.replace("\"", "\"\"") + "\",lighthouse\n"
                    + "=HYPERLINK(\"http://evil\"),x.jpg,Nothing,qwertyuiop\n";
            drop(lib, "library.csv", listing.getBytes());
            drop(lib, "mountain-lake_0042.JPG", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});
            // legal on the server, too long for the local work file "<name>.inprogress" (issue #10 finding 3)
            String longName = "M".repeat(246) + ".jpg";
            drop(lib, longName, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});

            Path csv = lib.resolve("reports/library.csv.comparison.csv");
            Path html = lib.resolve("reports/library.csv.comparison.html");
            Path imageCsv = lib.resolve("reports/mountain-lake_0042.JPG.comparison.csv");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(html) && Files.exists(imageCsv)
                    && Files.exists(lib.resolve("inbox/.done/library.csv"))
                    && Files.exists(lib.resolve("inbox/.done/mountain-lake_0042.JPG"))
                    && Files.exists(lib.resolve("inbox/.error/" + longName)));
            try (var errors = Files.list(lib.resolve("inbox/.error"))) {
                Path reason = errors.filter(f -> f.getFileName().toString().startsWith("MMMMMMMMMM")
                        && f.getFileName().toString().endsWith(".reason.txt")).findFirst().orElseThrow();
                assertTrue(Files.readString(reason).contains("file name too long: 250 bytes"), reason.toString());
            }

            List<Map<String, String>> rows = read(csv);
            List<String> catalog = rt.sandbox.catalogImageIds();
            List<Map<String, String>> fox = rows.stream().filter(r -> r.get("local_id").equals("L1")).toList();
            assertFalse(fox.isEmpty());
            assertTrue(fox.size() <= 3, "at most matches-per-asset rows");
            // "red fox zebra" finds nothing in the sandbox, the next phrase "red fox" does
            assertEquals("red fox", fox.get(0).get("search_phrase"), fox.toString());
            for (Map<String, String> r : fox) {
                assertTrue(catalog.contains(r.get("getty_id")), "a real sandbox asset: " + r);
                assertTrue(r.get("getty_title").toLowerCase().contains("red fox"), r.toString());
                assertEquals("creative", r.get("asset_family"));
            }
            assertEquals(SCRIPT_TITLE, fox.get(0).get("local_title"), "CSV keeps the title as data");
            assertTrue(rows.stream().anyMatch(r -> r.get("local_id").equals("L2") && r.get("getty_title").contains("ighthouse")), rows.toString());
            Map<String, String> none = rows.stream().filter(r -> r.get("local_id").contains("HYPERLINK")).findFirst().orElseThrow();
            assertTrue(none.get("local_id").startsWith("'="), "formula cells defused: " + none);
            assertEquals("", none.get("getty_id"), "no match is reported as such");

            String page = Files.readString(html);
            assertFalse(page.contains("<script"), "no script element from a title");
            assertFalse(page.contains("<img src=x"), "no element injected through an attribute-breaking title");
            assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Red fox"), page);
            assertTrue(page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), page);
            assertTrue(page.contains("Content-Security-Policy"));
            assertTrue(page.contains("<img src=\"http://127.0.0.1:"), "previews from Getty are linked");

            List<Map<String, String>> image = read(imageCsv);
            assertEquals("mountain lake", image.get(0).get("search_phrase"), image.toString());
            assertTrue(image.stream().allMatch(r -> r.get("getty_title").toLowerCase().contains("mountain lake")), image.toString());
            assertEquals(0, rt.sandbox.licenseCount(), "comparing licenses nothing");
        }
    }

    static void drop(Path lib, String name, byte[] content) throws Exception {
        Path inbox = lib.resolve("inbox");
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve(name + ".part");
        Files.write(tmp, content);
        Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    static List<Map<String, String>> read(Path csv) throws Exception {
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv.toFile())) {
            return it.readAll();
        }
    }
}
