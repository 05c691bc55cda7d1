package io.mediarelay.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every kamelet under routes/kamelets carries what Camel tooling (Kaoto, VS Code, the kamelet catalog) shows and
 * what apache/camel-kamelets requires of its own: title and description, a description for every property, an
 * icon, a group, a type (source/sink/action, matching the name), a provider; secrets are {@code format: password}
 * with the credentials x-descriptor (masked in UIs); a {@code ref: "{{bean}}"} names a bean the kamelet declares.
 */
class KameletMetadataTest {
    static final String ICON = "camel.apache.org/kamelet.icon";
    static final String GROUP = "camel.apache.org/kamelet.group";
    static final String PROVIDER = "camel.apache.org/provider";
    static final String TYPE = "camel.apache.org/kamelet.type";
    static final String CREDENTIALS = "urn:camel:group:credentials";
    /** Property names that hold secrets: password, trustStorePassword, token, apiKey, privateKey, clientSecret, ... */
    static final Pattern SECRET = Pattern.compile("(?i).*(password|passphrase|secret|token|apikey|privatekey|accesskey|secretkey).*");
    static final Pattern LOCAL_REF = Pattern.compile("ref: \"\\{\\{([A-Za-z0-9]+)}}\"");

    @Test
    void everyKameletHasCompleteMetadata() throws Exception {
        List<String> problems = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(TestRuntimes.PROJECT.resolve("routes/kamelets"))) {
            files = s.filter(p -> p.toString().endsWith(".kamelet.yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 29, "kamelets found: " + files.size());
        for (Path f : files) {
            String name = f.getFileName().toString().replace(".kamelet.yaml", "");
            problems.addAll(problems(name, Files.readString(f)));
        }
        assertEquals(List.of(), problems, "kamelet metadata incomplete");
    }

    /** The check finds each kind of gap (so a green run above means the kamelets are complete, not the check empty). */
    @Test
    void theCheckFindsMissingPieces() {
        String bad = """
                apiVersion: camel.apache.org/v1
                kind: Kamelet
                metadata:
                  name: partner-sink
                  annotations:
                    camel.apache.org/kamelet.icon: "https://example.org/icon.png"
                  labels:
                    camel.apache.org/kamelet.type: action
                spec:
                  definition:
                    title: Partner
                    type: object
                    properties:
                      host:
                        title: Host
                        type: string
                      trustStorePassword:
                        title: Trust store password
                        description: Password of the trust store.
                        type: string
                  template:
                    from:
                      uri: kamelet:source
                      steps:
                        - process:
                            ref: "{{undeclared}}"
                """;
        List<String> found = problems("partner-sink", bad);
        String all = String.join("\n", found);
        for (String expected : List.of("no description", "property 'host' has no description", "icon is not a data:image/svg",
                "no camel.apache.org/kamelet.group", "no camel.apache.org/provider", "type 'action' but its name ends in -sink",
                "'trustStorePassword' is a secret but not format: password", "'trustStorePassword' has no x-descriptors "
                        + CREDENTIALS, "ref \"{{undeclared}}\" but declares no bean 'undeclared'")) {
            assertTrue(all.contains(expected), "expected a problem containing '" + expected + "' in:\n" + all);
        }
        assertEquals(9, found.size(), all);
    }

    @SuppressWarnings("unchecked")
    static List<String> problems(String name, String text) {
        List<String> out = new ArrayList<>();
        Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
        Map<String, Object> metadata = map(doc.get("metadata"));
        Map<String, Object> annotations = map(metadata.get("annotations"));
        Map<String, Object> labels = map(metadata.get("labels"));
        Map<String, Object> spec = map(doc.get("spec"));
        Map<String, Object> definition = map(spec.get("definition"));
        String where = name + ": ";
        if (!name.equals(metadata.get("name"))) {
            out.add(where + "metadata.name is '" + metadata.get("name") + "', not the file name");
        }
        if (blank(definition.get("title"))) {
            out.add(where + "spec.definition has no title");
        }
        if (blank(definition.get("description"))) {
            out.add(where + "spec.definition has no description");
        }
        String icon = String.valueOf(annotations.getOrDefault(ICON, ""));
        if (!icon.startsWith("data:image/svg+xml;base64,")) {
            out.add(where + "icon is not a data:image/svg+xml;base64 URI (" + ICON + ")");
        } else if (!new String(Base64.getDecoder().decode(icon.substring(icon.indexOf(',') + 1)), StandardCharsets.UTF_8)
                .contains("<svg")) {
            out.add(where + "icon does not decode to an SVG");
        }
        if (blank(annotations.get(GROUP))) {
            out.add(where + "no " + GROUP + " annotation");
        }
        if (blank(annotations.get(PROVIDER))) {
            out.add(where + "no " + PROVIDER + " annotation");
        }
        Object type = labels.get(TYPE);
        if (!Set.of("source", "sink", "action").contains(String.valueOf(type))) {
            out.add(where + "label " + TYPE + " is '" + type + "', not source, sink or action");
        } else if (!name.endsWith("-" + type)) {
            out.add(where + "type '" + type + "' but its name ends in -" + name.substring(name.lastIndexOf('-') + 1));
        }
        map(definition.get("properties")).forEach((prop, value) -> {
            Map<String, Object> p = map(value);
            for (String key : List.of("title", "description", "type")) {
                if (blank(p.get(key))) {
                    out.add(where + "property '" + prop + "' has no " + key);
                }
            }
            if (SECRET.matcher(prop).matches()) {
                if (!"password".equals(p.get("format"))) {
                    out.add(where + "property '" + prop + "' is a secret but not format: password");
                }
                Object descriptors = p.get("x-descriptors");
                if (!(descriptors instanceof List<?> l && l.contains(CREDENTIALS))) {
                    out.add(where + "property '" + prop + "' has no x-descriptors " + CREDENTIALS);
                }
            }
        });
        Set<String> declared = new java.util.HashSet<>();
        Object beans = map(spec.get("template")).get("beans");
        if (beans instanceof List<?> list) {
            list.forEach(b -> declared.add(String.valueOf(map(b).get("name"))));
        }
        Matcher m = LOCAL_REF.matcher(text);
        while (m.find()) {
            if (!declared.contains(m.group(1))) {
                out.add(where + "ref \"{{" + m.group(1) + "}}\" but declares no bean '" + m.group(1) + "' (template.beans)");
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static boolean blank(Object o) {
        return o == null || String.valueOf(o).isBlank();
    }
}
