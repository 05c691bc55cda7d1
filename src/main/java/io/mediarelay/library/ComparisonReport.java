package io.mediarelay.library;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.mediarelay.usage.CsvCells;

/**
 * GF5's comparison report, one row per (local asset, Getty match): CSV through Jackson CSV (quoting) with formula
 * cells defused ({@link CsvCells}), and HTML from the template {@code comparison.html} where every value is
 * HTML-escaped and links/images accept only http(s) URLs, so a title like {@code <script>} or
 * {@code "><img onerror=...>} in a local listing or from Getty is shown as text, never run. The page also forbids
 * scripts by Content-Security-Policy (defence in depth).
 */
public final class ComparisonReport {
    public static final List<String> COLUMNS = List.of("local_id", "local_file", "local_title", "search_phrase",
            "result_count", "match_rank", "getty_id", "getty_title", "asset_family", "license_model", "collection",
            "preview_url");
    private static final String TEMPLATE = load();

    private final CsvMapper csv = new CsvMapper();

    public byte[] csv(List<Map<String, Object>> rows) throws IOException {
        CsvSchema.Builder b = CsvSchema.builder();
        COLUMNS.forEach(b::addColumn);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SequenceWriter w = csv.writer(b.build().withHeader()).writeValues(out)) {
            for (Map<String, Object> r : rows) {
                Map<String, Object> safe = new java.util.LinkedHashMap<>();
                for (String c : COLUMNS) {
                    Object v = r.get(c);
                    safe.put(c, v instanceof String s ? CsvCells.safe(s) : v);
                }
                w.write(safe);
            }
        }
        return out.toByteArray();
    }

    public byte[] html(String source, String generatedAt, List<Map<String, Object>> rows, int localAssets) {
        StringBuilder body = new StringBuilder();
        for (Map<String, Object> r : rows) {
            body.append("    <tr>");
            for (String c : COLUMNS) {
                Object v = r.get(c);
                body.append("<td>");
                if (c.equals("preview_url")) {
                    String url = safeUrl(v);
                    if (url != null) {
                        body.append("<a href=\"").append(escape(url)).append("\" rel=\"noopener noreferrer\"><img src=\"")
                                .append(escape(url)).append("\" alt=\"preview\" width=\"120\"></a>");
                    }
                } else {
                    body.append(escape(v == null ? "" : String.valueOf(v)));
                }
                body.append("</td>");
            }
            body.append("</tr>\n");
        }
        StringBuilder head = new StringBuilder();
        COLUMNS.forEach(c -> head.append("<th>").append(escape(c)).append("</th>"));
        long matched = rows.stream().filter(r -> r.get("getty_id") != null).map(r -> r.get("local_id")).distinct().count();
        String html = TEMPLATE
                .replace("{{source}}", escape(source))
                .replace("{{generatedAt}}", escape(generatedAt))
                .replace("{{summary}}", escape(localAssets + " local asset(s), " + matched + " with Getty alternatives"))
                .replace("{{header}}", head.toString())
                .replace("{{rows}}", body.toString());
        return html.getBytes(StandardCharsets.UTF_8);
    }

    /** Text and attribute values: the five characters that can end a text node or an attribute. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(Character.isISOControl(ch) && ch != '\n' && ch != '\t' ? ' ' : ch);
            }
        }
        return b.toString();
    }

    /** Only absolute http(s) URLs become links: "javascript:" and friends are dropped. */
    static String safeUrl(Object v) {
        if (v == null) {
            return null;
        }
        String s = v.toString().trim();
        String lower = s.toLowerCase(Locale.ROOT);
        return (lower.startsWith("https://") || lower.startsWith("http://")) && !s.matches(".*[\\s\"'<>].*") ? s : null;
    }

    private static String load() {
        try (InputStream in = ComparisonReport.class.getResourceAsStream("comparison.html")) {
            if (in == null) {
                throw new IllegalStateException("comparison.html template missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
