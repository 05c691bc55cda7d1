package io.mediarelay.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Line numbers and errors of the GF4 parser on the awkward files partners send. */
class UsageLogParserTest {
    final UsageLogParser parser = new UsageLogParser(Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC));

    List<UsageLogParser.Row> parse(String s, boolean json) {
        return parser.parse(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)), json);
    }

    @Test
    void csvLineNumbersCountQuotedNewlinesAndBlankLines() {
        List<UsageLogParser.Row> rows = parse("asset_id,channel,territory,date,proof\n"
                + "A1,web,US,2026-05-01,\"page 1\nand page 2\"\n"
                + "\n"
                + "A2,web,US,2026-07-01,\n", false);
        assertEquals(2, rows.size());
        assertEquals(2, rows.get(0).line());
        assertEquals("page 1\nand page 2", rows.get(0).use().proof());
        assertEquals(5, rows.get(1).line());
        assertTrue(rows.get(1).error().contains("in the future"), rows.get(1).error());
    }

    @Test
    void csvWithoutRequiredColumnsIsOneError() {
        List<UsageLogParser.Row> rows = parse("asset,when\nA1,2026-01-01\n", false);
        assertEquals(1, rows.size());
        assertTrue(rows.get(0).error().contains("channel, territory, date"), rows.get(0).error());
    }

    @Test
    void brokenJsonKeepsWhatCameBeforeAndNamesTheLine() {
        List<UsageLogParser.Row> rows = parse("[\n"
                + " {\"asset_id\": \"A1\", \"channel\": \"web\", \"territory\": \"GB\", \"date\": \"2026-05-01\", \"quantity\": 2},\n"
                + " {\"asset_id\": \"A2\", \"channel\": \"web\", \"territory\": \"GB\" \"date\": \"2026-05-01\"}\n"
                + "]\n", true);
        assertEquals(2, rows.size(), rows.toString());
        assertTrue(rows.get(0).valid());
        assertEquals(2, rows.get(0).use().quantity());
        assertEquals(3, rows.get(1).line());
        assertTrue(rows.get(1).error().startsWith("not valid JSON"), rows.get(1).error());
    }

    @Test
    void jsonNonObjectsAndBadValuesAreErrorsWithTheirLine() {
        List<UsageLogParser.Row> rows = parse("{\"usages\": [\n 42,\n {\"asset_id\": \"../etc\", \"channel\": \"web\","
                + " \"territory\": \"XX1\", \"date\": \"2026-02-30\", \"quantity\": 0}\n]}", true);
        assertEquals(2, rows.size());
        assertEquals(2, rows.get(0).line());
        assertTrue(rows.get(0).error().contains("expected an object"));
        String e = rows.get(1).error();
        assertTrue(e.contains("asset_id") && e.contains("ISO 3166") && e.contains("yyyy-MM-dd") && e.contains("quantity 0"), e);
    }
}
