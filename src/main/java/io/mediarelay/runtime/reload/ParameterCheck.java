package io.mediarelay.runtime.reload;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.camel.catalog.EndpointValidationResult;
import org.apache.camel.catalog.impl.DefaultRuntimeCamelCatalog;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Judges every option written on a static endpoint before anything is built, each mistake on the line it is on:
 * kamelet parameters against the kamelet's {@code spec.definition} (unknown, required, type, enum) — the kamelet
 * component accepts any parameter, so without this a typo was silently ignored — and component options against
 * Camel's catalog model of the component (unknown, boolean/integer/number/duration, enum). Values are judged after
 * the runtime configuration resolved their placeholders; a value that stays unresolved (a kamelet parameter inside
 * a template, {@code ${...}}) is only checked by name. Components without a catalog model (our own getty:,
 * photoshelter:) are judged by the {@code @UriParam} annotations of their endpoint ({@link AnnotatedOptions}).
 */
final class ParameterCheck {
    /** A value the catalog must not judge by type: it skips property placeholders. */
    private static final String UNKNOWN_VALUE = "{{unresolved}}";
    private static volatile DefaultRuntimeCamelCatalog catalog;
    private static volatile java.util.Set<String> kameletOptions;

    private final Map<Path, String> world;
    private final Properties properties;
    private final ConfigValues values;
    private final Map<String, KameletDefinition> kamelets = new HashMap<>();

    ParameterCheck(Map<Path, String> world, Properties properties) {
        this.world = world;
        this.properties = properties;
        this.values = new ConfigValues(properties);
        world.forEach((f, text) -> {
            if (RouteFiles.kind(f) == RouteFiles.Kind.KAMELET) {
                KameletDefinition d = KameletDefinition.parse(text);
                if (d != null) {
                    kamelets.put(RouteFiles.kameletName(f), d);
                }
            }
        });
    }

    void run(Collection<Path> files, List<ReloadProblem> problems) {
        for (Path f : files) {
            String text = world.get(f);
            if (text == null) {
                continue;
            }
            String file = RouteFiles.display(f);
            for (EndpointRefs.Ref ref : EndpointRefs.of(text)) {
                String scheme = ref.scheme();
                if (scheme == null || scheme.contains("{{") || ref.base().contains("${")) {
                    continue;
                }
                if (scheme.equals("kamelet")) {
                    kamelet(file, ref, problems);
                } else {
                    component(file, scheme, ref, problems);
                }
            }
        }
    }

    private void kamelet(String file, EndpointRefs.Ref ref, List<ReloadProblem> problems) {
        String rest = ref.base().substring("kamelet:".length());
        String name = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        String routeId = rest.contains("/") ? rest.substring(rest.indexOf('/') + 1) : ref.routeId();
        KameletDefinition def = kamelets.get(name);
        if (def == null) {
            return; // kamelet:source / kamelet:sink, or an unknown kamelet (reported by the reference check)
        }
        Map<String, EndpointRefs.Option> endpointOptions = new LinkedHashMap<>();
        for (Map.Entry<String, EndpointRefs.Option> o : ref.options().entrySet()) {
            KameletDefinition.Param p = def.params().get(o.getKey());
            int line = o.getValue().line();
            if (p == null && kameletEndpointOptions().contains(o.getKey())) {
                endpointOptions.put(o.getKey(), o.getValue()); // the kamelet endpoint's own (noErrorHandler, ...)
                continue;
            }
            if (p == null) {
                problems.add(new ReloadProblem(file, line, "kamelet '" + name + "' has no parameter '" + o.getKey() + "'"));
                continue;
            }
            String v = o.getValue().value() == null ? null : values.resolve(o.getValue().value());
            if (v == null || v.contains("${")) {
                continue;
            }
            String wrong = typeProblem(p.type(), v);
            if (wrong != null) {
                problems.add(new ReloadProblem(file, line, "kamelet '" + name + "' parameter '" + o.getKey() + "' must be "
                        + wrong + ", got '" + ProblemMapper.clean(v) + "'"));
            } else if (p.enumValues() != null && !p.enumValues().contains(v)) {
                problems.add(new ReloadProblem(file, line, "kamelet '" + name + "' parameter '" + o.getKey() + "' must be one of "
                        + p.enumValues() + ", got '" + ProblemMapper.clean(v) + "'"));
            }
        }
        component(file, "kamelet", new EndpointRefs.Ref(ref.base(), ref.line(), endpointOptions, ref.routeId()), problems);
        for (String req : new java.util.TreeSet<>(def.required())) {
            KameletDefinition.Param p = def.params().get(req);
            boolean given = ref.options().containsKey(req) || (p != null && p.hasDefault())
                    || properties.containsKey("camel.kamelet." + name + "." + req)
                    || (routeId != null && properties.containsKey("camel.kamelet." + name + "." + routeId + "." + req));
            if (!given) {
                problems.add(new ReloadProblem(file, ref.line(), "kamelet '" + name + "' needs parameter '" + req + "'"));
            }
        }
    }

