package io.mediarelay.runtime.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The route files of a routes directory as the runtime loads them (the same folders and name patterns as the
 * include pattern in MediarelayRuntime), and the small text facts reload needs about them.
 */
public final class RouteFiles {
    /** Load order matters: templates and route configurations must exist before the flows that use them. */
    public enum Kind { KAMELET, ERROR_HANDLING, FLOW }

    private static final Pattern KAMELET_USE = Pattern.compile("kamelet:([A-Za-z0-9][A-Za-z0-9._-]*)");

    private RouteFiles() {
    }

    /** Every route file under {@code routesDir}, sorted by kind then name, with its current content. */
    public static Map<Path, String> read(Path routesDir) {
        Map<Path, String> out = new TreeMap<>(RouteFiles::compare);
        for (Path file : list(routesDir)) {
            String text = readOrNull(file);
            if (text != null) {
                out.put(file, text);
            }
        }
        return out;
    }

    public static List<Path> list(Path routesDir) {
        Set<Path> out = new LinkedHashSet<>();
        for (String dir : List.of("kamelets", "error-handling", "flows")) {
            Path d = routesDir.resolve(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> files = Files.list(d)) {
                files.filter(f -> kind(f) != null && Files.isRegularFile(f)).map(f -> f.toAbsolutePath().normalize())
                        .sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(out);
    }

    /** The kind of a route file from its folder and name; null for files the runtime does not load. */
    public static Kind kind(Path file) {
        String name = file.getFileName().toString();
        Path parent = file.getParent();
        String dir = parent == null ? "" : parent.getFileName().toString();
        if (dir.equals("kamelets") && name.endsWith(".kamelet.yaml")) {
            return Kind.KAMELET;
        }
        if (dir.equals("error-handling") && name.endsWith(".camel.yaml")) {
            return Kind.ERROR_HANDLING;
        }
        if (dir.equals("flows") && name.endsWith(".camel.yaml")) {
            return Kind.FLOW;
        }
        return null;
    }

    static int compare(Path a, Path b) {
        int k = Integer.compare(kind(a) == null ? 9 : kind(a).ordinal(), kind(b) == null ? 9 : kind(b).ordinal());
        return k != 0 ? k : a.compareTo(b);
    }

    /** The resource location Camel gives a file loaded through {@code file:} (what Route#getSourceResource reports). */
    public static String location(Path file) {
        return "file:" + file.toAbsolutePath().normalize();
    }

    /** The file behind a Camel resource location, or null when it is not a file. */
    public static Path fromLocation(String location) {
        if (location == null || !location.startsWith("file:")) {
            return null;
        }
        return Path.of(location.substring(5)).toAbsolutePath().normalize();
    }

    public static String kameletName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".kamelet.yaml".length());
    }

    /** Kamelets a file refers to ({@code kamelet:name}), without the kamelet-internal source/sink. */
    public static Set<String> kameletsUsed(String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = KAMELET_USE.matcher(text);
        while (m.find()) {
            if (!m.group(1).equals("source") && !m.group(1).equals("sink")) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** 1-based line of the first occurrence of {@code needle}, 0 when absent. */
    public static int lineOf(String text, String needle) {
        if (text == null || needle == null || needle.isEmpty()) {
            return 0;
        }
        int at = text.indexOf(needle);
        if (at < 0) {
            return 0;
        }
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** How a file is named in problems: relative to the working directory when below it. */
    public static String display(Path file) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    static String readOrNull(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
