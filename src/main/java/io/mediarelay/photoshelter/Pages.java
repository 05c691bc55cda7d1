package io.mediarelay.photoshelter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediarelay.connector.Json;

/**
 * Walks v4 list pages. Stops when {@code meta.paging.next} is absent (the documented last-page signal) or a page
 * is empty. Page numbers are sent by us rather than following {@code next} links: those are not always absolute
 * URLs and may carry the API key in the query.
 */
final class Pages {

    private static final int MAX_PAGES = 1000; // PhotoShelter's page parameter stops at 999

    private Pages() {
    }

    static List<Map<String, Object>> all(PhotoShelterClient client, String path, Map<String, ?> query, int perPage, int max)
            throws IOException, InterruptedException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int page = 1; page <= MAX_PAGES && out.size() < max; page++) {
            Map<String, Object> q = new LinkedHashMap<>(query);
            q.put("page", page);
            q.put("per_page", perPage);
            JsonNode doc = client.v4("GET", path, q, null);
            JsonNode data = doc.path("data");
            for (JsonNode r : data) {
                if (out.size() < max) out.add(flatten(r));
            }
            if (data.isEmpty() || doc.path("meta").path("paging").path("next").isMissingNode()
                    || doc.path("meta").path("paging").path("next").isNull()) {
                break;
            }
        }
        return out;
    }

    /** {@code {id, type, attributes:{..}}} → one flat map {@code {id, type, ..attributes}}: what routes want. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> flatten(JsonNode resource) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", resource.path("id").asText(null));
        m.put("type", resource.path("type").asText(null));
        if (resource.path("attributes").isObject()) {
            m.putAll(Json.MAPPER.convertValue(resource.get("attributes"), Map.class));
        }
        return m;
    }
}
