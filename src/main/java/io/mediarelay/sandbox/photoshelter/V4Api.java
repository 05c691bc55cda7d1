package io.mediarelay.sandbox.photoshelter;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * {@code /psapi/v4.0}: JSON:API-like {@code data/attributes/meta} with {@code meta.paging}. Galleries and
 * collections (list with name/parent filters), media search with {@code modify_start}, media metadata
 * (iptc/xmp/custom_metadata GET + PATCH) and original download.
 */
final class V4Api extends ApiHandler {

    private final String base;

    V4Api(String base, PhotoShelterSandboxConfig config, SandboxStore store, Sessions sessions, Faults faults) {
        super("/psapi/v4.0", false, config, store, sessions, faults);
        this.base = base + "/psapi/v4.0";
    }

    @Override
    protected boolean route(HttpExchange ex, String method, String path) throws IOException {
        Matcher m;
        if (method.equals("POST") && path.equals("/authenticate")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("token", authenticate(Http.params(ex)));
            if (config.hasOrganization()) body.put("org", List.of(Map.of("id", config.organizationId)));
            Http.sendJson(ex, 200, body);
        } else if (method.equals("POST") && path.equals("/organization/authenticate")) {
            Sessions.Session s = session(ex);
            JsonNode b = Http.JSON.readTree(Http.readSmall(ex));
            orgAuthenticate(s, b == null ? null : b.path("org_id").asText(null));
            Http.sendJson(ex, 200, Map.of("meta", Map.of("status", "OK")));
        } else if (method.equals("GET") && (m = match("/(galleries|collections)", path)) != null) {
            session(ex);
            listContainers(ex, m.group(1).equals("galleries") ? "gallery" : "collection");
        } else if (method.equals("GET") && (m = match("/(galleries|collections)/([^/]+)", path)) != null) {
            session(ex);
            String type = m.group(1).equals("galleries") ? "gallery" : "collection";
            Http.sendJson(ex, 200, Http.v4(container(store.container(m.group(2), type)), null));
        } else if (method.equals("GET") && path.equals("/media")) {
            session(ex);
            searchMedia(ex);
        } else if (method.equals("GET") && (m = match("/media/([^/]+)", path)) != null) {
            session(ex);
            Http.sendJson(ex, 200, Http.v4(media(store.image(m.group(1))), null));
        } else if ((m = match("/media/([^/]+)/(iptc|xmp|custom_metadata|custom-metadata)", path)) != null
                && (method.equals("GET") || method.equals("PATCH"))) {
            session(ex);
            String kind = m.group(2).startsWith("custom") ? "custom" : m.group(2);
            SandboxStore.Image i = store.image(m.group(1));
            if (method.equals("PATCH")) i = store.updateMetadata(i.id, kind, patchAttributes(ex));
            Object attrs = switch (kind) { case "iptc" -> i.iptc; case "xmp" -> i.xmp; default -> i.custom; };
            Http.sendJson(ex, 200, Http.v4(Http.resource(i.id, kind, new LinkedHashMap<>((Map<String, Object>) attrs),
                    base + "/media/" + i.id + "/" + m.group(2)), null));
        } else if (method.equals("GET") && (m = match("/media/([^/]+)/download", path)) != null) {
            requireOrgIfMember(session(ex));
            Downloads.send(ex, store, store.image(m.group(1)));
        } else {
            return false;
        }
        return true;
    }

