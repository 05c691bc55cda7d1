package io.mediarelay.photoshelter.flows;

import java.util.Locale;
import java.util.Map;

import io.mediarelay.manifest.AssetMetadata;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Bean {@code psMetadataHeaders}: turns a PhotoShelter IPTC map (the body after {@code photoshelter:metadata}) into
 * {@code MediarelayMeta*} headers, so the shared companion/XMP steps write caption, credit, copyright, ... for
 * PhotoShelter media exactly as they do for Getty assets. IPTC names PhotoShelter uses are mapped to the shared
 * field names; any other field keeps its own name (camelCased), so nothing a library fills in is dropped.
 */
public final class PsMetadataHeaders implements Processor {
    private static final Map<String, String> FIELD = Map.of(
            "headline", "title", "object_name", "title", "byline", "artist", "photographer", "artist",
            "copyright_notice", "copyright", "date_created", "dateCreated", "special_instructions", "restrictions");

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        Object body = in.getBody();
        if (!(body instanceof Map<?, ?> fields)) {
            throw new IllegalArgumentException("psMetadataHeaders needs the metadata map as body, not " + (body == null ? "null" : body.getClass().getName()));
        }
        fields.forEach((k, v) -> {
            if (k == null || v == null || v.toString().isBlank()) return;
            String key = k.toString().trim().toLowerCase(Locale.ROOT);
            in.setHeader(AssetMetadata.META_PREFIX + capitalize(FIELD.getOrDefault(key, camel(key))), v.toString());
        });
    }

    static String camel(String s) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : s.toCharArray()) {
            if (!Character.isLetterOrDigit(c)) {
                up = b.length() > 0;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