    /** Why {@code value} is not of the JSON-schema {@code type}, or null when it is. */
    private static String typeProblem(String type, String value) {
        String v = value.trim();
        try {
            switch (type) {
                case "integer" -> Long.parseLong(v);
                case "number" -> Double.parseDouble(v);
                case "boolean" -> {
                    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                        return "a boolean";
                    }
                }
                default -> {
                    return null;
                }
            }
            return null;
        } catch (NumberFormatException e) {
            return type.equals("integer") ? "an integer" : "a number";
        }
    }

    private void component(String file, String scheme, EndpointRefs.Ref ref, List<ReloadProblem> problems) {
        if (ref.options().isEmpty()) {
            return;
        }
        DefaultRuntimeCamelCatalog cat = catalog();
        if (cat.componentJSonSchema(scheme) == null) {
            annotated(file, scheme, ref, problems);
            return;
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        ref.options().forEach((k, o) -> {
            String v = o.value() == null ? null : values.resolve(o.value());
            resolved.put(k, v == null || v.contains("${") ? UNKNOWN_VALUE : v);
        });
        EndpointValidationResult r = cat.validateProperties(scheme, resolved);
        if (r.getUnknownComponent() != null) {
            return;
        }
        Map<String, String> found = new TreeMap<>();
        if (r.getUnknown() != null) {
            r.getUnknown().forEach(k -> found.put((String) k, scheme + " has no option '" + k + "'"));
        }
        typed(found, scheme, r.getInvalidBoolean(), "a boolean");
        typed(found, scheme, r.getInvalidInteger(), "an integer");
        typed(found, scheme, r.getInvalidNumber(), "a number");
        typed(found, scheme, r.getInvalidDuration(), "a duration");
        if (r.getInvalidEnum() != null) {
            r.getInvalidEnum().forEach((k, v) -> found.put((String) k, scheme + " option '" + k + "' must be one of "
                    + r.getEnumChoices((String) k) + ", got '" + ProblemMapper.clean((String) v) + "'"));
        }
        // in the order of the file (getty: and photoshelter: have had a catalog model since their component JSON is
        // generated; before, they were judged option by option in file order)
        List<ReloadProblem> mine = new java.util.ArrayList<>();
        found.forEach((k, msg) -> {
            EndpointRefs.Option o = ref.options().get(k);
            mine.add(new ReloadProblem(file, o == null ? ref.line() : o.line(), msg));
        });
        mine.sort(java.util.Comparator.comparingInt(ReloadProblem::line));
        problems.addAll(mine);
    }

    /** A component without catalog model: its endpoint's {@code @UriParam} fields (getty:, photoshelter:). */
    private void annotated(String file, String scheme, EndpointRefs.Ref ref, List<ReloadProblem> problems) {
        AnnotatedOptions.Model model = AnnotatedOptions.of(scheme).orElse(null);
        if (model == null) {
            return; // Camel's own option binding judges it during the build
        }
        for (Map.Entry<String, EndpointRefs.Option> o : ref.options().entrySet()) {
            AnnotatedOptions.Option opt = model.find(o.getKey()).orElse(null);
            int line = o.getValue().line();
            if (opt == null) {
                problems.add(new ReloadProblem(file, line, scheme + " has no option '" + o.getKey() + "'"));
                continue;
            }
            String v = o.getValue().value() == null ? null : values.resolve(o.getValue().value());
            if (v == null || v.contains("${")) {
                continue;
            }
            String wrong = typeProblem(opt.type(), v);
            if (wrong != null) {
                problems.add(new ReloadProblem(file, line, scheme + " option '" + o.getKey() + "' must be " + wrong
                        + ", got '" + ProblemMapper.clean(v) + "'"));
            } else if (opt.enums() != null && !opt.enums().contains(v)) {
                problems.add(new ReloadProblem(file, line, scheme + " option '" + o.getKey() + "' must be one of "
                        + opt.enums() + ", got '" + ProblemMapper.clean(v) + "'"));
            }
        }
    }

    @SuppressWarnings("rawtypes")
    private static void typed(Map<String, String> found, String scheme, Map invalid, String what) {
        if (invalid != null) {
            invalid.forEach((k, v) -> found.put((String) k, scheme + " option '" + k + "' must be " + what + ", got '"
                    + ProblemMapper.clean((String) v) + "'"));
        }
    }

    /**
     * Loads the catalog ahead of the first reload (a cold catalog costs seconds on a small machine: it builds a
     * Camel context of its own); on a daemon thread, so start-up does not wait for it.
     */
    static void warmUpInBackground() {
        Thread t = new Thread(() -> {
            try {
                kameletEndpointOptions();
            } catch (RuntimeException e) {
                // the first real check loads it again and reports whatever is wrong
            }
        }, "mediarelay-validate-warmup");
        t.setDaemon(true);
        t.start();
    }

    /** The options of the kamelet endpoint itself, which a kamelet URI may carry next to the kamelet's parameters. */
    private static java.util.Set<String> kameletEndpointOptions() {
        java.util.Set<String> s = kameletOptions;
        if (s == null) {
            var model = catalog().componentModel("kamelet");
            s = model == null ? java.util.Set.of() : model.getEndpointOptions().stream()
                    .map(o -> o.getName()).collect(java.util.stream.Collectors.toUnmodifiableSet());
            kameletOptions = s;
        }
        return s;
    }

    /** Camel's catalog over the component models on the classpath; one for the process, it only reads. */
    private static DefaultRuntimeCamelCatalog catalog() {
        DefaultRuntimeCamelCatalog c = catalog;
        if (c == null) {
            synchronized (ParameterCheck.class) {
                if (catalog == null) {
                    DefaultRuntimeCamelCatalog d = new DefaultRuntimeCamelCatalog();
                    d.setCamelContext(new DefaultCamelContext(false));
                    d.setCaching(true);
                    catalog = d;
                }
                c = catalog;
            }
        }
        return c;
    }
}
