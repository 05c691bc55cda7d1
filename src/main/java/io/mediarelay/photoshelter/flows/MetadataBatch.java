package io.mediarelay.photoshelter.flows;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * PF5: a metadata batch (CSV or XML) parsed and validated as a whole before anything is changed in PhotoShelter.
 * Every problem carries the line number of the file, so the report a contributor gets back points at the line to fix.
 *
 * <p>CSV: a header row with {@code mediaId} and one column per field; IPTC fields by their PhotoShelter names
 * ({@link #IPTC}), custom fields as {@code custom:<Field name>}. An empty cell leaves the field as it is.
 * XML: {@code <metadata><media id="I0000..."><caption>...</caption><custom name="Approval">approved</custom></media></metadata>}.
 * Whole-file problems (unreadable, wrong separator, missing or unknown columns) are {@link #fatal}; row problems
 * (cell count, bad or duplicate media id, nothing to change) are per line. Whether media ids exist is checked by
 * the caller against the API ({@link MetadataImport}).
 */
public final class MetadataBatch {
    /** IPTC fields a batch may set (PhotoShelter's names); anything else is a typo the contributor should hear about. */
    public static final Set<String> IPTC = Set.of("caption", "headline", "title", "credit", "copyright", "keywords", "byline",
            "city", "state", "country", "source", "special_instructions", "date_created", "object_name");
    static final Pattern MEDIA_ID = Pattern.compile("(I0|VD|AD|DO)000[A-Za-z0-9._]{11}");
    private static final String CUSTOM = "custom:";

    public record Row(int line, String mediaId, Map<String, Object> iptc, Map<String, Object> custom) {
    }

    public record Problem(int line, String mediaId, String message) {
    }

    public final List<Row> rows = new ArrayList<>();
    public final List<Problem> problems = new ArrayList<>();
    /** A whole-file problem: nothing in the batch can be applied. */
    public Problem fatal;

    private MetadataBatch() {
    }

    public boolean clean() {
        return fatal == null && problems.isEmpty();
    }

    /** Media ids of rows that passed the checks so far. */
    public List<Row> valid() {
        Set<Integer> bad = new java.util.HashSet<>();
        problems.forEach(p -> bad.add(p.line()));
        return rows.stream().filter(r -> !bad.contains(r.line())).toList();
    }

    public static MetadataBatch parse(String fileName, String text, char separator) {
        MetadataBatch b = new MetadataBatch();
        if (text == null || text.isBlank()) {
            b.fatal = new Problem(1, null, "empty file");
        } else if (fileName.toLowerCase(Locale.ROOT).endsWith(".xml")) {
            b.parseXml(text);
        } else {
            b.parseCsv(text, separator);
        }
        return b;
    }

    private void parseCsv(String text, char separator) {
        CsvMapper mapper = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator);
        List<String> header = null;
        try (CsvParser p = (CsvParser) mapper.reader(schema).createParser(new StringReader(text))) {
            while (p.nextToken() == JsonToken.START_ARRAY) {
                int line = -1;
                List<String> cells = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != null && t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    if (line < 0) line = p.currentTokenLocation().getLineNr(); // the row's first cell: where the row starts
                    cells.add(p.getText() == null ? "" : p.getText());
                }
                if (cells.size() == 1 && cells.get(0).isBlank()) continue; // blank line
                if (header == null) {
                    header = cells;
                    if (!checkHeader(header, separator, line)) return;
                } else {
                    csvRow(header, cells, line);
                }
            }
        } catch (IOException e) {
            fatal = new Problem(0, null, "unreadable CSV: " + e.getMessage());
            return;
        }
        if (header == null) fatal = new Problem(1, null, "empty file");
    }

    private boolean checkHeader(List<String> header, char separator, int line) {
        List<String> names = header.stream().map(String::trim).toList();
        if (names.size() == 1) {
            for (char other : new char[] {';', '\t', '|', ','}) {
                if (other != separator && names.get(0).indexOf(other) >= 0) {
                    fatal = new Problem(line, null, "wrong separator: expected '" + printable(separator) + "' but the header is separated by '"
                            + printable(other) + "'");
                    return false;
                }
            }
        }
        if (!names.contains("mediaId")) {
            fatal = new Problem(line, null, "missing column mediaId (header: " + String.join(String.valueOf(separator), names) + ")");
            return false;
        }
        Set<String> seen = new java.util.HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                fatal = new Problem(line, null, "column " + n + " appears twice");
                return false;
            }
            if (!n.equals("mediaId") && !isField(n)) {
                fatal = new Problem(line, null, "unknown column '" + n + "' (IPTC fields: " + String.join(", ", new java.util.TreeSet<>(IPTC))
                        + "; custom fields as custom:<name>)");
                return false;
            }
        }
        if (names.size() < 2) {
            fatal = new Problem(line, null, "missing columns: no metadata column besides mediaId");
            return false;
        }
        return true;
    }

    private static boolean isField(String n) {
        return IPTC.contains(n) || n.startsWith(CUSTOM) && n.length() > CUSTOM.length();
    }

    private void csvRow(List<String> header, List<String> cells, int line) {
        if (cells.size() != header.size()) {
            problems.add(new Problem(line, cells.isEmpty() ? null : cells.get(header.indexOf("mediaId") < cells.size() ? header.indexOf("mediaId") : 0),
                    cells.size() + " cells but the header has " + header.size() + " columns"));
            return;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) values.put(header.get(i).trim(), cells.get(i));
        add(line, values.remove("mediaId"), values);
    }

    private void add(int line, String mediaId, Map<String, String> values) {
        String id = mediaId == null ? "" : mediaId.trim();
        if (id.isEmpty()) {
            problems.add(new Problem(line, null, "mediaId is empty"));
            return;
        }
        if (!MEDIA_ID.matcher(id).matches()) {
            problems.add(new Problem(line, id, "not a PhotoShelter media id: " + id));
            return;
        }
        for (Row r : rows) {
            if (r.mediaId().equals(id)) {
                problems.add(new Problem(line, id, "duplicate media id: already in line " + r.line()));
                return;
            }
        }
        Map<String, Object> iptc = new LinkedHashMap<>();
        Map<String, Object> custom = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v == null || v.isBlank()) return;
            if (k.startsWith(CUSTOM)) custom.put(k.substring(CUSTOM.length()), v.trim()); else iptc.put(k, v.trim());
        });
        if (iptc.isEmpty() && custom.isEmpty()) {
            problems.add(new Problem(line, id, "nothing to change: every field is empty"));
            return;
        }
        rows.add(new Row(line, id, iptc, custom));
    }

    private void parseXml(String text) {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false); // no external entities from a contributor's file
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            XMLStreamReader x = f.createXMLStreamReader(new StringReader(text));
            int line = 0;
            String id = null;
            Map<String, String> values = null;
            String field = null;
            StringBuilder value = new StringBuilder();
            boolean root = true;
            while (x.hasNext()) {
                int ev = x.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    String name = x.getLocalName();
                    if (root) {
                        root = false;
                        if (!name.equals("metadata")) {
                            fatal = new Problem(x.getLocation().getLineNumber(), null, "root element must be <metadata>, not <" + name + ">");
                            return;
                        }
                    } else if (values == null) {
                        if (!name.equals("media")) {
                            fatal = new Problem(x.getLocation().getLineNumber(), null, "unexpected <" + name + "> (expected <media id=\"...\">)");
                            return;
                        }
                        line = x.getLocation().getLineNumber();
                        id = x.getAttributeValue(null, "id");
                        values = new LinkedHashMap<>();
                    } else {
                        field = name.equals("custom") ? CUSTOM + String.valueOf(x.getAttributeValue(null, "name")) : name;
                        if (!isField(field) || field.equals(CUSTOM + "null")) {
                            fatal = new Problem(x.getLocation().getLineNumber(), id, "unknown element <" + name + ">");
                            return;
                        }
                        if (values.containsKey(field)) {
                            problems.add(new Problem(x.getLocation().getLineNumber(), id, field + " given twice"));
                        }
                        value.setLength(0);
                    }
                } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) {
                    if (field != null) value.append(x.getText());
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    if (field != null) {
                        values.put(field, value.toString());
                        field = null;
                    } else if (values != null && x.getLocalName().equals("media")) {
                        add(line, id, values);
                        values = null;
                    }
                }
            }
            if (root) fatal = new Problem(1, null, "empty file");
        } catch (XMLStreamException e) {
            fatal = new Problem(e.getLocation() == null ? 0 : e.getLocation().getLineNumber(), null, "not well-formed XML: "
                    + e.getMessage().replaceAll("\\s+", " "));
        }
    }

    private static String printable(char c) {
        return c == '\t' ? "\\t" : String.valueOf(c);
    }

    /** Problems by line, for the report. */
    Map<Integer, Problem> problemsByLine() {
        Map<Integer, Problem> m = new HashMap<>();
        problems.forEach(p -> m.putIfAbsent(p.line(), p));
        return m;
    }
}
