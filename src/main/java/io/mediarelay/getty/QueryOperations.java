package io.mediarelay.getty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediarelay.connector.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Read-only operations: search, metadata (batched by 100 ids) and products. Bodies become Maps/Lists. */
final class QueryOperations {

    static final int MAX_IDS_PER_CALL = 100;
    /** Exchange property holding the metadata answers of a {@code perExchangeCache} endpoint. */
    static final String METADATA_CACHE = "GettyMetadataCache";

    private final GettyEndpoint ep;
    private final GettyHttpClient client;

    QueryOperations(GettyEndpoint ep, GettyHttpClient client) {
        this.ep = ep;
        this.client = client;
    }

    void search(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String type = assetType(in);
        String family = ep.getAssetFamily();
        String phrase = in.getHeader(GettyConstants.PHRASE, ep.getPhrase(), String.class);
        if (phrase == null && in.getBody() instanceof String s && !s.isBlank()) {
            phrase = s;
        }
        Map<String, Object> q = new LinkedHashMap<>(ep.getQuery());
        q.put("phrase", phrase);
        q.put("page", in.getHeader(GettyConstants.PAGE, ep.getPage(), Integer.class));
        q.put("page_size", in.getHeader(GettyConstants.PAGE_SIZE, ep.getPageSize(), Integer.class));
        q.put("fields", ep.getFields());
        JsonNode result;
        if ("blended".equalsIgnoreCase(family) && "videos".equals(type)) {
            result = blendedVideos(q);
        } else {
            result = client.get("/v3/search/" + type + ("blended".equalsIgnoreCase(family) ? "" : "/" + family.toLowerCase()), q);
        }
        in.setHeader(GettyConstants.RESULT_COUNT, result.path("result_count").asLong());
        in.setBody(Json.MAPPER.convertValue(result, Map.class));
    }

    /**
     * Getty's current API has no blended video search ({@code GET /v3/search/videos} is gone from the spec; blended
     * image search remains, deprecated): the same page is asked of creative and of editorial video search and the
     * answers merged, creative first; {@code result_count} is the sum of both.
     */
    private JsonNode blendedVideos(Map<String, Object> q) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode out = Json.MAPPER.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode videos = out.putArray("videos");
        long count = 0;
        for (String family : List.of("creative", "editorial")) {
            JsonNode r = client.get("/v3/search/videos/" + family, q);
            count += r.path("result_count").asLong();
            r.path("videos").forEach(videos::add);
        }
        out.put("result_count", count);
        return out;
    }

    /**
     * Getty caps ids per call at 100: larger lists are split and the results merged in order. With
     * {@code perExchangeCache} the answers are kept on the exchange ({@value #METADATA_CACHE}): a flow whose steps
     * each read the asset's metadata (companion file, gate before licensing, license registration) asks Getty once
     * per asset, not once per step. Every call builds a fresh body from the kept answers, so a step that changes
     * its copy changes nobody else's.
     */
    void metadata(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String type = assetType(in);
        List<String> ids = ids(in.getHeader(GettyConstants.ASSET_IDS) != null ? in.getHeader(GettyConstants.ASSET_IDS) : in.getBody());
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("getty:metadata needs asset ids (header GettyAssetIds or body)");
        }
        String key = type + "|" + String.join(",", ids) + "|" + ep.getFields() + "|" + ep.getQuery();
        Map<String, List<JsonNode>> cache = ep.isPerExchangeCache() ? cacheOf(exchange) : null;
        List<JsonNode> answers = cache == null ? null : cache.get(key);
        if (answers == null && ids.size() == 1) {
            // one of the assets a poll emitted together: their metadata comes in one call (MetadataBatches)
            List<String> batch = ids(in.getHeader(GettyConstants.BATCH_ASSET_IDS));
            if (batch.size() > 1 && batch.size() <= MAX_IDS_PER_CALL && batch.contains(ids.get(0))) {
                String scope = type + "|" + ep.getFields() + "|" + ep.getQuery() + "|";
                JsonNode one = ep.getComponent().metadataBatches().take(scope, type, ids.get(0), batch, b -> call(type, b));
                if (one != null) {
                    answers = new ArrayList<>(List.of(one));
                }
            }
        }
        if (answers == null) {
            answers = new ArrayList<>();
            for (int i = 0; i < ids.size(); i += MAX_IDS_PER_CALL) {
                answers.add(call(type, ids.subList(i, Math.min(ids.size(), i + MAX_IDS_PER_CALL))));
            }
            if (cache != null) {
                cache.put(key, answers);
                exchange.setProperty(METADATA_CACHE, cache); // split/multicast copies share it: same assets, same answers
            }
        }
        List<Object> found = new ArrayList<>();
        List<Object> notFound = new ArrayList<>();
        for (JsonNode r : answers) {
            r.path(type).forEach(n -> found.add(Json.MAPPER.convertValue(n, Object.class)));
            r.path(type + "_not_found").forEach(n -> notFound.add(n.asText()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(type, found);
        body.put(type + "_not_found", notFound);
        in.setHeader(GettyConstants.RESULT_COUNT, (long) found.size());
        in.setBody(body);
    }

    private JsonNode call(String type, List<String> chunk) throws Exception {
        Map<String, Object> q = new LinkedHashMap<>(ep.getQuery());
        q.put("ids", String.join(",", chunk));
        q.put("fields", ep.getFields());
        return client.get("/v3/" + type, q);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<JsonNode>> cacheOf(Exchange exchange) {
        Object kept = exchange.getProperty(METADATA_CACHE);
        return kept instanceof Map<?, ?> m ? (Map<String, List<JsonNode>>) m : new ConcurrentHashMap<>();
    }

    void products(Exchange exchange) throws Exception {
        Map<String, Object> q = new LinkedHashMap<>(ep.getQuery());
        q.put("fields", ep.getFields() == null ? "download_requirements" : ep.getFields());
        JsonNode r = client.get("/v3/products", q);
        List<Object> products = new ArrayList<>();
        r.path("products").forEach(n -> products.add(Json.MAPPER.convertValue(n, Object.class)));
        exchange.getMessage().setHeader(GettyConstants.RESULT_COUNT, (long) products.size());
        exchange.getMessage().setBody(products);
    }

    private String assetType(Message in) {
        return normalizeType(in.getHeader(GettyConstants.ASSET_TYPE, ep.getAssetType(), String.class));
    }

    /** "image", "images", "video", "videos" → plural path segment. */
    static String normalizeType(String t) {
        String s = t == null ? "images" : t.trim().toLowerCase();
        if (s.startsWith("video")) {
            return "videos";
        }
        if (s.startsWith("image")) {
            return "images";
        }
        throw new IllegalArgumentException("asset type must be images or videos, not '" + t + "'");
    }

    static List<String> ids(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof Collection<?> c) {
            c.forEach(o -> out.add(String.valueOf(o).trim()));
        } else if (v instanceof String[] a) {
            out.addAll(Arrays.asList(a));
        } else if (v != null) {
            for (String s : v.toString().split(",")) {
                out.add(s.trim());
            }
        }
        out.removeIf(String::isEmpty);
        return out;
    }
}
