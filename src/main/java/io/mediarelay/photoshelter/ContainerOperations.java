package io.mediarelay.photoshelter;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

/**
 * Galleries and collections: list (v4), find by exact name under a parent (v4 {@code name} filter is partial, so
 * results are filtered exactly), create (v3 {@code insert}; v4 writes are undocumented), and collection paths
 * like {@code Brand/2026}. Find-or-create is serialised per parent+name inside this JVM so concurrent exchanges
 * do not create twins; across JVMs PhotoShelter offers no uniqueness guarantee.
 */
final class ContainerOperations {

    private static final Map<String, Object> LOCKS = new ConcurrentHashMap<>();

    private final PhotoShelterEndpoint ep;
    private final PhotoShelterClient client;

    ContainerOperations(PhotoShelterEndpoint ep, PhotoShelterClient client) {
        this.ep = ep;
        this.client = client;
    }

    void gallery(Exchange exchange) throws Exception {
        var msg = exchange.getMessage();
        String name = msg.getHeader(PhotoShelterConstants.NAME, ep.getGalleryName(), String.class);
        if (name == null || name.isBlank()) throw new IllegalArgumentException("photoshelter:gallery needs galleryName (or header PhotoShelterName)");
        String parent = ep.getParentId();
        if (parent == null && ep.getCollectionPath() != null) parent = collectionPath(ep.getCollectionPath(), ep.isCreate());
        Map<String, Object> g = findOrCreate("gallery", name.trim(), parent, ep.isCreate());
        if (g == null) throw new PhotoShelterApiException(404, "ResourceNotFoundException", null, "PhotoShelter gallery '" + name + "' not found", null);
        msg.setHeader(PhotoShelterConstants.GALLERY_ID, g.get("id"));
        msg.setBody(g);
    }

    void collection(Exchange exchange) throws Exception {
        var msg = exchange.getMessage();
        String path = msg.getHeader(PhotoShelterConstants.NAME, ep.getCollectionPath(), String.class);
        if (path == null || path.isBlank()) throw new IllegalArgumentException("photoshelter:collection needs collectionPath (or header PhotoShelterName)");
        String id = collectionPath(path, ep.isCreate());
        if (id == null) throw new PhotoShelterApiException(404, "ResourceNotFoundException", null, "PhotoShelter collection '" + path + "' not found", null);
        msg.setHeader(PhotoShelterConstants.COLLECTION_ID, id);
        msg.setBody(Map.of("id", id, "path", path));
    }

    void list(Exchange exchange, String type) throws Exception {
        Map<String, Object> q = new LinkedHashMap<>();
        if (ep.getGalleryName() != null && type.equals("gallery")) q.put("name", ep.getGalleryName());
        if (ep.getParentId() != null) q.put("parent", ep.getParentId());
        List<Map<String, Object>> all = Pages.all(client, type.equals("gallery") ? "/galleries" : "/collections", q, ep.getPageSize(), ep.getMaxResults());
        exchange.getMessage().setHeader(PhotoShelterConstants.COUNT, all.size());
        exchange.getMessage().setBody(all);
    }

    /** Resolves {@code A/B/C} from the top level; null when a segment is missing and create is false. */
    String collectionPath(String path, boolean create) throws IOException, InterruptedException {
        String parent = null;
        for (String segment : path.split("/")) {
            if (segment.isBlank()) continue;
            Map<String, Object> c = findOrCreate("collection", segment.trim(), parent, create);
            if (c == null) return null;
            parent = (String) c.get("id");
        }
        return parent;
    }

    /** Ids of every gallery below a collection, sub-collections included (what "media of a collection" means). */
    List<String> galleriesUnder(String collectionId) throws IOException, InterruptedException {
        List<String> out = new java.util.ArrayList<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(collectionId));
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            String parent = todo.pop();
            if (!seen.add(parent)) continue; // a cycle in a broken tree must not loop forever
            for (Map<String, Object> g : Pages.all(client, "/galleries", Map.of("parent", parent), 100, 10_000)) out.add((String) g.get("id"));
            for (Map<String, Object> c : Pages.all(client, "/collections", Map.of("parent", parent), 100, 10_000)) todo.push((String) c.get("id"));
        }
        return out;
    }

    Map<String, Object> findOrCreate(String type, String name, String parentId, boolean create) throws IOException, InterruptedException {
        Object lock = LOCKS.computeIfAbsent(type + "|" + parentId + "|" + name, k -> new Object());
        synchronized (lock) {
            Map<String, Object> found = find(type, name, parentId);
            if (found != null || !create) return found;
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", name);
            if (parentId != null) p.put("parent", parentId);
            if (type.equals("gallery")) p.put("mode", "private");
            JsonNode data = client.v3("GET", "/mem/" + type + "/insert", p);
            JsonNode rec = data.path(type.equals("gallery") ? "Gallery" : "Collection");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", rec.path(type + "_id").asText());
            m.put("type", type);
            m.put("name", rec.path("name").asText(name));
            m.put("parent_id", parentId);
            m.put("created", true);
            return m;
        }
    }

    private Map<String, Object> find(String type, String name, String parentId) throws IOException, InterruptedException {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("name", name);
        q.put("parent", parentId == null ? "" : parentId); // blank = top level, per the v4 draft
        for (Map<String, Object> c : Pages.all(client, type.equals("gallery") ? "/galleries" : "/collections", q, 100, 10_000)) {
            if (name.equals(c.get("name"))) {
                c.put("created", false);
                return c;
            }
        }
        return null;
    }
}
