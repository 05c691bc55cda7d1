package io.mediarelay.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/components/&lt;scheme&gt;.md cannot drift from the component: the part between the catalog markers is rendered
 * from the component JSON that camel-package-maven-plugin generates, and every option and header must be in it.
 * After changing an option or header: {@code mvn test -Dtest=ComponentDocsTest -Dmediarelay.docs.write=true}.
 */
class ComponentDocsTest {

    static final String BEGIN = "<!-- catalog:begin (generated from the component JSON by ComponentDocsTest; do not edit) -->";
    static final String END = "<!-- catalog:end -->";

    @ParameterizedTest
    @ValueSource(strings = {"getty", "photoshelter"})
    void docListsEveryOptionAndHeaderOfTheCatalog(String scheme) throws Exception {
        JsonNode root;
        try (DefaultCamelContext ctx = new DefaultCamelContext()) {
            String json = ctx.getComponentParameterJsonSchema(scheme);
            assertNotNull(json, "no component JSON for " + scheme);
            root = new ObjectMapper().readTree(json);
        }
        Path doc = Path.of("docs/components", scheme + ".md");
        String expected = render(root);
        String text = Files.readString(doc);
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        assertTrue(b >= 0 && e > b, doc + " has no catalog markers");
        String inDoc = text.substring(b + BEGIN.length(), e);
        if (Boolean.getBoolean("mediarelay.docs.write") && !inDoc.equals(expected)) {
            Files.writeString(doc, text.substring(0, b + BEGIN.length()) + expected + text.substring(e));
            inDoc = expected;
        }
        String current = inDoc;

        List<String> missing = new ArrayList<>();
        for (String section : List.of("componentProperties", "properties", "headers")) {
            root.path(section).fieldNames().forEachRemaining(name -> {
                if (!current.contains("`" + name + "`")) {
                    missing.add(section + "." + name);
                }
            });
        }
        assertTrue(missing.isEmpty(), doc + " misses " + missing
                + " (regenerate: mvn test -Dtest=ComponentDocsTest -Dmediarelay.docs.write=true)");
        assertEquals(expected, current, doc + " differs from the catalog"
                + " (regenerate: mvn test -Dtest=ComponentDocsTest -Dmediarelay.docs.write=true)");
    }

    /** Markdown tables of the component options, the endpoint path and query options, and the headers. */
    static String render(JsonNode root) {
        StringBuilder sb = new StringBuilder("\n");
        JsonNode c = root.path("component");
        sb.append("Syntax: `").append(c.path("syntax").asText()).append("`. ")
                .append(c.path("description").asText()).append("\n\n");
        sb.append("### Component options (`camel.component.").append(c.path("scheme").asText()).append(".<option>`)\n\n");
        table(sb, root.path("componentProperties"), false);
        sb.append("\n### Endpoint options\n\n");
        table(sb, root.path("properties"), true);
        sb.append("\n### Message headers\n\n| Header | Type | Group | Description |\n|---|---|---|---|\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            JsonNode v = h.getValue();
            sb.append("| `").append(h.getKey()).append("` | ").append(cell(v.path("javaType").asText())).append(" | ")
                    .append(v.path("group").asText()).append(" | ").append(cell(v.path("description").asText())).append(" |\n");
        }
        return sb.append("\n").toString();
    }

    private static void table(StringBuilder sb, JsonNode options, boolean withKind) {
        sb.append("| Option |").append(withKind ? " Kind |" : "").append(" Type | Default | Group | Description |\n|---|")
                .append(withKind ? "---|" : "").append("---|---|---|---|\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> o = it.next();
            JsonNode v = o.getValue();
            String description = v.path("description").asText();
            if (v.path("secret").asBoolean()) {
                description = "(secret) " + description;
            }
            if (v.path("required").asBoolean()) {
                description = "(required) " + description;
            }
            if (v.has("enum")) {
                List<String> values = new ArrayList<>();
                v.path("enum").forEach(x -> values.add(x.asText()));
                description += " One of: " + String.join(", ", values) + ".";
            }
            sb.append("| `").append(o.getKey()).append("` |");
            if (withKind) {
                sb.append(' ').append(v.path("kind").asText()).append(" |");
            }
            sb.append(' ').append(v.path("type").asText()).append(" | ")
                    .append(v.has("defaultValue") ? "`" + cell(v.path("defaultValue").asText()) + "`" : "").append(" | ")
                    .append(v.path("group").asText()).append(" | ").append(cell(description)).append(" |\n");
        }
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
