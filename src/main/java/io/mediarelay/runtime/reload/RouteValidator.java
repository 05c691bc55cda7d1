package io.mediarelay.runtime.reload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.BeanRepository;

/**
 * Checks route and kamelet files before anything live is touched. First what can be pinned to an exact line
 * without Camel (YAML syntax, unknown kamelets, unknown routeConfigurationIds, duplicate route ids), then a full
 * build of every file in a {@link ScratchContext} (unknown components, missing placeholders, unknown beans, bad
 * options). The files being checked are judged together with the given versions of all the other files, so a flow
 * is checked against the kamelets and error handling it will really run with.
 */
public final class RouteValidator {
    private final Path routesDir;
    private final Properties properties;
    private final BeanRepository beans;

    /** @param beans where the routes' bean references resolve: the live registry, or stand-ins when offline */
    public RouteValidator(Path routesDir, Properties properties, BeanRepository beans) {
        this.routesDir = routesDir.toAbsolutePath().normalize();
        this.properties = properties;
        this.beans = beans;
    }

    /** The CLI's check: {@code files} (every route file when empty) against the other files on disk. */
    public List<ReloadProblem> validateFiles(Collection<Path> files) {
        Map<Path, String> world = new TreeMap<>(RouteFiles::compare);
        world.putAll(RouteFiles.read(routesDir));
        List<ReloadProblem> problems = new ArrayList<>();
        List<Path> candidates = new ArrayList<>();
        for (Path f : files) {
            Path abs = f.toAbsolutePath().normalize();
            String text = Files.isRegularFile(abs) ? RouteFiles.readOrNull(abs) : null;
            if (text == null) {
                problems.add(new ReloadProblem(RouteFiles.display(abs), 0, "cannot read file"));
                continue;
            }
            world.put(abs, text);
            candidates.add(abs);
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        return validate(world, files.isEmpty() ? world.keySet() : candidates);
    }

    /**
     * @param world      every route file with the content to judge it by (a candidate missing here was deleted)
     * @param candidates the files being checked; problems name the file where the mistake is written
     */
    public List<ReloadProblem> validate(Map<Path, String> world, Collection<Path> candidates) {
        Map<Path, YamlIndex> index = new LinkedHashMap<>();
        world.forEach((f, text) -> index.put(f, YamlIndex.of(text)));
        List<ReloadProblem> problems = new ArrayList<>();
        for (Path c : candidates) {
            YamlIndex i = index.get(c);
            if (i != null && !i.syntaxOk()) {
                problems.add(new ReloadProblem(RouteFiles.display(c), i.syntaxLine(), i.syntaxError()));
            }
        }
        if (problems.isEmpty()) {
            new ReferenceCheck(world, index, candidates).run(problems);
        }
        if (problems.isEmpty()) {
            new ParameterCheck(world, properties).run(checked(world, candidates), problems);
        }
        if (problems.isEmpty()) {
            build(world, candidates, problems);
        }
        return problems;
    }

    /**
     * Whose endpoint options are judged: the candidates, and the flows that use a candidate kamelet (a kamelet
     * that lost a parameter makes them wrong). Unchanged kamelets are not re-judged for someone else's edit.
     */
    private static java.util.Set<Path> checked(Map<Path, String> world, Collection<Path> candidates) {
        java.util.Set<Path> out = new java.util.LinkedHashSet<>(candidates);
        scope(world, candidates).keySet().stream().filter(f -> RouteFiles.kind(f) == RouteFiles.Kind.FLOW).forEach(out::add);
        return out;
    }

    /** Builds {@code world} in a scratch context and hands it to {@code use}; null when it does not build. */
    public <T> T withBuilt(Map<Path, String> world, Function<CamelContext, T> use) {
        try (ScratchContext scratch = ScratchContext.create(properties, routesDir.resolve("kamelets"), beans)) {
            scratch.addAll(world);
            scratch.build();
            return use.apply(scratch.context());
        } catch (Exception e) {
            return null;
        }
    }

    private void build(Map<Path, String> world, Collection<Path> candidates, List<ReloadProblem> problems) {
        Path blame = candidates.stream().filter(world::containsKey).findFirst()
                .orElse(candidates.isEmpty() ? null : candidates.iterator().next());
        if (blame == null) {
            return;
        }
        try (ScratchContext scratch = ScratchContext.create(properties, routesDir.resolve("kamelets"), beans)) {
            for (Map.Entry<Path, String> e : scope(world, candidates).entrySet()) {
                try {
                    scratch.add(e.getKey(), e.getValue());
                } catch (Exception ex) {
                    problems.add(ProblemMapper.map(ex, world, candidates, e.getKey()));
                    return;
                }
            }
            try {
                scratch.build();
            } catch (Exception ex) {
                problems.add(ProblemMapper.map(ex, world, candidates, blame));
            }
        }
    }

    /**
     * What must be built to judge the candidates: every kamelet and route configuration, the candidate flows, and
     * the flows that use a candidate kamelet or route configuration. The other flows cannot be affected (duplicate
     * route ids across files are the reference check's job), and building all of them made a one-flow reload
     * several times slower than the flow itself.
     */
    static Map<Path, String> scope(Map<Path, String> world, Collection<Path> candidates) {
        Set<Path> flows = new java.util.HashSet<>();
        for (Path c : candidates) {
            if (world.containsKey(c) || RouteFiles.kind(c) != RouteFiles.Kind.FLOW) {
                flows.addAll(FileSwap.affectedFlows(c, world, world));
            }
        }
        Map<Path, String> out = new LinkedHashMap<>();
        world.forEach((f, text) -> {
            if (RouteFiles.kind(f) != RouteFiles.Kind.FLOW || flows.contains(f)) {
                out.put(f, text);
            }
        });
        return out;
    }

    /** The checks that need only the YAML tree: references to kamelets and route configurations, and route ids. */
    private record ReferenceCheck(Map<Path, String> world, Map<Path, YamlIndex> index, Collection<Path> candidates) {

        void run(List<ReloadProblem> problems) {
            Set<String> kamelets = world.keySet().stream().filter(f -> RouteFiles.kind(f) == RouteFiles.Kind.KAMELET
                    || f.getFileName().toString().endsWith(".kamelet.yaml")).map(RouteFiles::kameletName).collect(Collectors.toSet());
            Set<String> configIds = index.values().stream().flatMap(i -> i.routeConfigurationIds().stream())
                    .map(YamlIndex.Id::value).collect(Collectors.toSet());
            boolean errorHandlingChanged = candidates.stream().anyMatch(c -> RouteFiles.kind(c) == RouteFiles.Kind.ERROR_HANDLING);
            boolean kameletChanged = candidates.stream().anyMatch(c -> RouteFiles.kind(c) == RouteFiles.Kind.KAMELET);
            for (Path f : world.keySet()) {
                String text = world.get(f);
                boolean checked = candidates.contains(f);
                if (checked || kameletChanged) {
                    for (String k : RouteFiles.kameletsUsed(text)) {
                        if (!kamelets.contains(k)) {
                            problems.add(new ReloadProblem(RouteFiles.display(f), RouteFiles.lineOf(text, "kamelet:" + k),
                                    "unknown kamelet '" + k + "' (no kamelets/" + k + ".kamelet.yaml)"));
                        }
                    }
                }
                if (checked || errorHandlingChanged) {
                    for (YamlIndex.Id ref : index.get(f).routeConfigurationRefs()) {
                        if (!configIds.contains(ref.value())) {
                            problems.add(new ReloadProblem(RouteFiles.display(f), ref.line(),
                                    "unknown routeConfigurationId '" + ref.value() + "'"));
                        }
                    }
                }
            }
            duplicates(problems);
        }

        /** A route id declared twice: reported on the declaration in the checked file, naming the other one. */
        private void duplicates(List<ReloadProblem> problems) {
            Map<String, Map.Entry<Path, YamlIndex.Id>> seen = new LinkedHashMap<>();
            for (Path f : world.keySet()) {
                for (YamlIndex.Id id : index.get(f).routeIds()) {
                    var first = seen.putIfAbsent(id.value(), Map.entry(f, id));
                    if (first == null) {
                        continue;
                    }
                    boolean blameLater = candidates.contains(f);
                    if (blameLater || candidates.contains(first.getKey())) {
                        Path at = blameLater ? f : first.getKey();
                        YamlIndex.Id atId = blameLater ? id : first.getValue();
                        String other = blameLater ? RouteFiles.display(first.getKey()) + ":" + first.getValue().line()
                                : RouteFiles.display(f) + ":" + id.line();
                        problems.add(new ReloadProblem(RouteFiles.display(at), atId.line(),
                                "duplicate route id '" + id.value() + "' (also at " + other + ")"));
                    }
                }
            }
        }
    }
}
