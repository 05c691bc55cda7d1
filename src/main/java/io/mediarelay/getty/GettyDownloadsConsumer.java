package io.mediarelay.getty;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediarelay.connector.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** {@code getty:downloads}: emits each new entry of the account's download (license) history, once. */
class GettyDownloadsConsumer extends WatermarkPollConsumer {

    private static final int MAX_PAGES = 1000;

    GettyDownloadsConsumer(GettyEndpoint ep, Processor processor) {
        super(ep, processor);
    }

    @Override
    protected String defaultCursorName() {
        return "getty.downloads";
    }

    @Override
    protected Instant initialPosition() {
        return Instant.now().minus(Duration.ofDays(ep.getInitialLookbackDays())).truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected List<Item> fetch(Instant from) throws Exception {
        int pageSize = ep.getPageSize() == null ? 100 : ep.getPageSize();
        List<Item> items = new ArrayList<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            Map<String, Object> q = new LinkedHashMap<>(ep.getQuery());
            q.put("date_from", from.truncatedTo(ChronoUnit.SECONDS).toString());
            q.put("use_time", "true");
            q.put("page", page);
            q.put("page_size", pageSize);
            JsonNode r = ep.client().get("/v3/downloads", q);
            JsonNode list = r.path("downloads");
            for (JsonNode d : list) {
                String when = d.path("date_downloaded").asText(null);
                Instant at = when == null ? Instant.EPOCH : Instant.parse(when);
                // one asset can be licensed several times: identity is asset + time + product
                String id = d.path("id").asText() + "@" + at + "#" + d.path("product_id").asText("");
                items.add(new Item(id, at, Json.MAPPER.convertValue(d, Map.class)));
            }
            long total = r.path("result_count").asLong(-1);
            if (list.size() < pageSize || total >= 0 && (long) page * pageSize >= total) {
                break;
            }
        }
        return items;
    }

    @Override
    protected void setHeaders(Exchange exchange, Item item) {
        exchange.getMessage().setHeader(GettyConstants.ASSET_ID, item.body().get("id"));
        exchange.getMessage().setHeader(GettyConstants.ASSET_TYPE, item.body().get("asset_type"));
        exchange.getMessage().setHeader(GettyConstants.DATE_DOWNLOADED, item.at());
    }
}
