package io.mediarelay.photoshelter.intake;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * A folder's {@code metadata.csv}: one row per file of the folder, a header row naming the columns. Legacy
 * archives are messy, so each problem is reported with {@code file:line} and the rest is used: not UTF-8 (read as
 * Windows-1252, the usual legacy encoding), another separator ({@code ; | tab}, detected from the header), a row
 * with too few or too many values, a row without a file name, a name that is not a plain file of this folder, a
 * second row for the same file (the first wins). Without a file-name column the whole file is unusable (reported).
 */
final class CsvSidecar {

    /** Column aliases → the IPTC-style field names written to PhotoShelter. */
    static final Map<String, String> COLUMNS = Map.ofEntries(
            Map.entry("filename", "filename"), Map.entry("file", "filename"), Map.entry("file_name", "filename"), Map.entry("name", "filename"),
            Map.entry("title", "title"), Map.entry("headline", "title"),
            Map.entry("caption", "caption"), Map.entry("description", "caption"),
            Map.entry("keywords", "keywords"), Map.entry("tags", "keywords"),
            Map.entry("credit", "credit"), Map.entry("copyright", "copyright"),
            Map.entry("author", "author"), Map.entry("byline", "author"), Map.entry("creator", "author"), Map.entry("photographer", "author"),
            Map.entry("source", "source"), Map.entry("city", "city"), Map.entry("state", "state"), Map.entry("country", "country"),
            Map.entry("date", "date_created"), Map.entry("date_created", "date_created"), Map.entry("instructions", "instructions"));

    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    /** Rows by the file name they reference (as written in the CSV), with the problems found. */
    record Result(Map<String, Map<String, Object>> rows, Map<String, Integer> lines) {
    }

    private CsvSidecar() {
    }

    static Result read(Path csv, String shownAs, List<SidecarProblem> problems) throws IOException {
        byte[] bytes = Files.readAllBytes(csv);
        String text = decode(bytes, shownAs, problems);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        String firstLine = text.lines().findFirst().orElse("");
        if (firstLine.isBlank()) {
            problems.add(new SidecarProblem(shownAs, 1, "empty file or no header row"));
            return new Result(rows, lines);
        }
        char sep = separator(firstLine);
        if (sep != ',') {
            problems.add(new SidecarProblem(shownAs, 1, "separator '" + (sep == '\t' ? "\\t" : String.valueOf(sep)) + "' instead of ',' (used as detected)"));
        }
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(sep);
        List<String> header = null;
        List<String> fields = new ArrayList<>();
        int fileColumn = -1;
        try (MappingIterator<String[]> it = CSV.readerFor(String[].class).with(schema).readValues(text)) {
            while (true) {
                int line;
                String[] row;
                try {
                    if (!it.hasNextValue()) break;
                    line = it.getCurrentLocation() == null ? 0 : it.getCurrentLocation().getLineNr();
                    row = it.nextValue();
                } catch (RuntimeException | IOException e) {
                    int l = it.getCurrentLocation() == null ? 0 : it.getCurrentLocation().getLineNr();
                    problems.add(new SidecarProblem(shownAs, l, "unreadable CSV: " + firstLine(e.getMessage())));
                    break;
                }
                if (header == null) {
                    header = new ArrayList<>();
                    for (int i = 0; i < row.length; i++) {
                        String h = row[i].trim().toLowerCase(Locale.ROOT).replace(' ', '_');
                        header.add(h);
                        String f = COLUMNS.get(h);
                        fields.add(f);
                        if ("filename".equals(f) && fileColumn < 0) fileColumn = i;
                        if (f == null && !h.isEmpty()) problems.add(new SidecarProblem(shownAs, 1, "unknown column '" + h + "' ignored"));
                    }
                    if (fileColumn < 0) {
                        problems.add(new SidecarProblem(shownAs, 1, "missing column 'filename' (found: " + String.join(", ", header)
                                + "); this metadata.csv is not used"));
                        return new Result(rows, lines);
                    }
                    continue;
                }
                if (row.length == 1 && row[0].isBlank()) continue; // empty line
                if (row.length != header.size()) {
                    problems.add(new SidecarProblem(shownAs, line, row.length + " values for " + header.size()
                            + " columns; row ignored"));
                    continue;
                }
                String name = row[fileColumn].trim();
                if (name.isEmpty()) {
                    problems.add(new SidecarProblem(shownAs, line, "no file name; row ignored"));
                    continue;
                }
                if (rows.containsKey(name)) {
                    problems.add(new SidecarProblem(shownAs, line, "duplicate row for '" + SafeUploadName.printable(name)
                            + "' (first at line " + lines.get(name) + " is used)"));
                    continue;
                }
                Map<String, Object> meta = new LinkedHashMap<>();
                for (int i = 0; i < row.length; i++) {
                    String f = fields.get(i);
                    if (f == null || f.equals("filename") || row[i].isBlank()) continue;
                    meta.put(f, row[i].trim());
                }
                rows.put(name, meta);
                lines.put(name, line);
            }
        }
        return new Result(rows, lines);
    }

    /** Strict UTF-8; otherwise Windows-1252 (every byte maps), reported at the first line that is not UTF-8. */
    static String decode(byte[] bytes, String shownAs, List<SidecarProblem> problems) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            int line = 1;
            int bad = firstInvalidUtf8(bytes);
            for (int i = 0; i < bad && i < bytes.length; i++) if (bytes[i] == '\n') line++;
            problems.add(new SidecarProblem(shownAs, line, "not UTF-8; read as Windows-1252"));
            return new String(bytes, Charset.forName("windows-1252"));
        }
    }

    private static int firstInvalidUtf8(byte[] b) {
        var dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        int lineStart = 0;
        for (int i = 0; i <= b.length; i++) {
            if (i == b.length || b[i] == '\n') {
                try {
                    dec.reset().decode(ByteBuffer.wrap(b, lineStart, i - lineStart));
                } catch (CharacterCodingException e) {
                    return lineStart;
                }
                lineStart = i + 1;
            }
        }
        return 0;
    }

    static char separator(String header) {
        char best = ',';
        long bestCount = header.chars().filter(c -> c == ',').count();
        for (char c : new char[] {';', '\t', '|'}) {
            long n = header.chars().filter(x -> x == c).count();
            if (n > bestCount) {
                best = c;
                bestCount = n;
            }
        }
        return best;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
