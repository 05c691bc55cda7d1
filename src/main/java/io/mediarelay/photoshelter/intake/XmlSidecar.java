package io.mediarelay.photoshelter.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.xml.stream.XMLInputFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;

/**
 * A per-file sidecar {@code <name>.xml} (or {@code <name-without-extension>.xml}), e.g.
 * {@code <metadata><title>..</title><caption>..</caption><keywords><keyword>a</keyword></keywords><credit>..</credit></metadata>}.
 * Element names use the same aliases as the CSV columns. DTDs and external entities are off (a sidecar is input).
 */
final class XmlSidecar {

    private static final XmlMapper XML;

    static {
        XMLInputFactory in = XMLInputFactory.newFactory();
        in.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        in.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XML = new XmlMapper(new XmlFactory(in));
    }

    private XmlSidecar() {
    }

    /** The fields, or null when unreadable (then the problem is reported). */
    static Map<String, Object> read(Path xml, String shownAs, List<SidecarProblem> problems) throws IOException {
        JsonNode root;
        try {
            root = XML.readTree(Files.readAllBytes(xml));
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            problems.add(new SidecarProblem(shownAs, line, "unreadable XML: " + e.getOriginalMessage()));
            return null;
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        if (root == null || !root.isObject()) return meta;
        root.fields().forEachRemaining(e -> {
            String f = CsvSidecar.COLUMNS.get(e.getKey().toLowerCase(Locale.ROOT));
            if (f == null || f.equals("filename")) {
                if (f == null) problems.add(new SidecarProblem(shownAs, 0, "unknown element <" + e.getKey() + "> ignored"));
                return;
            }
            if (f.equals("keywords")) {
                List<String> k = new ArrayList<>();
                collect(e.getValue(), k);
                if (!k.isEmpty()) meta.put(f, String.join(", ", k));
            } else if (e.getValue().isValueNode() && !e.getValue().asText().isBlank()) {
                meta.put(f, e.getValue().asText().trim());
            }
        });
        return meta;
    }

    private static void collect(JsonNode n, List<String> out) {
        if (n.isValueNode()) {
            for (String s : n.asText().split("[,;]")) if (!s.isBlank()) out.add(s.trim());
        } else {
            n.forEach(c -> collect(c, out));
        }
    }
}
