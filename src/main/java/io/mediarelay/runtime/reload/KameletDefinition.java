package io.mediarelay.runtime.reload;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** What a kamelet's {@code spec.definition} declares: its parameters with type, enum and default, and which are required. */
record KameletDefinition(Map<String, Param> params, Set<String> required) {

    /** One declared parameter; {@code type} is the JSON-schema type (string, integer, number, boolean). */
    record Param(String type, List<String> enumValues, boolean hasDefault) {
    }

    /** The definition in a kamelet file; null when the file does not parse or declares no definition. */
    @SuppressWarnings("unchecked")
    static KameletDefinition parse(String text) {
        try {
            Object root = new Load(LoadSettings.builder().setLabel("kamelet").build()).loadFromString(text);
            if (!(root instanceof Map<?, ?> r) || !(r.get("spec") instanceof Map<?, ?> spec)
                    || !(spec.get("definition") instanceof Map<?, ?> def)) {
                return null;
            }
            Map<String, Param> params = new java.util.LinkedHashMap<>();
            if (def.get("properties") instanceof Map<?, ?> props) {
                props.forEach((name, p) -> {
                    Map<String, Object> m = p instanceof Map<?, ?> ? (Map<String, Object>) p : Map.of();
                    List<String> en = m.get("enum") instanceof List<?> l
                            ? l.stream().map(String::valueOf).collect(Collectors.toList()) : null;
                    params.put(String.valueOf(name), new Param(m.get("type") == null ? "string" : String.valueOf(m.get("type")),
                            en, m.containsKey("default")));
                });
            }
            Set<String> required = def.get("required") instanceof List<?> l
                    ? l.stream().map(String::valueOf).collect(Collectors.toSet()) : Set.of();
            return new KameletDefinition(params, required);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
