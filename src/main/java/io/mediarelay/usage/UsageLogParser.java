package io.mediarelay.usage;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.mediarelay.license.Territories;
import io.mediarelay.license.Tokens;

/**
 * Reads a partner usage log or proof-of-publication file (GF4) into rows that are either valid uses or errors, each
 * with the line it came from. CSV (header row, any column order) and JSON (an array of objects, or an object whose
 * {@code usages} / {@code rows} field is that array) are parsed by Jackson, streaming, so line numbers are the
 * parser's and quoted commas/newlines are handled. A malformed file stops at the broken line: what came before is
 * kept, the break is reported as an error row.
 *
 * <p>Columns (case and {@code _}/{@code -} insensitive): {@code asset_id} (or asset), {@code channel},
 * {@code territory} (or country), {@code date} (or use_date, published, published_at; yyyy-MM-dd),
 * {@code quantity} (optional, default 1), {@code proof} (optional: URL or file name of the proof of publication).
 */
public final class UsageLogParser {
    /** One line of the file: {@code use} when valid, else {@code error} says what is wrong. */
    public record Row(int line, Map<String, String> raw, Use use, String error) {
        public boolean valid() {
            return error == null;
        }
    }

    /** A valid use, normalised (channel lower case, territory upper case). */
    public record Use(String assetId, String channel, String territory, LocalDate date, int quantity, String proof) {
    }

