package io.mediarelay.manifest;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mediarelay.transfer.DeliveryHeaders;

/**
 * The one field list shared by the per-asset JSON, the XMP sidecar and the package manifests, read from
 * {@code MediarelayMeta<Field>} headers (e.g. {@code MediarelayMetaLicenseEnd} → {@code licenseEnd}) plus the
 * delivery headers (asset id, sha256, bytes, remote path). Keeping the order fixed here means CSV columns and
 * JSON keys are stable for partners who parse them, whatever order the source set the headers in.
 */
public final class AssetMetadata {
    public static final String META_PREFIX = "MediarelayMeta";

    /** Manifest columns, in order. */
    public static final List<String> FIELDS = List.of(
            "id", "file", "title", "caption", "artist", "credit", "copyright", "source", "dateCreated",
            "licenseModel", "product", "restrictions", "usageTerms", "webStatement", "licenseStart", "licenseEnd",
            "campaign", "approvedChannels", "territory", "sha256", "bytes");

    private AssetMetadata() {
    }

    /** All {@link #FIELDS} (null when unknown) followed by any extra MediarelayMeta* fields. */
    public static Map<String, Object> fromHeaders(Map<String, Object> headers) {
        Map<String, Object> meta = new LinkedHashMap<>();
        FIELDS.forEach(f -> meta.put(f, null));
        headers.forEach((k, v) -> {
            if (k.startsWith(META_PREFIX) && k.length() > META_PREFIX.length() && v != null) {
                String field = k.substring(META_PREFIX.length());
                meta.put(Character.toLowerCase(field.charAt(0)) + field.substring(1), v);
            }
        });
        putIfAbsent(meta, "id", headers.get(DeliveryHeaders.ASSET_ID));
        putIfAbsent(meta, "file", headers.get(DeliveryHeaders.REMOTE_PATH));
        // Delivery facts win over metadata claims: they were measured on the bytes sent.
        if (headers.get(DeliveryHeaders.SHA256) != null) {
            meta.put("sha256", headers.get(DeliveryHeaders.SHA256));
        }
        if (headers.get(DeliveryHeaders.BYTES) != null) {
            meta.put("bytes", toLong(headers.get(DeliveryHeaders.BYTES)));
        }
        return meta;
    }

    private static void putIfAbsent(Map<String, Object> meta, String key, Object value) {
        if (meta.get(key) == null && value != null) {
            meta.put(key, value);
        }
    }

    private static Object toLong(Object v) {
        try {
            return Long.parseLong(v.toString());
        } catch (NumberFormatException e) {
            return v;
        }
    }

    /** A list-valued field (channels, territories) as a list: accepts a Collection or a comma-separated string. */
    public static List<String> listOf(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return java.util.Arrays.stream(value.toString().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Flat text form of a value, lists joined with "; " (CSV cells, XMP simple properties). */
    public static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Collection<?> c) {
            return String.join("; ", c.stream().map(String::valueOf).toList());
        }
        return value.toString();
    }
}
