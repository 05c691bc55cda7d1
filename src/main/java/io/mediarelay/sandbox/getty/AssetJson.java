package io.mediarelay.sandbox.getty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a {@link CatalogAsset} as Getty JSON honouring the {@code fields} parameter
 * (explicit names plus the {@code summary_set}/{@code detail_set}/{@code display_set} shortcuts).
 */
final class AssetJson {

    /** Every field name accepted in {@code fields} (union of Getty's image/video field enums). */
    private static final Set<String> KNOWN = Set.of("allowed_use", "alternative_ids", "artist", "artist_title",
            "asset_family", "call_for_image", "caption", "city", "clip_length", "collection_code", "collection_id",
            "collection_name", "color_type", "comp", "comp_webp", "copyright", "country", "credit_line",
            "date_camera_shot", "date_created", "date_submitted", "detail_set", "display_set", "download_product",
            "download_sizes", "downloads", "editorial_segments", "editorial_source", "entity_details", "era",
            "event_ids", "graphical_style", "id", "is_ai_editable", "istock_collection", "istock_licenses",
            "key_frames", "keywords", "largest_downloads", "license_model", "links", "mastered_to", "max_dimensions",
            "object_name", "orientation", "originally_shot_on", "people", "preview", "product_types", "quality_rank",
            "referral_destinations", "shot_speed", "source", "state_province", "summary_set", "thumb", "title",
            "uri_oembed");
    private static final List<String> SUMMARY = List.of("artist", "asset_family", "caption", "collection_code",
            "collection_id", "collection_name", "license_model", "max_dimensions", "title");
    private static final List<String> DETAIL = List.of("allowed_use", "artist", "artist_title", "asset_family",
            "call_for_image", "caption", "city", "clip_length", "collection_code", "collection_id", "collection_name",
            "color_type", "copyright", "country", "credit_line", "date_created", "date_submitted", "download_sizes",
            "editorial_segments", "era", "event_ids", "graphical_style", "license_model", "mastered_to",
            "max_dimensions", "orientation", "originally_shot_on", "product_types", "quality_rank",
            "referral_destinations", "shot_speed", "state_province", "title");
    private static final List<String> DISPLAY_NAMES = List.of("comp", "preview", "thumb");

    private final String baseUrl;
    private final long videoBytes;
    private final Map<String, Object> defaultProduct;

    /** @param defaultProduct {@code product_id}/{@code product_type}/{@code agreement_name} for largest_downloads */
    AssetJson(String baseUrl, long videoBytes, Map<String, Object> defaultProduct) {
        this.baseUrl = baseUrl;
        this.videoBytes = videoBytes;
        this.defaultProduct = defaultProduct;
    }

    /**
     * Expands a {@code fields} parameter. Search results include the thumb in their summary set,
     * metadata calls do not (as documented by Getty).
     */
    static Set<String> expand(String fieldsParam, boolean search) {
        Set<String> out = new LinkedHashSet<>();
        out.add("id");
        List<String> requested = fieldsParam == null || fieldsParam.isBlank()
                ? List.of("summary_set") : Arrays.asList(fieldsParam.split(","));
        for (String raw : requested) {
            String f = raw.trim();
            if (f.isEmpty()) continue;
            if (!KNOWN.contains(f)) {
                throw ApiException.badParam("fields", "The value '" + f + "' is not valid.");
            }
            switch (f) {
                case "summary_set" -> {
                    out.addAll(SUMMARY);
                    if (search) out.add("thumb");
                }
                case "detail_set" -> out.addAll(DETAIL);
                case "display_set" -> out.addAll(DISPLAY_NAMES);
                default -> out.add(f);
            }
        }
        return out;
    }

    Map<String, Object> render(CatalogAsset a, Set<String> fields) {
        Map<String, Object> all = allFields(a);
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> display = new ArrayList<>();
        for (String f : fields) {
            if (DISPLAY_NAMES.contains(f)) {
                display.add(displaySize(a, f));
            } else if (all.containsKey(f)) {
                out.put(f, all.get(f));
            }
        }
        if (!display.isEmpty()) out.put("display_sizes", display);
        return out;
    }