    /** PATCH body: {@code {"data":{"attributes":{...}}}} (the v4 PATCH body is undocumented; JSON:API style). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> patchAttributes(HttpExchange ex) throws IOException {
        JsonNode n = Http.JSON.readTree(Http.readSmall(ex));
        JsonNode attrs = n == null ? null : n.path("data").path("attributes");
        if (attrs == null || !attrs.isObject()) throw SandboxError.badRequest("body must be {\"data\":{\"attributes\":{...}}}");
        return Http.JSON.convertValue(attrs, Map.class);
    }

    private void listContainers(HttpExchange ex, String type) throws IOException {
        Map<String, String> q = Http.params(ex);
        String name = q.get("name");
        String parent = q.get("parent");
        List<SandboxStore.Container> all = store.containers(type).stream()
                .filter(c -> name == null || c.name.toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT))) // partial, as documented
                .filter(c -> parent == null || (parent.isEmpty() ? c.parentId == null : parent.equals(c.parentId)))
                .toList();
        page(ex, q, all.stream().map(this::container).map(Object.class::cast).toList());
    }

    private void searchMedia(HttpExchange ex) throws IOException {
        Map<String, String> q = Http.params(ex);
        String terms = q.get("terms");
        String galleries = q.get("galleries");
        Long modifyStart = q.containsKey("modify_start") ? parseDate(q.get("modify_start")) : null;
        if (terms == null && galleries == null && modifyStart == null) {
            throw SandboxError.badRequest("At least one of terms, galleries, modify_start is required");
        }
        List<Object> out = new ArrayList<>();
        for (SandboxStore.Image i : store.images()) {
            if (modifyStart != null && i.modifiedMicros < modifyStart) continue;
            if (galleries != null && i.galleryIds.stream().noneMatch(g -> List.of(galleries.split(",")).contains(g))) continue;
            if (terms != null && !(i.fileName + " " + i.iptc.values()).toLowerCase(Locale.ROOT).contains(terms.toLowerCase(Locale.ROOT))) continue;
            out.add(media(i));
        }
        page(ex, q, out);
    }

    /** Both date forms the spec shows; the sandbox treats zone-less values as UTC. */
    static long parseDate(String s) {
        try {
            String t = s.trim();
            Instant at = t.endsWith(" GMT") ? Http.V3_DATE.parse(t, Instant::from)
                    : t.endsWith("Z") ? Instant.parse(t) : LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            return at.getEpochSecond() * 1_000_000 + at.getNano() / 1000;
        } catch (RuntimeException e) {
            throw SandboxError.badRequest("unparseable date: " + s);
        }
    }

    /** 1-based pages; {@code meta.paging.next} only when there is one (clients stop on its absence). */
    private void page(HttpExchange ex, Map<String, String> q, List<Object> all) throws IOException {
        int page = Http.intParam(q, "page", 1, 1, 999);
        int perPage = Http.intParam(q, "per_page", 50, 1, 500);
        int from = Math.min(all.size(), (page - 1) * perPage);
        List<Object> slice = all.subList(from, Math.min(all.size(), from + perPage));
        int last = Math.max(1, (all.size() + perPage - 1) / perPage);
        String self = base + ex.getRequestURI().getPath().substring("/psapi/v4.0".length()) + "?per_page=" + perPage + "&page=";
        Map<String, Object> paging = new LinkedHashMap<>();
        paging.put("total", all.size());
        paging.put("page", page);
        paging.put("first", self + 1);
        paging.put("last", self + last);
        if (page < last) paging.put("next", self + (page + 1));
        if (page > 1) paging.put("prev", self + (page - 1));
        Http.sendJson(ex, 200, Http.v4(slice, Map.of("paging", paging)));
    }

    private Map<String, Object> container(SandboxStore.Container c) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", c.name);
        a.put("parent_id", c.parentId);
        a.put("is_listed", false);
        a.put("created_at", Http.v4Date(c.createdMicros));
        a.put("modified_at", Http.v4Date(c.modifiedMicros));
        return Http.resource(c.id, c.type, a, base + (c.type.equals("gallery") ? "/galleries/" : "/collections/") + c.id);
    }

    private Map<String, Object> media(SandboxStore.Image i) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("file_name", i.fileName);
        a.put("file_size", i.fileSize);
        a.put("hash", i.sha256);
        a.put("gallery_ids", i.galleryIds);
        a.put("created_at", Http.v3Date(i.uploadedMicros)); // the spec's example uses the GMT form here
        a.put("modified_at", Http.v4Date(i.modifiedMicros)); // and the ISO form elsewhere: clients must parse both
        return Http.resource(i.id, "image", a, base + "/media/" + i.id);
    }
}
