package io.mediarelay.manifest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mediarelay.transfer.DeliveryHeaders;
import io.mediarelay.runtime.FlowIdTagger;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Replaces the body with the per-asset JSON companion file and points {@code CamelFileName} at
 * {@code <CamelFileName>.json}. Fields come from the delivery headers plus any header named
 * {@code MediarelayMeta<Field>} (e.g. {@code MediarelayMetaCaption} → {@code caption}), so sources can add
 * metadata without this step knowing them.
 */
public final class CompanionJsonAction implements Processor {
    private static final String META_PREFIX = "MediarelayMeta";
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void process(Exchange exchange) throws Exception {
        var in = exchange.getIn();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("assetId", in.getHeader(DeliveryHeaders.ASSET_ID));
        doc.put("file", in.getHeader(DeliveryHeaders.REMOTE_PATH));
        doc.put("bytes", in.getHeader(DeliveryHeaders.BYTES));
        doc.put("sha256", in.getHeader(DeliveryHeaders.SHA256));
        doc.put("flow", FlowIdTagger.flowId(exchange));
        doc.put("destination", in.getHeader(DeliveryHeaders.DESTINATION));
        doc.put("deliveredAt", Instant.now().toString());
        in.getHeaders().forEach((k, v) -> {
            if (k.startsWith(META_PREFIX) && k.length() > META_PREFIX.length() && v != null) {
                String field = k.substring(META_PREFIX.length());
                doc.put(Character.toLowerCase(field.charAt(0)) + field.substring(1), v);
            }
        });
        in.setBody(json.writeValueAsBytes(doc));
        in.setHeader(Exchange.FILE_NAME, in.getHeader(Exchange.FILE_NAME, String.class) + ".json");
    }
}