    /** Board assets and hero assets: {id, asset_type, date_added, display_sizes[{name,uri}]}. */
    Map<String, Object> boardAsset(String id, String type, String dateAdded) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("asset_type", type);
        m.put("date_added", dateAdded);
        List<Map<String, Object>> sizes = new ArrayList<>();
        for (String name : List.of("thumb", "comp")) {
            Map<String, Object> size = new LinkedHashMap<>();
            size.put("name", name);
            size.put("uri", previewUri(type, id, name));
            sizes.add(size);
        }
        m.put("display_sizes", sizes);
        return m;
    }

    String previewUri(String type, String id, String name) {
        return baseUrl + "/media/" + type + "s/" + id + "/" + name + ".jpg";
    }

    String downloadApiUri(CatalogAsset a) {
        return baseUrl + "/v3/downloads/" + a.type() + "s/" + a.id();
    }

    private Map<String, Object> displaySize(CatalogAsset a, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("is_watermarked", !"thumb".equals(name));
        m.put("name", name);
        m.put("uri", previewUri(a.type(), a.id(), name));
        if (a.isVideo()) m.put("aspect_ratio", "16:9");
        return m;
    }

    private Map<String, Object> allFields(CatalogAsset a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("allowed_use", Map.of(
                "how_can_i_use_it", a.isEditorial()
                        ? "Available for editorial uses only. Editorial images may not be used for commercial purposes."
                        : "Available for all permitted uses under our |License Terms|.",
                "release_info", a.releaseInfo(),
                "usage_restrictions", a.usageRestrictions()));
        m.put("alternative_ids", Map.of());
        m.put("artist", a.artist());
        m.put("artist_title", a.isEditorial() ? "Staff" : "Contributor");
        m.put("asset_family", a.assetFamily());
        m.put("call_for_image", false);
        m.put("caption", a.caption());
        m.put("city", a.city());
        m.put("collection_code", a.collectionCode());
        m.put("collection_id", a.collectionId());
        m.put("collection_name", a.collectionName());
        m.put("color_type", "color");
        m.put("copyright", a.copyright());
        m.put("country", a.country());
        if (!a.isVideo()) {
            // an image field: Getty's video fields (VideoDetailFieldValues) have none, so a video's detail_set has none
            m.put("credit_line", a.creditLine());
        }
        m.put("date_camera_shot", a.dateCreated());
        m.put("date_created", a.dateCreated());
        m.put("date_submitted", a.dateCreated());
        m.put("download_product", a.isEditorial() ? "editorialsubscription" : "easyaccess");
        m.put("download_sizes", downloadSizes(a));
        m.put("editorial_segments", a.editorialSegment() == null ? List.of() : List.of(a.editorialSegment()));
        m.put("event_ids", List.of());
        m.put("graphical_style", a.graphicalStyle());
        m.put("istock_licenses", List.of());
        m.put("keywords", keywords(a));
        m.put("largest_downloads", List.of(largestDownload(a)));
        m.put("downloads", List.of(largestDownload(a)));
        m.put("license_model", a.licenseModel());
        m.put("links", List.of());
        m.put("max_dimensions", Map.of("width", a.width(), "height", a.height()));
        m.put("object_name", a.title());
        m.put("orientation", a.orientation());
        m.put("people", List.of());
        m.put("product_types", a.isEditorial() ? List.of("editorialsubscription", "easyaccess") : List.of("easyaccess"));
        m.put("quality_rank", a.qualityRank());
        m.put("referral_destinations", List.of(Map.of("site_name", "gettyimages",
                "uri", "https://www.gettyimages.com/detail/" + (a.isVideo() ? "video" : "photo") + "/" + a.id())));
        m.put("state_province", null);
        m.put("title", a.title());
        m.put("uri_oembed", null);
        if (a.isVideo()) {
            m.put("clip_length", String.format("00:00:%02d:00", a.clipSeconds()));
            m.put("era", "2020s");
            m.put("mastered_to", "HD");
            m.put("originally_shot_on", "HD");
            m.put("shot_speed", "Real Time");
            m.put("source", a.isEditorial() ? "Getty Images News" : "Getty Images");
        }
        return m;
    }

    private List<Map<String, Object>> keywords(CatalogAsset a) {
        List<Map<String, Object>> out = new ArrayList<>();
        int i = 0;
        for (String k : a.keywords()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("keyword_id", Integer.toString(Math.abs(k.hashCode() % 900_000) + 100_000));
            m.put("text", k);
            m.put("type", i == 0 ? "Subject" : "Unknown");
            m.put("relevance", Math.max(1, 100 - 10 * i++));
            out.add(m);
        }
        return out;
    }

    private Map<String, Object> largestDownload(CatalogAsset a) {
        Map<String, Object> m = new LinkedHashMap<>(defaultProduct);
        m.put("uri", downloadApiUri(a));
        return m;
    }

    private List<Map<String, Object>> downloadSizes(CatalogAsset a) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (DownloadSizes.Size s : DownloadSizes.of(a, videoBytes)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bytes", s.bytes());
            m.put("height", s.height());
            m.put("width", s.width());
            m.put("name", s.name());
            if (a.isVideo()) {
                m.put("content_type", "video/mp4");
                m.put("format", s.height() >= 720 ? "HD" : "SD");
                m.put("frame_rate", "29.97");
                m.put("frame_size", s.width() + "x" + s.height());
                m.put("interlaced", false);
                m.put("description", s.width() + "x" + s.height() + " H.264");
            } else {
                m.put("media_type", "image/jpeg");
                m.put("dpi", 300);
            }
            out.add(m);
        }
        return out;
    }
}
