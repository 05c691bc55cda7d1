package io.mediarelay.runtime.reload;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The endpoint options of a component that ships no catalog model (our own {@code getty:}, {@code photoshelter:}),
 * read from the {@link UriParam} annotations of its endpoint class and every superclass (Camel's own
 * {@code delay}, {@code initialDelay}, ... included). The endpoint class is the component class with
 * {@code Component} replaced by {@code Endpoint} and must carry {@link UriEndpoint} for the scheme; otherwise the
 * component is not judged here (Camel's option binding still refuses unknown options during the build).
 */
final class AnnotatedOptions {
    /** One option: JSON-schema-like type (integer, number, boolean, string) and its enum, if any. */
    record Option(String type, List<String> enums) {
    }

    /** Options by name, and the prefixes of multi-value options ({@code query.}). */
    record Model(Map<String, Option> options, List<String> prefixes) {
        Optional<Option> find(String name) {
            Option o = options.get(name);
            if (o != null) {
                return Optional.of(o);
            }
            return prefixes.stream().anyMatch(name::startsWith) ? Optional.of(new Option("string", null)) : Optional.empty();
        }
    }

    private static final Map<String, Optional<Model>> CACHE = new ConcurrentHashMap<>();

    private AnnotatedOptions() {
    }

    static Optional<Model> of(String scheme) {
        return CACHE.computeIfAbsent(scheme, AnnotatedOptions::load);
    }

    private static Optional<Model> load(String scheme) {
        String resource = "META-INF/services/org/apache/camel/component/" + scheme;
        try (InputStream in = AnnotatedOptions.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties p = new Properties();
            p.load(in);
            String component = p.getProperty("class");
            if (component == null || !component.endsWith("Component")) {
                return Optional.empty();
            }
            Class<?> endpoint = Class.forName(component.substring(0, component.length() - "Component".length()) + "Endpoint");
            UriEndpoint ue = endpoint.getAnnotation(UriEndpoint.class);
            if (ue == null || !Arrays.asList(ue.scheme().split(",")).contains(scheme)) {
                return Optional.empty();
            }
            Map<String, Option> options = new HashMap<>();
            List<String> prefixes = new java.util.ArrayList<>();
            collect(endpoint, options, prefixes, 0);
            return Optional.of(new Model(Map.copyOf(options), List.copyOf(prefixes)));
        } catch (IOException | ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static void collect(Class<?> type, Map<String, Option> options, List<String> prefixes, int depth) {
        for (Class<?> c = type; c != null && c != Object.class && depth < 4; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                UriParam up = f.getAnnotation(UriParam.class);
                if (up != null) {
                    String name = up.name().isEmpty() ? f.getName() : up.name();
                    if (!up.prefix().isEmpty()) {
                        prefixes.add(up.prefix());
                    }
                    options.putIfAbsent(name, new Option(type(f.getType(), up.javaType()), enums(f.getType(), up.enums())));
                } else if (f.getAnnotation(UriParams.class) != null) {
                    collect(f.getType(), options, prefixes, depth + 1);
                }
            }
        }
    }

    private static String type(Class<?> t, String javaType) {
        if (javaType.contains("Duration")) {
            return "string"; // "5s" and 5000 are both fine
        }
        if (t == int.class || t == long.class || t == Integer.class || t == Long.class || t == short.class) {
            return "integer";
        }
        if (t == double.class || t == float.class || t == Double.class || t == Float.class) {
            return "number";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "boolean";
        }
        return "string";
    }

    private static List<String> enums(Class<?> t, String declared) {
        if (!declared.isBlank()) {
            return Arrays.stream(declared.split(",")).map(String::trim).toList();
        }
        if (t.isEnum()) {
            return Arrays.stream(t.getEnumConstants()).map(String::valueOf).toList();
        }
        return null;
    }
}
