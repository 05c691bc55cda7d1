package io.mediarelay.getty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediarelay.connector.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** {@code getty:board?boardId=..}: emits each asset added to a board since the last poll, once. */
class GettyBoardConsumer extends WatermarkPollConsumer {

    GettyBoardConsumer(GettyEndpoint ep, Processor processor) {
        super(ep, processor);
        if (ep.getBoardId() == null || ep.getBoardId().isBlank()) {
            throw new IllegalArgumentException("getty:board needs boardId");
        }
    }

    @Override
    protected String defaultCursorName() {
        return "getty.board." + ep.getBoardId();
    }

    @Override
    protected Instant initialPosition() {
        return Instant.EPOCH;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected List<Item> fetch(Instant from) throws Exception {
        // the board detail lists its assets; there is no paging or "since" filter in the API
        JsonNode board = ep.client().get("/v3/boards/" + ep.getBoardId(), Map.of());
        List<Item> items = new ArrayList<>();
        for (JsonNode a : board.path("assets")) {
            String added = a.path("date_added").asText(null);
            Instant at = added == null ? Instant.EPOCH : Instant.parse(added);
            items.add(new Item(a.path("id").asText(), at, Json.MAPPER.convertValue(a, Map.class)));
        }
        return items;
    }

    @Override
    protected void setHeaders(Exchange exchange, Item item) {
        exchange.getMessage().setHeader(GettyConstants.BOARD_ID, ep.getBoardId());
        exchange.getMessage().setHeader(GettyConstants.ASSET_ID, item.id());
        exchange.getMessage().setHeader(GettyConstants.ASSET_TYPE, item.body().getOrDefault("asset_type", "image"));
        exchange.getMessage().setHeader(GettyConstants.DATE_ADDED, item.at());
    }

    /** The assets of the same type in this item's window of 100: their metadata is fetched in one call. */
    @Override
    protected void setBatchHeaders(Exchange exchange, List<Item> fresh, int index) {
        int from = index / QueryOperations.MAX_IDS_PER_CALL * QueryOperations.MAX_IDS_PER_CALL;
        int to = Math.min(fresh.size(), from + QueryOperations.MAX_IDS_PER_CALL);
        Object type = fresh.get(index).body().getOrDefault("asset_type", "image");
        List<String> ids = new ArrayList<>();
        for (Item i : fresh.subList(from, to)) {
            if (type.equals(i.body().getOrDefault("asset_type", "image"))) {
                ids.add(i.id());
            }
        }
        exchange.getMessage().setHeader(GettyConstants.BATCH_ASSET_IDS, ids);
    }
}