    static final int MAX_QUANTITY = 1_000_000;
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("assetid", "asset_id"), Map.entry("asset", "asset_id"), Map.entry("gettyassetid", "asset_id"),
            Map.entry("imageid", "asset_id"),
            Map.entry("channel", "channel"), Map.entry("medium", "channel"),
            Map.entry("territory", "territory"), Map.entry("country", "territory"),
            Map.entry("date", "date"), Map.entry("usedate", "date"), Map.entry("published", "date"),
            Map.entry("publishedat", "date"), Map.entry("publicationdate", "date"),
            Map.entry("quantity", "quantity"), Map.entry("qty", "quantity"), Map.entry("uses", "quantity"),
            Map.entry("proof", "proof"), Map.entry("proofurl", "proof"), Map.entry("url", "proof"),
            Map.entry("prooffile", "proof"));

    private final CsvMapper csv = new CsvMapper();
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;

    public UsageLogParser(Clock clock) {
        this.clock = clock;
    }

    /** True for names ending in .json (any case); everything else is read as CSV. */
    public static boolean isJson(String fileName) {
        return fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".json");
    }

    public List<Row> parse(InputStream in, boolean isJson) {
        List<Row> rows = new ArrayList<>();
        try {
            if (isJson) {
                parseJson(in, rows);
            } else {
                parseCsv(in, rows);
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            rows.add(new Row(at == null ? 0 : (int) at.getLineNr(), Map.of(), null,
                    "not valid " + (isJson ? "JSON" : "CSV") + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            rows.add(new Row(0, Map.of(), null, "could not be read: " + e.getMessage()));
        }
        return rows;
    }

    private void parseCsv(InputStream in, List<Row> rows) throws IOException {
        try (JsonParser p = csv.createParser(in)) {
            ((CsvParser) p).enable(CsvParser.Feature.WRAP_AS_ARRAY);
            ((CsvParser) p).enable(CsvParser.Feature.SKIP_EMPTY_LINES);
            ((CsvParser) p).enable(CsvParser.Feature.TRIM_SPACES);
            if (p.nextToken() != JsonToken.START_ARRAY) {
                rows.add(new Row(1, Map.of(), null, "empty file: expected a header row"));
                return;
            }
            List<String> header = null;
            int headerLine = 0;
            while (p.nextToken() == JsonToken.START_ARRAY) {
                // Jackson CSV counts lines from 0
                int line = (int) p.currentTokenLocation().getLineNr() + 1;
                List<String> values = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    values.add(p.getValueAsString());
                }
                if (header == null) {
                    List<String> names = values.stream().map(UsageLogParser::column).toList();
                    header = names;
                    headerLine = line;
                    List<String> missing = List.of("asset_id", "channel", "territory", "date").stream()
                            .filter(c -> !names.contains(c)).toList();
                    if (!missing.isEmpty()) {
                        rows.add(new Row(line, Map.of(), null, "header lacks column(s) " + String.join(", ", missing)));
                        return;
                    }
                    continue;
                }
                if (values.stream().allMatch(v -> v == null || v.isBlank())) {
                    continue;
                }
                Map<String, String> raw = new LinkedHashMap<>();
                for (int i = 0; i < Math.min(values.size(), header.size()); i++) {
                    raw.putIfAbsent(header.get(i), values.get(i));
                }
                if (values.size() != header.size()) {
                    rows.add(new Row(line, raw, null, values.size() + " fields, the header (line " + headerLine + ") has "
                            + header.size()));
                    continue;
                }
                rows.add(validate(line, raw));
            }
            if (header == null) {
                rows.add(new Row(1, Map.of(), null, "empty file: expected a header row"));
            }
        }
    }

    private void parseJson(InputStream in, List<Row> rows) throws IOException {
        try (JsonParser p = json.createParser(in)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                // {"usages": [...]} (or "rows"): find the array, other fields are the partner's own envelope
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    t = p.nextToken();
                    if (t == JsonToken.START_ARRAY && ("usages".equals(name) || "rows".equals(name))) {
                        break;
                    }
                    p.skipChildren();
                }
            }
            if (t != JsonToken.START_ARRAY) {
                rows.add(new Row((int) p.currentTokenLocation().getLineNr(), Map.of(), null,
                        "expected an array of usage objects (or {\"usages\": [...]})"));
                return;
            }
            while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                int line = (int) p.currentTokenLocation().getLineNr();
                JsonNode n = p.readValueAsTree();
                if (!n.isObject()) {
                    rows.add(new Row(line, Map.of(), null, "expected an object, got " + n.getNodeType().name().toLowerCase(Locale.ROOT)));
                    continue;
                }
                Map<String, String> raw = new LinkedHashMap<>();
                n.fields().forEachRemaining(f -> raw.putIfAbsent(column(f.getKey()),
                        f.getValue().isNull() ? null : f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString()));
                rows.add(validate(line, raw));
            }
        }
    }

    Row validate(int line, Map<String, String> raw) {
        List<String> problems = new ArrayList<>();
        String asset = trim(raw.get("asset_id"));
        if (asset == null) {
            problems.add("asset_id is missing");
        } else if (asset.length() > 200 || !asset.matches("[\\p{L}\\p{N}._:-]+")) {
            problems.add("asset_id '" + shorten(asset) + "' is not an asset id");
        }
        String channel = Tokens.channel(trim(raw.get("channel")));
        if (channel == null) {
            problems.add("channel is missing");
        } else if (!channel.matches("[a-z0-9][a-z0-9 _-]{0,49}")) {
            problems.add("channel '" + shorten(channel) + "' is not a channel name");
        }
        String territory = Tokens.territory(trim(raw.get("territory")));
        if (territory == null) {
            problems.add("territory is missing");
        } else if (!Territories.valid(territory)) {
            problems.add("territory '" + shorten(territory) + "' is not an ISO 3166-1 alpha-2 code or WORLDWIDE");
        }
        LocalDate date = null;
        String d = trim(raw.get("date"));
        if (d == null) {
            problems.add("date is missing");
        } else {
            try {
                date = LocalDate.parse(d);
                if (date.isAfter(LocalDate.now(clock))) {
                    problems.add("date " + d + " is in the future");
                }
            } catch (DateTimeParseException e) {
                problems.add("date '" + shorten(d) + "' is not yyyy-MM-dd");
            }
        }
        int quantity = 1;
        String q = trim(raw.get("quantity"));
        if (q != null) {
            try {
                quantity = Integer.parseInt(q);
                if (quantity < 1 || quantity > MAX_QUANTITY) {
                    problems.add("quantity " + q + " is not between 1 and " + MAX_QUANTITY);
                }
            } catch (NumberFormatException e) {
                problems.add("quantity '" + shorten(q) + "' is not a whole number");
            }
        }
        String proof = trim(raw.get("proof"));
        if (proof != null && proof.length() > 1000) {
            problems.add("proof is longer than 1000 characters");
        }
        if (!problems.isEmpty()) {
            return new Row(line, raw, null, String.join("; ", problems));
        }
        return new Row(line, raw, new Use(asset, channel, territory, date, quantity, proof), null);
    }

    /** "Asset ID", "asset-id", "assetId" all name asset_id; unknown columns keep their lower-case name. */
    static String column(String name) {
        if (name == null) {
            return "";
        }
        String key = name.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
        return ALIASES.getOrDefault(key, name.trim().toLowerCase(Locale.ROOT));
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Values from a partner file are echoed in reports: bounded and without control characters. */
    static String shorten(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 60 ? clean.substring(0, 60) + "..." : clean;
    }
}
