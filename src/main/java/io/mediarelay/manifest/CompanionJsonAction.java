package io.mediarelay.manifest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mediarelay.common.FlowIdTagger;
import io.mediarelay.transfer.DeliveryHeaders;
import io.mediarelay.transfer.naming.RemoteNameAction;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Replaces the body with the per-asset JSON companion file and points {@code CamelFileName} at
 * {@code <CamelFileName>.json}. The asset fields are {@link AssetMetadata#FIELDS} (always present, null when
 * unknown, so consumers can rely on the keys) plus extra {@code MediarelayMeta*} headers; list fields
 * (approvedChannels, territory) are JSON arrays. Delivery facts (assetId, flow, destination, deliveredAt) are
 * kept for compatibility with the drop-folder flow's consumers.
 */
public final class CompanionJsonAction implements Processor {
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void process(Exchange exchange) throws Exception {
        var in = exchange.getIn();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("assetId", in.getHeader(DeliveryHeaders.ASSET_ID));
        Map<String, Object> meta = AssetMetadata.fromHeaders(in.getHeaders());
        meta.put("approvedChannels", AssetMetadata.listOf(meta.get("approvedChannels")));
        meta.put("territory", AssetMetadata.listOf(meta.get("territory")));
        doc.putAll(meta);
        doc.put("flow", FlowIdTagger.flowId(exchange));
        doc.put("destination", in.getHeader(DeliveryHeaders.DESTINATION));
        doc.put("deliveredAt", Instant.now().toString());
        in.setBody(json.writeValueAsBytes(doc));
        // Named after the asset even when an earlier companion step (XMP) already changed CamelFileName.
        String asset = in.getHeader(RemoteNameAction.ASSET_FILE_NAME, in.getHeader(Exchange.FILE_NAME, String.class), String.class);
        in.setHeader(Exchange.FILE_NAME, asset + ".json");
    }
}
