package io.mediarelay.connector;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Poll position of the Getty and PhotoShelter polling consumers: the newest timestamp seen plus the ids seen at
 * exactly that timestamp. Items with equal timestamps are common (bulk board adds, whole-second v3 dates), so a bare
 * "> timestamp" cursor would drop or repeat them.
 */
public final class Watermark {

    private Instant at;
    private final Set<String> idsAtTop = new LinkedHashSet<>();

    public Watermark(Instant at) {
        this.at = at;
    }

    public static Watermark parse(String json) {
        try {
            JsonNode n = Json.MAPPER.readTree(json);
            Watermark w = new Watermark(Instant.parse(n.path("at").asText()));
            n.path("ids").forEach(x -> w.idsAtTop.add(x.asText()));
            return w;
        } catch (Exception e) {
            throw new IllegalStateException("unreadable cursor value", e);
        }
    }

    public String serialize() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("at", at.toString());
        idsAtTop.forEach(n.putArray("ids")::add);
        return n.toString();
    }

    public Instant at() {
        return at;
    }

    public boolean isNew(Instant t, String id) {
        int c = t.compareTo(at);
        return c > 0 || c == 0 && !idsAtTop.contains(id);
    }

    public void advance(Instant t, String id) {
        if (t.isAfter(at)) {
            at = t;
            idsAtTop.clear();
        }
        if (t.equals(at)) {
            idsAtTop.add(id);
        }
    }
}
