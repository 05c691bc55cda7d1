package io.mediarelay.sandbox.getty;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /v3/images?ids=}, {@code /v3/images/{id}} and the video equivalents. Batches are capped
 * at 100 ids; unknown ids of a batch are reported in {@code images_not_found}/{@code videos_not_found},
 * an unknown single id is a 404.
 */
final class MetadataHandler {

    static final int MAX_IDS = 100;

    private final SandboxCatalog catalog;
    private final AssetJson json;
    private final Map<String, AtomicInteger> lookups;

    /** @param lookups counts, per asset id, the requests that named it (for tests of how often flows ask) */
    MetadataHandler(SandboxCatalog catalog, AssetJson json, Map<String, AtomicInteger> lookups) {
        this.catalog = catalog;
        this.json = json;
        this.lookups = lookups;
    }

    void register(ApiRouter router) {
        router.add("GET", "/v3/(image|video)s", call -> batch(call, call.path(1), call.param("ids"), false));
        router.add("GET", "/v3/(image|video)s/([^/]+)", call -> batch(call, call.path(1), call.path(2), true));
    }

    private void batch(ApiCall call, String type, String idsParam, boolean single) throws IOException {
        call.optionalToken();
        Set<String> ids = new LinkedHashSet<>();
        if (idsParam != null) {
            Arrays.stream(idsParam.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(ids::add);
        }
        if (ids.isEmpty()) {
            throw ApiException.badParam("ids", "At least one " + type + " id must be specified.");
        }
        if (ids.size() > MAX_IDS) {
            throw ApiException.badParam("ids", "A maximum of " + MAX_IDS + " ids may be requested; got " + ids.size() + ".");
        }
        ids.forEach(id -> lookups.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet());
        Set<String> fields = AssetJson.expand(call.param("fields"), false);
        List<Map<String, Object>> found = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        for (String id : ids) {
            CatalogAsset a = catalog.find(id, type);
            if (a == null) notFound.add(id);
            else found.add(json.render(a, fields));
        }
        if (single && found.isEmpty()) {
            throw notFound(type, String.join(",", notFound));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(type + "s", found);
        body.put(type + "s_not_found", notFound);
        HttpIo.sendJson(call.ex, 200, body);
    }

    /** The spec names the 404 of the video metadata endpoints "VideosNotFound" (plural). */
    static ApiException notFound(String type, String id) {
        return "video".equals(type)
                ? ApiException.service(404, "VideosNotFound", "Video not found: " + id)
                : ApiException.service(404, "ImageNotFound", "Image not found: " + id);
    }
}
