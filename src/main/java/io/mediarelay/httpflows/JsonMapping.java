package io.mediarelay.httpflows;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one mapping mechanism of the HTTP target flows (bean {@code jsonMapping}): {@code routes/mappings/<name>.json}
 * says which field of the target's JSON comes from where in the source document (a license view, see
 * {@link RegistryFeed}). Target keys with dots make nested objects. Values are:
 * <ul>
 * <li>a path into the source, {@code "license.endDate"} (missing: the key is left out);</li>
 * <li>a constant, {@code "=cms"};</li>
 * <li>a template, {@code "${asset.artist} / ${asset.credit}"} (missing parts are empty).</li>
 * </ul>
 * Why not JSONata/XSLT: targets need renaming and nesting, nothing more, and integration engineers should be able
 * to read a mapping without learning a language. Files are re-read when they change, like route files.
 */
public final class JsonMapping {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VAR = Pattern.compile("\\$\\{([^}]+)}");

    private record Loaded(long modified, JsonNode fields) {
    }

    private final Path dir;
    private final Map<String, Loaded> cache = new ConcurrentHashMap<>();

    public JsonMapping(Path mappingsDir) {
        this.dir = mappingsDir;
    }

    /**
     * The source as a JSON tree: a Map or JsonNode as it is; JSON text as a file, bytes or a string (a dead letter
     * replayed from its kept payload, PayloadFiles) parsed.
     */
    private static JsonNode tree(Object source) {
        try {
            if (source instanceof JsonNode n) {
                return n;
            } else if (source instanceof File f) {
                return JSON.readTree(f);
            } else if (source instanceof byte[] b) {
                return JSON.readTree(b);
            } else if (source instanceof InputStream in) {
                return JSON.readTree(in);
            } else if (source instanceof String text && (text.startsWith("{") || text.startsWith("["))) {
                return JSON.readTree(text);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the message to map is not JSON: " + e.getMessage(), e);
        }
        return JSON.valueToTree(source);
    }

    /** Maps {@code source} (a Map or JsonNode; JSON text, bytes or a file) with mapping {@code name}; returns JSON text. */
    public String map(String name, Object source) throws IOException {
        return JSON.writeValueAsString(mapToTree(name, source));
    }

    public ObjectNode mapToTree(String name, Object source) {
        JsonNode src = tree(source);
        ObjectNode out = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = fields(name).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode value = value(f.getValue().asText(), src);
            if (value != null && !value.isNull()) {
                put(out, f.getKey(), value);
            }
        }
        return out;
    }

    private JsonNode value(String spec, JsonNode src) {
        if (spec.startsWith("=")) {
            return JSON.getNodeFactory().textNode(spec.substring(1));
        }
        if (spec.contains("${")) {
            Matcher m = VAR.matcher(spec);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                JsonNode v = path(src, m.group(1).trim());
                m.appendReplacement(sb, Matcher.quoteReplacement(v == null || v.isNull() ? "" : v.asText()));
            }
            m.appendTail(sb);
            return JSON.getNodeFactory().textNode(sb.toString().trim());
        }
        return path(src, spec);
    }

    static JsonNode path(JsonNode src, String path) {
        JsonNode n = src;
        for (String part : path.split("\\.")) {
            if (n == null) {
                return null;
            }
            n = n.get(part);
        }
        return n;
    }

    private static void put(ObjectNode out, String key, JsonNode value) {
        String[] parts = key.split("\\.");
        ObjectNode n = out;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = n.get(parts[i]);
            n = child instanceof ObjectNode o ? o : n.putObject(parts[i]);
        }
        n.set(parts[parts.length - 1], value);
    }

    /** The mapping's "fields" object, re-read when the file changed; a broken file is a clear error. */
    JsonNode fields(String name) {
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("mapping name must be a plain file name, not " + name);
        }
        Path file = dir.resolve(name + ".json");
        try {
            long modified = Files.getLastModifiedTime(file).toMillis();
            Loaded l = cache.get(name);
            if (l == null || l.modified() != modified) {
                JsonNode root = JSON.readTree(file.toFile());
                JsonNode fields = root.get("fields");
                if (fields == null || !fields.isObject()) {
                    throw new IllegalArgumentException(file + ": needs an object \"fields\": {\"targetKey\": \"source.path\"}");
                }
                l = new Loaded(modified, fields);
                cache.put(name, l);
            }
            return l.fields();
        } catch (IOException e) {
            throw new IllegalArgumentException("mapping " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** For tests and the CLI: the mapping applied, as a Map. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> mapToMap(String name, Object source) {
        return JSON.convertValue(mapToTree(name, source), LinkedHashMap.class);
    }
}
