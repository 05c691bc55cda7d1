package io.mediarelay.manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Builds the package-level {@code manifest.csv} or {@code manifest.json} from the delivered items. The items
 * are a {@code List} in the body (maps, e.g. from {@link PackageItemsAggregation}, or exchanges) the first time;
 * they are also kept in the exchange property {@value #ITEMS_PROPERTY}, so the step can run twice (CSV, then
 * JSON) although each run replaces the body with the file it built. The format comes from the property
 * {@value #FORMAT_PROPERTY} (set by the package-manifest-action kamelet). Columns are
 * {@link AssetMetadata#FIELDS} plus any extra field an item carries, so no metadata is silently dropped.
 */
public final class PackageManifestAction implements Processor {
    public static final String ITEMS_PROPERTY = "MediarelayPackageItems";
    public static final String FORMAT_PROPERTY = "MediarelayManifestFormat";

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final CsvMapper csv = new CsvMapper();

    @Override
    public void process(Exchange exchange) throws Exception {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = exchange.getProperty(ITEMS_PROPERTY, List.class);
        if (items == null) {
            items = toItems(exchange.getIn().getBody());
            exchange.setProperty(ITEMS_PROPERTY, items);
        }
        String format = exchange.getProperty(FORMAT_PROPERTY, "csv", String.class).toLowerCase(Locale.ROOT);
        exchange.removeProperty(FORMAT_PROPERTY);
        byte[] body = switch (format) {
            case "csv" -> csv(items);
            case "json" -> json(items, exchange);
            default -> throw new IllegalArgumentException("package manifest format must be csv or json, got " + format);
        };
        exchange.getIn().setBody(body);
        exchange.getIn().setHeader(Exchange.FILE_NAME, "manifest." + format);
    }

    static List<Map<String, Object>> toItems(Object body) {
        if (!(body instanceof List<?> list)) {
            throw new IllegalArgumentException("package manifest needs a List of delivered items, got "
                    + (body == null ? "null" : body.getClass().getSimpleName()));
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (Object o : list) {
            if (o instanceof Exchange e) {
                items.add(AssetMetadata.fromHeaders(e.getIn().getHeaders()));
            } else if (o instanceof Map<?, ?> m) {
                Map<String, Object> copy = new LinkedHashMap<>();
                m.forEach((k, v) -> copy.put(String.valueOf(k), v));
                items.add(copy);
            } else {
                throw new IllegalArgumentException("package item must be a Map or Exchange, got " + o.getClass().getSimpleName());
            }
        }
        return items;
    }

    byte[] csv(List<Map<String, Object>> items) throws Exception {
        List<String> columns = columns(items);
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        columns.forEach(schema::addColumn);
        List<Map<String, String>> rows = new ArrayList<>();
        for (Map<String, Object> item : items) {
            Map<String, String> row = new LinkedHashMap<>();
            columns.forEach(c -> row.put(c, AssetMetadata.text(item.get(c))));
            rows.add(row);
        }
        return csv.writer(schema.build()).writeValueAsBytes(rows);
    }

    byte[] json(List<Map<String, Object>> items, Exchange exchange) throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("package", exchange.getIn().getHeader("MediarelayPackageId"));
        doc.put("run", exchange.getIn().getHeader(io.mediarelay.transfer.DeliveryHeaders.RUN_ID));
        doc.put("count", items.size());
        doc.put("totalBytes", items.stream().map(i -> i.get("bytes")).filter(b -> b instanceof Number)
                .mapToLong(b -> ((Number) b).longValue()).sum());
        List<Map<String, Object>> assets = new ArrayList<>();
        for (Map<String, Object> item : items) {
            Map<String, Object> a = new LinkedHashMap<>(item);
            a.put("approvedChannels", AssetMetadata.listOf(item.get("approvedChannels")));
            a.put("territory", AssetMetadata.listOf(item.get("territory")));
            assets.add(a);
        }
        doc.put("assets", assets);
        return json.writeValueAsBytes(doc);
    }

    static List<String> columns(List<Map<String, Object>> items) {
        List<String> columns = new ArrayList<>(AssetMetadata.FIELDS);
        items.forEach(i -> i.keySet().stream().filter(k -> !columns.contains(k)).forEach(columns::add));
        return columns;
    }
}
