package io.mediarelay.photoshelter.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** PF5 batch parsing and validation, line numbers included (multi-line quoted cells count as their lines). */
class MetadataBatchTest {
    static final String A = "I0000AAAAAAAAAAA";
    static final String B = "I0000BBBBBBBBBBB";

    @Test
    void csvRowsWithLineNumbers() {
        MetadataBatch b = MetadataBatch.parse("x.csv", "mediaId,caption,custom:Approval\n" + A + ",\"two\nlines\",\n\n" + B + ",,yes\n" + A + ",dup,\n", ',');
        assertNull(b.fatal);
        assertEquals(2, b.rows.size());
        assertEquals(2, b.rows.get(0).line());
        assertEquals(5, b.rows.get(1).line());
        assertEquals("yes", b.rows.get(1).custom().get("Approval"));
        assertEquals(1, b.problems.size());
        assertEquals(6, b.problems.get(0).line());
        assertTrue(b.problems.get(0).message().contains("already in line 2"));
    }

    @Test
    void wholeFileProblems() {
        assertTrue(MetadataBatch.parse("x.csv", "mediaId;caption\n", ',').fatal.message().startsWith("wrong separator"));
        assertTrue(MetadataBatch.parse("x.csv", "caption\n", ',').fatal.message().startsWith("missing column mediaId"));
        assertTrue(MetadataBatch.parse("x.csv", "mediaId\n", ',').fatal.message().startsWith("missing columns"));
        assertTrue(MetadataBatch.parse("x.csv", "", ',').fatal.message().startsWith("empty"));
        assertTrue(MetadataBatch.parse("x.xml", "<metadata><media id='" + A + "'><caption>x</caption>", ',').fatal.message().startsWith("not well-formed"));
        assertTrue(MetadataBatch.parse("x.xml", "<metadata><media id='" + A + "'><foo>x</foo></media></metadata>", ',').fatal.message().contains("<foo>"));
    }

    @Test
    void xml() {
        MetadataBatch b = MetadataBatch.parse("x.xml", "<?xml version='1.0'?>\n<metadata>\n<media id='" + A + "'>\n<caption>c</caption>\n"
                + "<custom name='Approval'>ok</custom></media>\n<media id='" + A + "'><caption>d</caption></media></metadata>", ',');
        assertNull(b.fatal);
        assertEquals(1, b.rows.size());
        assertEquals(3, b.rows.get(0).line());
        assertEquals("ok", b.rows.get(0).custom().get("Approval"));
        assertEquals(6, b.problems.get(0).line());
    }

    @Test
    void reportCsv() throws Exception {
        String csv = new String(MetadataImport.csv(List.of(new MetadataImport.ReportRow(2, A, "APPLIED", "updated caption, custom:X"))), StandardCharsets.UTF_8);
        assertEquals("line,mediaId,status,message\n2," + A + ",APPLIED,\"updated caption, custom:X\"\n", csv);
    }
}
