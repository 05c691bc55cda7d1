package io.mediarelay.library;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

/**
 * GF5: what a file in the library folder stands for. A CSV listing (header row; columns id, filename, title,
 * keywords, description in any order and case) is one local asset per row; an image file is one local asset named
 * by its file. Each asset gets search phrases to try in order, most specific first: its first keywords, fewer of
 * them, then words of its title or file name ("sunset-beach_0042.jpg" -> "sunset beach"). Getty's search ANDs the
 * words of a phrase, so a long phrase often finds nothing where a shorter one finds good alternatives.
 */
public final class LibraryListing {
    /** One asset of the local library. */
    public record LocalAsset(int line, String id, String fileName, String title, List<String> keywords,
                             List<String> phrases) {
    }

    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "tif", "tiff", "gif", "webp", "heic");
    /** Camera and workflow noise in file names that says nothing about the picture. */
    private static final Set<String> NOISE = Set.of("img", "dsc", "dscn", "dscf", "pxl", "final", "edit", "copy", "web",
            "print", "hires", "lowres", "version", "the", "and", "with", "of", "a", "an", "in", "on", "at", "for");
    static final int MAX_ASSETS = 10_000;

    private final CsvMapper csv = new CsvMapper();

    public static boolean isImage(String fileName) {
        String ext = extension(fileName);
        return ext != null && IMAGE_EXTENSIONS.contains(ext);
    }

    /** An image file: one asset, phrases from its name. */
    public LocalAsset ofImage(String fileName) {
        String base = fileName.substring(fileName.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        List<String> words = words(dot > 0 ? base.substring(0, dot) : base);
        return new LocalAsset(0, base, base, null, words, phrases(words, List.of()));
    }

    /** A CSV listing: one asset per non-empty row. */
    public List<LocalAsset> ofListing(InputStream in) throws IOException {
        List<LocalAsset> out = new ArrayList<>();
        try (JsonParser p = csv.createParser(in)) {
            CsvParser c = (CsvParser) p;
            c.enable(CsvParser.Feature.WRAP_AS_ARRAY);
            c.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
            c.enable(CsvParser.Feature.TRIM_SPACES);
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return out;
            }
            List<String> header = null;
            while (p.nextToken() == JsonToken.START_ARRAY) {
                int line = (int) p.currentTokenLocation().getLineNr() + 1; // Jackson CSV counts lines from 0
                List<String> values = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    values.add(p.getValueAsString());
                }
                if (header == null) {
                    header = values.stream().map(LibraryListing::column).toList();
                    continue;
                }
                if (values.stream().allMatch(v -> v == null || v.isBlank())) {
                    continue;
                }
                Map<String, String> row = new java.util.HashMap<>();
                for (int i = 0; i < Math.min(values.size(), header.size()); i++) {
                    row.putIfAbsent(header.get(i), values.get(i));
                }
                String file = blank(row.get("filename"));
                String id = blank(row.get("id"));
                id = id != null ? id : file != null ? file : "line-" + line;
                String title = blank(row.get("title"));
                List<String> keywords = new ArrayList<>();
                if (blank(row.get("keywords")) != null) {
                    for (String k : row.get("keywords").split("[;,|]")) {
                        if (!k.isBlank()) {
                            keywords.add(k.trim());
                        }
                    }
                }
                List<String> fallback = new ArrayList<>(title != null ? words(title) : List.of());
                if (file != null) {
                    String base = file.substring(file.lastIndexOf('/') + 1);
                    int dot = base.lastIndexOf('.');
                    fallback.addAll(words(dot > 0 ? base.substring(0, dot) : base));
                }
                out.add(new LocalAsset(line, id, file, title, keywords, phrases(keywords, fallback)));
                if (out.size() >= MAX_ASSETS) {
                    break;
                }
            }
        }
        return out;
    }

    /** Most specific first: 3 keywords, 2, 1, then title / file-name words the same way; no duplicates. */
    static List<String> phrases(List<String> keywords, List<String> fallback) {
        Set<String> out = new LinkedHashSet<>();
        for (List<String> source : List.of(keywords, fallback)) {
            List<String> clean = source.stream().map(s -> s.replaceAll("[^\\p{L}\\p{N} '-]", " ").trim())
                    .filter(s -> !s.isEmpty()).distinct().toList();
            for (int n = Math.min(3, clean.size()); n >= 1; n--) {
                out.add(String.join(" ", clean.subList(0, n)).toLowerCase(Locale.ROOT));
            }
        }
        return List.copyOf(out);
    }

    /** Words of a name: split on anything not a letter, drop numbers and camera noise. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        for (String w : s.split("[^\\p{L}]+")) {
            String lw = w.toLowerCase(Locale.ROOT);
            if (lw.length() > 1 && !NOISE.contains(lw) && !out.contains(lw)) {
                out.add(lw);
            }
        }
        return out;
    }

    static String column(String name) {
        String k = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
        return switch (k) {
            case "id", "assetid", "localid", "sku" -> "id";
            case "filename", "file", "name", "path" -> "filename";
            case "title", "headline" -> "title";
            case "keywords", "tags", "keyword" -> "keywords";
            default -> k;
        };
    }

    static String extension(String fileName) {
        if (fileName == null) {
            return null;
        }
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? null : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
