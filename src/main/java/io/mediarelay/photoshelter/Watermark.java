package io.mediarelay.photoshelter;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Poll position: newest modification time seen plus the ids seen at exactly that time. {@code modify_start} is
 * inclusive and timestamps can tie (v3 dates have whole seconds), so a bare timestamp would repeat or drop items.
 */
final class Watermark {

    private Instant at;
    private final Set<String> idsAtTop = new LinkedHashSet<>();

    Watermark(Instant at) {
        this.at = at;
    }

    static Watermark parse(String json) {
        try {
            JsonNode n = Json.MAPPER.readTree(json);
            Watermark w = new Watermark(Instant.parse(n.path("at").asText()));
            n.path("ids").forEach(x -> w.idsAtTop.add(x.asText()));
            return w;
        } catch (Exception e) {
            throw new IllegalStateException("unreadable photoshelter cursor value", e);
        }
    }

    String serialize() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("at", at.toString());
        idsAtTop.forEach(n.putArray("ids")::add);
        return n.toString();
    }

    Instant at() {
        return at;
    }

    boolean isNew(Instant t, String id) {
        int c = t.compareTo(at);
        return c > 0 || c == 0 && !idsAtTop.contains(id);
    }

    void advance(Instant t, String id) {
        if (t.isAfter(at)) {
            at = t;
            idsAtTop.clear();
        }
        if (t.equals(at)) {
            idsAtTop.add(id);
        }
    }
}
