package io.mediarelay.getty;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Turns a {@code getty:metadata} answer into {@code MediarelayMeta*} headers (title, caption, credit, artist,
 * copyright, restrictions, publication date, family, license model, keywords), which the companion steps
 * (JSON, XMP) write without knowing Getty. Missing fields stay absent rather than empty, so a companion never
 * claims "no restrictions" when Getty simply did not say.
 */
public final class GettyMetadataHeaders implements Processor {

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        Map<String, Object> body = exchange.getMessage().getBody(Map.class);
        Map<String, Object> asset = first(body);
        if (asset == null) {
            throw new IllegalArgumentException("Getty has no metadata for asset "
                    + exchange.getMessage().getHeader(GettyConstants.ASSET_ID));
        }
        var m = exchange.getMessage();
        put(m, "Title", asset.get("title"));
        put(m, "Caption", asset.get("caption"));
        put(m, "Credit", asset.get("credit_line"));
        put(m, "Artist", asset.get("artist"));
        put(m, "Copyright", asset.get("copyright"));
        put(m, "PublicationDate", asset.get("date_created"));
        // the names the XMP sidecar and package manifests read (manifest.AssetMetadata.FIELDS)
        put(m, "DateCreated", asset.get("date_created"));
        put(m, "Source", asset.get("collection_name"));
        put(m, "AssetFamily", asset.get("asset_family"));
        put(m, "LicenseModel", asset.get("license_model"));
        if (asset.get("allowed_use") instanceof Map<?, ?> use) {
            put(m, "Restrictions", use.get("usage_restrictions"));
            put(m, "AllowedUse", use.get("how_can_i_use_it"));
            put(m, "UsageTerms", use.get("how_can_i_use_it"));
            put(m, "ReleaseInfo", use.get("release_info"));
        }
        if (asset.get("keywords") instanceof List<?> kws) {
            put(m, "Keywords", kws.stream().map(k -> k instanceof Map<?, ?> km ? km.get("text") : k)
                    .filter(Objects::nonNull).map(String::valueOf).toList());
        }
    }

    /** The first image or video of a {@code getty:metadata} answer, or null. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> first(Map<String, Object> body) {
        if (body == null) {
            return null;
        }
        for (String key : List.of("images", "videos")) {
            if (body.get(key) instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?> a) {
                return (Map<String, Object>) a;
            }
        }
        return null;
    }

    private static void put(org.apache.camel.Message m, String field, Object value) {
        if (value != null && !(value instanceof String s && s.isBlank())) {
            m.setHeader("MediarelayMeta" + field, value);
        }
    }
}
