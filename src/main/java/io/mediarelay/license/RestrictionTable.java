package io.mediarelay.license;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The editable table that turns restriction texts into {@link RestrictionRule}s ({@code config/restrictions.csv},
 * docs/GOVERNANCE.md R4). The file is re-read when its modification time changes (checked at most every
 * {@link #CHECK_EVERY_NANOS}), like route files: a broken file is refused with a log line naming the row, and the
 * previous table stays in force. A text with a part no row interprets is reported as uninterpreted: the caller
 * fails closed on it.
 */
public final class RestrictionTable {
    private static final Logger LOG = LoggerFactory.getLogger(RestrictionTable.class);
    static final long CHECK_EVERY_NANOS = 200_000_000L;
    /** Between the parts of a text: spaces and semicolons (a sentence's own full stop belongs to its pattern). */
    private static final Pattern GAP = Pattern.compile("[\\s;]+");

    /** What a text means: its rules, and the first part nothing interpreted (null when all of it was). */
    public record Interpretation(List<RestrictionRule> rules, String uninterpreted) {
        public static final Interpretation NONE = new Interpretation(List.of(), null);

        public boolean complete() {
            return uninterpreted == null;
        }
    }

    private record Row(int line, Pattern pattern, RestrictionRule.Kind kind, String values, String sentence) {
    }

    private final Path file;
    private volatile List<Row> rows;
    private volatile FileTime loadedAt;
    private volatile long checkedAt;
    private final Map<String, Interpretation> cache = new ConcurrentHashMap<>();

    /** Loads {@code file} now; a missing or broken file stops the start (IllegalArgumentException naming it). */
    public RestrictionTable(Path file) {
        this.file = file;
        this.loadedAt = mtime(file);
        this.rows = parse(file);
        this.checkedAt = System.nanoTime();
    }

    /** No rows (no file at {@code file}): every restriction text is uninterpreted until the file appears. */
    static RestrictionTable empty(Path file) {
        LOG.warn("No restriction table at {}: every license restriction fails closed (RESTRICTION_UNINTERPRETED)", file);
        return new RestrictionTable(file, List.of());
    }

    private RestrictionTable(Path file, List<Row> rows) {
        this.file = file;
        this.rows = rows;
        this.loadedAt = FileTime.fromMillis(0);
        this.checkedAt = System.nanoTime();
    }

    /** The table of a working directory's {@code config/restrictions.csv} (tests, tools). */
    public static RestrictionTable defaults() {
        return new RestrictionTable(Path.of("config", "restrictions.csv"));
    }

    public Path file() {
        return file;
    }

    public Interpretation interpret(String text) {
        if (text == null || text.isBlank()) {
            return Interpretation.NONE;
        }
        reloadIfChanged();
        return cache.computeIfAbsent(text.strip(), t -> interpret(rows, t));
    }

    /** Re-reads the file if it changed; true when a new table is in force. */
    public synchronized boolean reload() {
        FileTime now;
        try {
            now = mtime(file);
        } catch (IllegalArgumentException gone) {
            if (rows.isEmpty()) {
                return false;
            }
            LOG.error("Restriction table refused, the previous table stays in force: {}", gone.getMessage());
            return false;
        }
        if (now.equals(loadedAt)) {
            return false;
        }
        try {
            List<Row> fresh = parse(file);
            rows = fresh;
            cache.clear();
            LOG.info("Restriction table {} reloaded: {} row(s)", file, fresh.size());
            return true;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            LOG.error("Restriction table {} refused, the previous table stays in force: {}", file, e.getMessage());
            return false;
        } finally {
            loadedAt = now;
        }
    }

    private void reloadIfChanged() {
        long t = System.nanoTime();
        if (t - checkedAt >= CHECK_EVERY_NANOS) {
            checkedAt = t;
            reload();
        }
    }

    private static Interpretation interpret(List<Row> rows, String text) {
        List<RestrictionRule> rules = new ArrayList<>();
        Matcher gap = GAP.matcher(text);
        int at = 0;
        while (true) {
            if (gap.find(at) && gap.start() == at) {
                at = gap.end();
            }
            if (at >= text.length()) {
                return new Interpretation(List.copyOf(rules), null);
            }
            RestrictionRule rule = null;
            int end = at;
            for (Row row : rows) {
                Matcher m = row.pattern().matcher(text).region(at, text.length());
                if (m.lookingAt() && m.end() > at) {
                    rule = rule(row, m);
                    if (rule != null) {
                        end = m.end();
                        break;
                    }
                }
            }
            if (rule == null) {
                return new Interpretation(List.copyOf(rules), text.substring(at));
            }
            rules.add(rule);
            at = end;
        }
    }

    /** The row's rule for this match, or null when the matched values are not valid (the part stays uninterpreted). */
    private static RestrictionRule rule(Row row, Matcher m) {
        String group = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : "";
        String values = row.values().replace("$1", group);
        String sentence = row.sentence().replace("$1", group);
        String part = m.group().strip();
        switch (row.kind()) {
            case NOT_BEFORE, NOT_AFTER -> {
                try {
                    return new RestrictionRule(row.kind(), Set.of(), LocalDate.parse(values.strip()), sentence, part);
                } catch (DateTimeParseException e) {
                    return null;
                }
            }
            case EXCLUDE_TERRITORIES, ONLY_TERRITORIES -> {
                Set<String> codes = tokens(values, true);
                if (codes.isEmpty() || !codes.stream().allMatch(c -> Territories.valid(c) && !Tokens.WORLDWIDE.equals(c))) {
                    return null;
                }
                return new RestrictionRule(row.kind(), codes, null, sentence, part);
            }
            case EXCLUDE_CHANNELS, ONLY_CHANNELS -> {
                Set<String> channels = tokens(values, false);
                return channels.isEmpty() ? null : new RestrictionRule(row.kind(), channels, null, sentence, part);
            }
            default -> {
                return new RestrictionRule(row.kind(), Set.of(), null, sentence, part);
            }
        }
    }

    private static Set<String> tokens(String values, boolean upper) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values.split("[\\s,]+")) {
            if (!v.isBlank()) {
                out.add(upper ? Tokens.territory(v) : Tokens.channel(v));
            }
        }
        return out;
    }

    private static List<Row> parse(Path file) {
        CsvMapper csv = new CsvMapper();
        csv.enable(CsvParser.Feature.ALLOW_COMMENTS);
        csv.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
        csv.enable(CsvParser.Feature.TRIM_SPACES);
        List<Row> out = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = csv.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            while (it.hasNext()) {
                Map<String, String> r = it.next();
                int line = it.getCurrentLocation().getLineNr();
                String where = file + " line " + line + ": ";
                String pattern = r.get("pattern");
                String rule = r.get("rule");
                if (pattern == null || pattern.isBlank() || rule == null || rule.isBlank()) {
                    throw new IllegalArgumentException(where + "needs a pattern and a rule");
                }
                RestrictionRule.Kind kind;
                try {
                    kind = RestrictionRule.Kind.valueOf(rule.strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + "unknown rule '" + rule + "'");
                }
                String values = r.getOrDefault("values", "") == null ? "" : r.getOrDefault("values", "");
                String sentence = r.get("sentence");
                if (sentence == null || sentence.isBlank()) {
                    throw new IllegalArgumentException(where + "needs a sentence (it is what an operator reads)");
                }
                if (kind != RestrictionRule.Kind.OBLIGATION && values.isBlank()) {
                    throw new IllegalArgumentException(where + "rule " + rule + " needs values");
                }
                try {
                    out.add(new Row(line, Pattern.compile(spaces(pattern.strip()),
                            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), kind, values, sentence.strip()));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException(where + "pattern is not a regular expression: " + e.getDescription());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read restriction table " + file + ": " + e.getMessage(), e);
        }
        return List.copyOf(out);
    }

    /** A literal space outside a character class matches any run of spaces or hyphens ("editorial-only"). */
    static String spaces(String pattern) {
        StringBuilder b = new StringBuilder();
        boolean inClass = false;
        boolean escaped = false;
        for (char c : pattern.toCharArray()) {
            if (escaped) {
                b.append(c);
                escaped = false;
            } else if (c == '\\') {
                b.append(c);
                escaped = true;
            } else if (c == '[') {
                inClass = true;
                b.append(c);
            } else if (c == ']') {
                inClass = false;
                b.append(c);
            } else if (c == ' ' && !inClass) {
                b.append("[\\s-]+");
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static FileTime mtime(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("restriction table " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
