package io.mediarelay.getty;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Metadata of a poll's assets fetched together (issue 15): a board poll emits each asset as its own exchange, and each
 * asks {@code getty:metadata} for its one id before licensing — one call per asset, half of GF1's calls under the
 * QPS limit. The consumer names the assets it emits together ({@link GettyConstants#BATCH_ASSET_IDS}, at most 100);
 * the first lookup of one of them asks Getty for all of them in one call, the others take their answer from here.
 *
 * <p>An answer is kept at most {@link #TTL_MILLIS} from when Getty gave it (every step of the asset's trip that asks
 * within that time gets it; older answers are asked again, with their batch). Concurrent lookups of one batch wait
 * for the one call.
 */
final class MetadataBatches {
    static final long TTL_MILLIS = 120_000;
    private static final int MAX_ENTRIES = 10_000;

    /** A node, or {@link #NOT_FOUND} when Getty listed the id among the ones not found. */
    private record Entry(JsonNode node, long at) {
    }

    private static final JsonNode NOT_FOUND = com.fasterxml.jackson.databind.node.NullNode.instance;

    @FunctionalInterface
    interface BatchCall {
        JsonNode get(List<String> ids) throws Exception;
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Object> loading = new ConcurrentHashMap<>();

    /**
     * The answer of Getty for {@code id} as {@code {<type>: [...], <type>_not_found: [...]}}, fetched with its batch
     * unless already here; null when the batch answer does not mention the id (the caller asks for it alone).
     */
    JsonNode take(String scope, String type, String id, List<String> batch, BatchCall call) throws Exception {
        Entry e = takeFresh(scope + id);
        if (e == null) {
            String batchKey = scope + String.join(",", batch);
            Object lock = loading.computeIfAbsent(batchKey, k -> new Object());
            try {
                synchronized (lock) {
                    e = takeFresh(scope + id);
                    if (e == null) {
                        store(scope, type, call.get(batch));
                        e = takeFresh(scope + id);
                    }
                }
            } finally {
                loading.remove(batchKey, lock);
            }
        }
        return e == null ? null : answer(type, id, e.node());
    }

    private Entry takeFresh(String key) {
        Entry e = entries.get(key);
        if (e != null && System.currentTimeMillis() - e.at() > TTL_MILLIS) {
            entries.remove(key, e);
            return null;
        }
        return e;
    }

    private void store(String scope, String type, JsonNode answer) {
        long now = System.currentTimeMillis();
        if (entries.size() > MAX_ENTRIES) {
            entries.values().removeIf(x -> now - x.at() > TTL_MILLIS);
        }
        answer.path(type).forEach(n -> {
            String id = n.path("id").asText("");
            if (!id.isEmpty()) {
                entries.put(scope + id, new Entry(n, now));
            }
        });
        answer.path(type + "_not_found").forEach(n -> entries.put(scope + n.asText(), new Entry(NOT_FOUND, now)));
    }

    private static JsonNode answer(String type, String id, JsonNode node) {
        com.fasterxml.jackson.databind.node.ObjectNode out = io.mediarelay.connector.Json.MAPPER.createObjectNode();
        var found = out.putArray(type);
        var notFound = out.putArray(type + "_not_found");
        if (node == NOT_FOUND) {
            notFound.add(id);
        } else {
            found.add(node);
        }
        return out;
    }
}
