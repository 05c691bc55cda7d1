package io.mediarelay.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.mediarelay.runtime.cli.MediarelayCli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * README.md and docs/*.md name only what exists: flow and route ids, kamelets, CLI commands and
 * {@code io/mediarelay/...} packages and classes; and the other way round, every flow file, kamelet and main
 * package is named somewhere (ARCHITECTURE.md's layout lists every package). Each failure lists every offending
 * name with the file that names it.
 */
class DocsMatchCodeTest {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path JAVA = ROOT.resolve("src/main/java/io/mediarelay");

    /** File name -> text of README.md and docs/*.md. */
    static Map<String, String> docs;
    static String allDocs;
    /** Every id in the route files: route ids, step ids, kamelet route ids (kamelet:x/<id>). */
    static Set<String> ids;
    static Set<String> kamelets;
    static Set<String> flowFiles;

    @BeforeAll
    static void read() throws IOException {
        docs = new java.util.TreeMap<>();
        docs.put("README.md", Files.readString(ROOT.resolve("README.md")));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".md")).toList()) {
                docs.put("docs/" + p.getFileName(), Files.readString(p));
            }
        }
        allDocs = String.join("\n", docs.values());
        ids = new TreeSet<>();
        Pattern id = Pattern.compile("(?m)^\\s*(?:-\\s*)?(?:id|routeId):\\s*\"?([a-z0-9][a-z0-9-]*)\"?\\s*$");
        Pattern kameletRoute = Pattern.compile("kamelet:[a-z0-9-]+/([a-z0-9-]+)");
        Pattern destination = Pattern.compile("destination: *\"?([a-z0-9-]+)");
        try (Stream<Path> s = Files.walk(ROOT.resolve("routes"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                String yaml = Files.readString(p);
                for (Pattern pt : List.of(id, kameletRoute, destination)) {
                    Matcher m = pt.matcher(yaml);
                    while (m.find()) {
                        ids.add(m.group(1));
                    }
                }
            }
        }
        // named destinations (mediarelay.destinations.<name>.*) are names flows use, too
        try (Stream<Path> s = Files.list(ROOT.resolve("config"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".properties")).toList()) {
                Matcher m = Pattern.compile("mediarelay\\.destinations\\.([a-z0-9-]+)\\.").matcher(Files.readString(p));
                while (m.find()) {
                    ids.add(m.group(1));
                }
            }
        }
        kamelets = names(ROOT.resolve("routes/kamelets"), ".kamelet.yaml");
        flowFiles = names(ROOT.resolve("routes/flows"), ".camel.yaml");
    }

    static Set<String> names(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix))
                    .map(n -> n.substring(0, n.length() - suffix.length())).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Every match of group 1 of {@code pattern} in the docs, as "name (file)", for which {@code exists} is false. */
    static List<String> missing(Pattern pattern, java.util.function.Predicate<String> exists) {
        List<String> out = new ArrayList<>();
        docs.forEach((file, text) -> {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                String name = m.group(1);
                if (!exists.test(name) && !out.contains(name + " (" + file + ")")) {
                    out.add(name + " (" + file + ")");
                }
            }
        });
        return out;
    }

    @Test
    void everyFlowOrRouteIdNamedInDocsExists() {
        // gf1-..., pf4-..., gh7-..., gx3-...: flow ids, the ids of their routes and kamelet routes, destination names
        // (not folders such as data/ftp/gf1-packages/ nor files such as bench/gf1-crash.sh)
        Pattern flowId = Pattern.compile("(?<![\\w./-])((?:gf|pf|gh|gx)\\d+(?:-[a-z0-9]+)+)(?![\\w/-]|\\.[a-z])");
        assertEquals(List.of(), missing(flowId, n -> ids.contains(n) || flowFiles.contains(n)));
        Pattern flowFile = Pattern.compile("([a-z0-9-]+)\\.camel\\.yaml");
        assertEquals(List.of(), missing(flowFile, n -> flowFiles.contains(n) || n.equals("my-flow") // the README's example
                || Files.exists(ROOT.resolve("routes/error-handling/" + n + ".camel.yaml")) || Files.exists(ROOT.resolve("bench/" + n + ".camel.yaml"))));
    }

    @Test
    void everyKameletNamedInDocsExists() {
        Pattern kamelet = Pattern.compile("(?<![\\w*/-])([a-z][a-z0-9]*(?:-[a-z0-9]+)*-(?:source|sink|action))(?![\\w-])");
        // a kamelet route's own id (getty-board-source/gf1-source) is a route id, not a kamelet name
        assertEquals(List.of(), missing(kamelet, n -> kamelets.contains(n) || ids.contains(n)));
    }

    @Test
    void everyCliCommandNamedInDocsExists() {
        CommandLine cli = new CommandLine(new MediarelayCli());
        Pattern command = Pattern.compile("(?:mediarelay\\.jar|bin/mediarelay|`mediarelay) ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?(?=[\\s`<\\[]|$)");
        List<String> out = new ArrayList<>();
        docs.forEach((file, text) -> {
            Matcher m = command.matcher(text);
            while (m.find()) {
                CommandLine sub = cli.getSubcommands().get(m.group(1));
                if (sub == null) {
                    out.add(m.group(1) + " (" + file + ")");
                } else if (m.group(2) != null && !sub.getSubcommands().isEmpty() && !sub.getSubcommands().containsKey(m.group(2))) {
                    out.add(m.group(1) + " " + m.group(2) + " (" + file + ")");
                }
            }
        });
        assertEquals(List.of(), out);
        // and ARCHITECTURE.md's cli/ entry lists every command
        String arch = docs.get("docs/ARCHITECTURE.md");
        int at = arch.indexOf("    cli/ ");
        String entry = arch.substring(at, arch.indexOf(")", at));
        assertEquals(List.of(), cli.getSubcommands().keySet().stream().filter(c -> !c.equals("help") && !word(c).matcher(entry).find()).toList(),
                "commands missing in docs/ARCHITECTURE.md cli/: " + entry);
    }

    @Test
    void everyPackageOrClassNamedInDocsExists() throws IOException {
        Set<String> top = topPackages();
        // io/mediarelay/transfer/delivery, io.mediarelay.logging, and `transfer/naming/RemoteNamePolicy`-style references
        Pattern qualified = Pattern.compile("io[/.]mediarelay[/.]([a-z]+(?:[/.][a-zA-Z]+)*)");
        Pattern relative = Pattern.compile("`(" + String.join("|", top) + ")((?:/[a-z]+)*(?:/[A-Z]\\w*)?)[`/ ]");
        List<String> out = missing(qualified, n -> exists(n.replace('.', '/')) || exists(n)); // a package, or a resource file
        docs.forEach((file, text) -> {
            Matcher m = relative.matcher(text);
            while (m.find()) {
                String path = m.group(1) + m.group(2);
                if (!exists(path)) {
                    out.add(path + " (" + file + ")");
                }
            }
        });
        assertEquals(List.of(), out);
    }

    static boolean exists(String path) {
        path = path.replaceAll("/+$", "").replaceAll("\\.\\.\\.$", "");
        // main code, and the tests and resources docs point to (src/test/java/io/mediarelay/license/LicenseAudit*)
        for (Path root : List.of(JAVA, ROOT.resolve("src/test/java/io/mediarelay"), ROOT.resolve("src/main/resources/io/mediarelay"))) {
            if (Files.isDirectory(root.resolve(path)) || Files.isRegularFile(root.resolve(path + ".java"))
                    || Files.isRegularFile(root.resolve(path))) {
                return true;
            }
            String prefix = path.substring(path.lastIndexOf('/') + 1); // LicenseAudit (from LicenseAudit*PropertyTest)
            Path dir = root.resolve(path).getParent();
            if (!prefix.isEmpty() && Character.isUpperCase(prefix.charAt(0)) && Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.anyMatch(p -> p.getFileName().toString().startsWith(prefix))) {
                        return true;
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        return false;
    }

    static Set<String> topPackages() throws IOException {
        try (Stream<Path> s = Files.list(JAVA)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void everyFlowFileAndKameletIsNamedInDocs() {
        List<String> unnamed = new ArrayList<>();
        flowFiles.stream().filter(f -> !allDocs.contains(f)).forEach(f -> unnamed.add("routes/flows/" + f + ".camel.yaml"));
        kamelets.stream().filter(k -> !Pattern.compile("(?<![\\w-])" + Pattern.quote(k) + "(?![\\w-])").matcher(allDocs).find())
                .forEach(k -> unnamed.add("routes/kamelets/" + k + ".kamelet.yaml"));
        assertEquals(List.of(), unnamed);
    }

    /** ARCHITECTURE.md's layout tree lists every package under src/main/java/io/mediarelay, and nothing else. */
    @Test
    void architectureLayoutListsEveryPackage() throws IOException {
        String arch = docs.get("docs/ARCHITECTURE.md");
        String tree = arch.substring(arch.indexOf("src/main/java/io/mediarelay/\n"));
        tree = tree.substring(0, tree.indexOf("```"));
        Set<String> listed = new TreeSet<>();
        String parent = null;
        Pattern entry = Pattern.compile("^( {2,4})([a-z]+)/\\s");
        for (String line : tree.split("\n")) {
            Matcher m = entry.matcher(line);
            if (m.find()) {
                if (m.group(1).length() == 2) {
                    parent = m.group(2);
                    listed.add(parent);
                } else {
                    listed.add(parent + "/" + m.group(2));
                }
            }
        }
        Set<String> actual;
        try (Stream<Path> s = Files.walk(JAVA)) {
            actual = s.filter(Files::isDirectory).filter(p -> !p.equals(JAVA)).map(p -> JAVA.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> p.split("/").length <= 2).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(actual, listed, "packages (expected) vs docs/ARCHITECTURE.md layout");
    }

    /**
     * A flow table row (docs/GF-FLOWS.md, PF-FLOWS.md, ...) that names a flow file and kamelets: every kamelet it names
     * is one that file uses, under its full name (the row of GF1 once listed a chain GF1 did not use).
     */
    @Test
    void kameletChainsInFlowTablesAreTheOnesTheFlowUses() throws IOException {
        Pattern fileInRow = Pattern.compile("`(?:routes/flows/)?([a-z0-9-]+)\\.camel\\.yaml`");
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> doc : docs.entrySet()) {
            for (String row : doc.getValue().split("\n")) {
                Matcher f = fileInRow.matcher(row);
                if (!row.startsWith("|") || !f.find() || !flowFiles.contains(f.group(1))) {
                    continue;
                }
                String flow = Files.readString(ROOT.resolve("routes/flows/" + f.group(1) + ".camel.yaml"));
                for (String k : kamelets) {
                    String stem = k.replaceAll("-(source|sink|action)$", "");
                    if (word(k).matcher(row).find() && !flow.contains("kamelet:" + k)) {
                        out.add(f.group(1) + " does not use " + k + " (" + doc.getKey() + ")");
                    } else if (Pattern.compile("(?<![\\w.-])" + Pattern.quote(stem) + "(?![\\w-])").matcher(row).find()) {
                        out.add(f.group(1) + ": '" + stem + "' is not a kamelet name, " + k + " is (" + doc.getKey() + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), out);
    }

    static Pattern word(String name) {
        return Pattern.compile("(?<![\\w-])" + Pattern.quote(name) + "(?![\\w-])");
    }
}
