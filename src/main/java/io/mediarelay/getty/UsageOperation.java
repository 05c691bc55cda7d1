package io.mediarelay.getty;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediarelay.connector.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Usage reporting: PUT /v3/usage-batches/{id}, at most 1000 usages per batch. Each chunk's batch id is
 * deterministic (caller's base id + index, or a name-based UUID of the chunk's content), so replaying
 * the same message reports nothing twice: Getty answers 409 TransactionIdDuplicated, which counts as
 * success and is flagged in {@link GettyConstants#USAGE_ALREADY_REPORTED}.
 */
final class UsageOperation {

    private final GettyEndpoint ep;
    private final GettyHttpClient client;

    UsageOperation(GettyEndpoint ep, GettyHttpClient client) {
        this.ep = ep;
        this.client = client;
    }

    void process(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        List<Map<String, Object>> usages = usages(in.getBody());
        if (usages.isEmpty()) {
            throw new IllegalArgumentException("getty:usage needs a non-empty list of {asset_id, quantity, usage_date}");
        }
        String base = in.getHeader(GettyConstants.USAGE_BATCH_ID, String.class);
        int size = ep.getBatchSize();
        int chunks = (usages.size() + size - 1) / size;
        List<String> batchIds = new ArrayList<>();
        List<Map<String, Object>> batches = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        long processed = 0;
        boolean already = false;
        for (int i = 0; i < chunks; i++) {
            List<Map<String, Object>> chunk = usages.subList(i * size, Math.min(usages.size(), (i + 1) * size));
            String id = base == null ? contentId(chunk) : chunks == 1 ? base : base + "-" + (i + 1);
            GettyHttpClient.ApiResponse r = client.call("PUT", "/v3/usage-batches/" + id, null,
                    Map.of("asset_usages", UsageDates.asDateTimes(chunk)), GettyHttpClient.Mode.IDEMPOTENT);
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("batch_id", id);
            b.put("size", chunk.size());
            if (r.status() == 409) {
                already = true;
                b.put("status", "already_reported");
            } else {
                JsonNode body = r.body();
                long n = body.path("total_asset_usages_processed").asLong(chunk.size());
                processed += n;
                body.path("invalid_assets").forEach(x -> invalid.add(x.asText()));
                b.put("status", "reported");
                b.put("total_asset_usages_processed", n);
            }
            batchIds.add(id);
            batches.add(b);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("batches", batches);
        result.put("total_asset_usages_processed", processed);
        result.put("invalid_assets", invalid);
        in.setHeader(GettyConstants.USAGE_BATCH_IDS, batchIds);
        in.setHeader(GettyConstants.USAGE_ALREADY_REPORTED, already);
        in.setBody(result);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> usages(Object body) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (body instanceof Collection<?> c) {
            for (Object o : c) {
                out.add(o instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : Json.MAPPER.convertValue(o, Map.class));
            }
        } else if (body instanceof String s && !s.isBlank()) {
            try {
                JsonNode n = Json.MAPPER.readTree(s);
                JsonNode arr = n.isArray() ? n : n.path("asset_usages");
                arr.forEach(x -> out.add(Json.MAPPER.convertValue(x, Map.class)));
            } catch (Exception e) {
                throw new IllegalArgumentException("getty:usage body is not a JSON usage list", e);
            }
        }
        return out;
    }

    /** Same usages in the same order → same id, on every node and after every restart. */
    private static String contentId(List<Map<String, Object>> chunk) throws Exception {
        byte[] canonical = Json.MAPPER.writer().with(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .writeValueAsBytes(chunk);
        return UUID.nameUUIDFromBytes(canonical).toString();
    }
}
