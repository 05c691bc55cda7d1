package io.mediarelay.sandbox.getty;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediarelay.sandbox.getty.StateModel.Usage;
import io.mediarelay.sandbox.getty.StateModel.UsageBatch;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code PUT /v3/usage-batches/{id}}: all-or-nothing usage reporting, at most 1000 usages per batch,
 * a batch id can be used once (409 TransactionIdDuplicated).
 */
final class UsageBatchHandler {

    static final int MAX_USAGES = 1000;

    private final SandboxState state;
    private final SandboxCatalog catalog;
    private final java.util.concurrent.atomic.AtomicInteger failAfterRecording;

    UsageBatchHandler(SandboxState state, SandboxCatalog catalog, java.util.concurrent.atomic.AtomicInteger failAfterRecording) {
        this.state = state;
        this.catalog = catalog;
        this.failAfterRecording = failAfterRecording;
    }

    void register(ApiRouter router) {
        router.add("PUT", "/v3/usage-batches/([^/]+)", this::report);
    }

    private void report(ApiCall call) throws IOException {
        call.requireToken();
        String batchId = call.path(1);
        // fault knob: Getty records the batch but the answer is a 500 (a lost response), also for a repeated id
        boolean lostAnswer = failAfterRecording.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        if (state.hasUsageBatch(batchId)) throw lostAnswer ? lostAnswer() : duplicate(batchId);
        JsonNode root;
        try {
            root = HttpIo.JSON.readTree(call.body());
        } catch (IOException e) {
            throw invalid("The request body is not valid JSON.");
        }
        JsonNode usages = root == null ? null : root.get("asset_usages");
        if (usages == null || !usages.isArray() || usages.isEmpty()) throw invalid("asset_usages must contain at least one usage.");
        if (usages.size() > MAX_USAGES) {
            throw invalid("A batch may contain at most " + MAX_USAGES + " asset usages; got " + usages.size() + ".");
        }
        UsageBatch batch = new UsageBatch();
        batch.id = batchId;
        batch.received = Instant.now().toString();
        Set<String> invalidAssets = new LinkedHashSet<>();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (JsonNode n : usages) {
            Usage u = new Usage();
            u.asset_id = n.path("asset_id").asText("");
            u.quantity = n.path("quantity").asInt(0);
            u.usage_date = n.path("usage_date").asText("");
            if (catalog.find(u.asset_id) == null) invalidAssets.add(u.asset_id);
            if (u.quantity < 1) throw invalid("quantity must be a positive integer (asset " + u.asset_id + ").");
            LocalDate date = parseDate(u.usage_date);
            if (date == null) throw invalid("usage_date '" + u.usage_date + "' is not a valid date.");
            if (date.isAfter(today)) throw invalid("usage_date " + u.usage_date + " is in the future.");
            batch.asset_usages.add(u);
        }
        if (!invalidAssets.isEmpty()) {
            // all-or-nothing: nothing is recorded and the batch id stays unused, so the caller can
            // resubmit the valid usages (Getty recommends a new batch id for that)
            throw invalid("All asset ids must be valid; no usages were recorded.")
                    .with("invalid_assets", new ArrayList<>(invalidAssets));
        }
        if (!state.addUsageBatch(batch)) throw duplicate(batchId); // lost a race with the same id
        if (lostAnswer) throw lostAnswer();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("invalid_assets", List.of());
        body.put("total_asset_usages_processed", batch.asset_usages.size());
        HttpIo.sendJson(call.ex, 201, body);
    }

    private static ApiException invalid(String message) {
        return ApiException.service(400, "InvalidRequest", message);
    }

    private static ApiException lostAnswer() {
        return ApiException.service(500, "InternalServerError", "An unexpected error occurred (injected by sandbox after recording)");
    }

    private static ApiException duplicate(String batchId) {
        return ApiException.service(409, "TransactionIdDuplicated", "Batch id " + batchId + " has already been used.");
    }

    /** "Any unambiguous date format": ISO date, ISO date-time with offset, or a local date-time. */
    private static LocalDate parseDate(String s) {
        try {
            if (s.length() == 10) return LocalDate.parse(s);
            if (s.length() > 10 && (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$"))) {
                return OffsetDateTime.parse(s).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
            }
            return s.length() > 10 ? LocalDate.parse(s.substring(0, 10)) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
