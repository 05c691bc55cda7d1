package io.mediarelay.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Collects one metadata map per delivered asset (from its headers, after upload, so sha256/bytes are the
 * verified values) into a List body for {@link PackageManifestAction}. Only the small map is kept, never the
 * asset body, so a package of thousands of GB-sized videos aggregates in a few KB per asset.
 */
public final class PackageItemsAggregation implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Map<String, Object> item = AssetMetadata.fromHeaders(newExchange.getIn().getHeaders());
        if (oldExchange == null) {
            List<Map<String, Object>> items = new ArrayList<>();
            items.add(item);
            newExchange.getIn().setBody(items);
            return newExchange;
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = oldExchange.getIn().getBody(List.class);
        items.add(item);
        return oldExchange;
    }
}
