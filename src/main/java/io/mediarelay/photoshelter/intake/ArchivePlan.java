package io.mediarelay.photoshelter.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import io.mediarelay.transfer.naming.NameReservations;

/**
 * What a migration of one archive folder would do: every file with its target gallery path, the name it gets in
 * PhotoShelter, its metadata (folder {@code metadata.csv} row, overridden by its own XML sidecar), and whether it
 * can be uploaded at all; plus every problem found, as {@code file:line: message}. Folders map to collections:
 * {@code <collection>/a/b/c/x.jpg} goes to gallery {@code c} in collection path {@code <collection>/a/b}; files
 * directly in the archive root go to gallery {@code <rootGallery>}. Hidden files and folders (leading dot) are
 * not part of an archive; symbolic links are not followed (they could point outside it).
 */
public final class ArchivePlan {

    /** One source file. {@code invalid} is the reason it cannot be uploaded (null: it can). */
    public record Item(String fileKey, String relPath, Path file, long bytes, String galleryPath, String uploadName,
                       Map<String, Object> iptc, String invalid, String nameChange) {
    }

    private final Path root;
    private final List<Item> items;
    private final List<SidecarProblem> problems;

    private ArchivePlan(Path root, List<Item> items, List<SidecarProblem> problems) {
        this.root = root;
        this.items = items;
        this.problems = problems;
    }

    public Path root() { return root; }
    public List<Item> items() { return items; }
    public List<SidecarProblem> problems() { return problems; }
    public long valid() { return items.stream().filter(i -> i.invalid() == null).count(); }

    public static ArchivePlan scan(Path sourceDir, String collection, String rootGallery, ImageCheck check) throws IOException {
        Path root = sourceDir.toRealPath();
        if (!Files.isDirectory(root)) throw new IllegalArgumentException(sourceDir + " is not a directory");
        List<Item> items = new ArrayList<>();
        List<SidecarProblem> problems = new ArrayList<>();
        NameReservations names = new NameReservations();
        List<Path> dirs;
        try (Stream<Path> s = Files.walk(root)) { // walk does not follow links
            dirs = s.filter(Files::isDirectory).filter(d -> !hidden(root, d)).sorted().toList();
        }
        for (Path dir : dirs) {
            scanFolder(root, dir, collection, rootGallery, check, names, items, problems);
        }
        return new ArchivePlan(root, items, problems);
    }

    private static boolean hidden(Path root, Path p) {
        for (Path seg : root.relativize(p)) if (seg.toString().startsWith(".")) return true;
        return false;
    }

    private static void scanFolder(Path root, Path dir, String collection, String rootGallery, ImageCheck check,
                                   NameReservations names, List<Item> items, List<SidecarProblem> problems) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
        if (files.isEmpty()) return;
        String relDir = root.relativize(dir).toString().replace('\\', '/');
        String galleryPath = galleryPath(relDir, collection, rootGallery);
        Map<String, Path> images = new LinkedHashMap<>();
        Map<String, Path> xmls = new HashMap<>();
        Path csv = null;
        for (Path f : files) {
            String n = f.getFileName().toString();
            if (n.equalsIgnoreCase("metadata.csv")) csv = f;
            else if (n.toLowerCase(Locale.ROOT).endsWith(".xml")) xmls.put(n, f);
            else images.put(n, f);
        }
        Map<String, Map<String, Object>> csvRows = new HashMap<>();
        if (csv != null) {
            String shown = rel(relDir, csv.getFileName().toString());
            CsvSidecar.Result r = CsvSidecar.read(csv, shown, problems);
            r.rows().forEach((name, meta) -> {
                if (!plainName(name)) {
                    problems.add(new SidecarProblem(shown, r.lines().get(name), "file reference '" + SafeUploadName.printable(name)
                            + "' is not a plain file name of this folder; row ignored"));
                } else if (!images.containsKey(name)) {
                    problems.add(new SidecarProblem(shown, r.lines().get(name), "unknown file '" + SafeUploadName.printable(name) + "'; row ignored"));
                } else {
                    csvRows.put(name, meta);
                }
            });
        }
        for (Map.Entry<String, Path> x : xmls.entrySet()) {
            String xn = x.getKey();
            String base = xn.substring(0, xn.length() - 4);
            boolean matched = images.containsKey(base) || images.keySet().stream().anyMatch(i -> stem(i).equals(base));
            if (!matched) problems.add(new SidecarProblem(rel(relDir, xn), 0, "sidecar for unknown file '" + SafeUploadName.printable(base) + "'"));
        }
        for (Map.Entry<String, Path> e : images.entrySet()) {
            String name = e.getKey();
            Path file = e.getValue();
            String relPath = rel(relDir, name);
            Map<String, Object> meta = new LinkedHashMap<>(csvRows.getOrDefault(name, Map.of()));
            Path xml = xmls.containsKey(name + ".xml") ? xmls.get(name + ".xml") : xmls.get(stem(name) + ".xml");
            if (xml != null) {
                Map<String, Object> x = XmlSidecar.read(xml, rel(relDir, xml.getFileName().toString()), problems);
                if (x != null) meta.putAll(x);
            }
            String invalid = null;
            String upload = null;
            String change = null;
            try {
                upload = SafeUploadName.of(name);
                if (!upload.equals(name)) change = SafeUploadName.printable(name) + " -> " + upload;
                upload = names.reserve(galleryPath, upload, relPath);
                if (change != null || !upload.equals(name)) {
                    change = SafeUploadName.printable(name) + " -> " + upload;
                    problems.add(new SidecarProblem(SafeUploadName.printable(relPath), 0, "unsafe or clashing name, uploaded as '" + upload + "'"));
                }
                check.check(file, SafeUploadName.printable(relPath));
            } catch (IllegalArgumentException ex) {
                invalid = ex.getMessage();
                problems.add(new SidecarProblem(SafeUploadName.printable(relPath), 0, "not migrated: " + ex.getMessage()));
            }
            items.add(new Item(fileKey(root, relPath), relPath, file, Files.size(file), galleryPath,
                    upload == null ? "invalid" : upload, meta, invalid, change));
        }
    }

    static String galleryPath(String relDir, String collection, String rootGallery) {
        List<String> segs = new ArrayList<>();
        if (collection != null && !collection.isBlank()) {
            for (String c : collection.split("/")) if (!c.isBlank()) segs.add(SafeUploadName.of(c.trim()));
        }
        if (relDir.isEmpty()) {
            segs.add(SafeUploadName.of(rootGallery));
        } else {
            for (String d : relDir.split("/")) segs.add(SafeUploadName.of(d));
        }
        return String.join("/", segs);
    }

    static boolean plainName(String name) {
        return !name.contains("/") && !name.contains("\\") && !name.equals(".") && !name.equals("..")
                && name.codePoints().noneMatch(Character::isISOControl);
    }

    private static String rel(String relDir, String name) {
        return relDir.isEmpty() ? name : relDir + "/" + name;
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    static String fileKey(Path root, String relPath) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((root + "\n" + relPath).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
