package io.mediarelay.sandbox.getty;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * {@code GET /v3/search/{images|videos}[/creative|/editorial]}: phrase matching over title, caption
 * and keywords, Getty paging/sort parameters and {@code fields}. Facets, filters other than the
 * asset family and related searches are accepted but not applied.
 */
final class SearchHandler {

    private static final Set<String> SORTS = Set.of("best_match", "most_popular", "newest", "random");

    private final SandboxCatalog catalog;
    private final AssetJson json;
    private final long seed;

    SearchHandler(SandboxCatalog catalog, AssetJson json, long seed) {
        this.catalog = catalog;
        this.json = json;
        this.seed = seed;
    }

    void register(ApiRouter router) {
        router.add("GET", "/v3/search/(images|videos)(?:/(creative|editorial))?", this::search);
    }

    /** The properties of Getty's CreativeVideoSearchItem (additionalProperties: false). */
    static final Set<String> CREATIVE_VIDEO_ITEM = Set.of("allowed_use", "artist", "asset_family", "caption",
            "clip_length", "collection_code", "collection_id", "collection_name", "color_type", "copyright", "date_created",
            "display_sizes", "download_product", "era", "event_ids", "id", "istock_licenses", "keywords",
            "largest_downloads", "license_model", "mastered_to", "originally_shot_on", "product_types",
            "referral_destinations", "shot_speed", "title");
    /** EditorialVideoSearchItem: the creative set plus {@code source}. */
    static final Set<String> EDITORIAL_VIDEO_ITEM = union(CREATIVE_VIDEO_ITEM, "source");

    /** ImageSearchItemCreative. */
    static final Set<String> CREATIVE_IMAGE_ITEM = Set.of("allowed_use", "alternative_ids", "artist", "asset_family",
            "call_for_image", "caption", "collection_code", "collection_id", "collection_name", "color_type", "copyright",
            "date_camera_shot", "date_created", "display_sizes", "download_product", "graphical_style", "id", "keywords",
            "largest_downloads", "license_model", "max_dimensions", "orientation", "quality_rank",
            "referral_destinations", "title", "uri_oembed");
    /** ImageSearchItemEditorial. */
    static final Set<String> EDITORIAL_IMAGE_ITEM = union(CREATIVE_IMAGE_ITEM, "editorial_segments", "editorial_source",
            "event_ids", "people", "product_types");
    /** ImageSearchItem (blended image search). */
    static final Set<String> BLENDED_IMAGE_ITEM = union(CREATIVE_IMAGE_ITEM, "editorial_segments", "event_ids",
            "istock_licenses", "people", "product_types");

    private static Set<String> itemFields(boolean videos, String family) {
        if (videos) {
            return "editorial".equals(family) ? EDITORIAL_VIDEO_ITEM : CREATIVE_VIDEO_ITEM;
        }
        return family == null ? BLENDED_IMAGE_ITEM : "editorial".equals(family) ? EDITORIAL_IMAGE_ITEM : CREATIVE_IMAGE_ITEM;
    }

    private static Set<String> union(Set<String> a, String... more) {
        Set<String> s = new java.util.HashSet<>(a);
        s.addAll(java.util.List.of(more));
        return Set.copyOf(s);
    }

    private void search(ApiCall call) throws IOException {
        call.optionalToken();
        boolean videos = call.path(1).equals("videos");
        String family = call.path(2);
        if (videos && family == null) {
            // GET /v3/search/videos (blended) is gone from Getty's current spec
            throw ApiException.service(404, "NotFound", "No such resource: /v3/search/videos");
        }
        int[] paging = HttpIo.paging(call.query, "page_size", 30);
        String sort = call.param("sort_order");
        if (sort != null && !SORTS.contains(sort) && !("oldest".equals(sort) && "editorial".equals(family))) {
            throw ApiException.badParam("sort_order", "The value '" + sort + "' is not valid.");
        }
        Set<String> fields = AssetJson.expand(call.param("fields"), true);
        String phrase = call.param("phrase");

        List<CatalogAsset> hits = new ArrayList<>();
        for (CatalogAsset a : videos ? catalog.videos() : catalog.images()) {
            if ((family == null || family.equals(a.assetFamily())) && a.matches(phrase)) hits.add(a);
        }
        sort(hits, sort == null ? "best_match" : sort, phrase);

        int from = (paging[0] - 1) * paging[1];
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = from; i < Math.min(hits.size(), from + paging[1]); i++) {
            Map<String, Object> item = json.render(hits.get(i), fields);
            // search items have fewer fields than metadata (video: no max_dimensions; creative image: no
            // product_types, although both may be asked for): Getty's item schemas forbid anything else
            item.keySet().retainAll(itemFields(videos, family));
            page.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("result_count", hits.size());
        body.put(videos ? "videos" : "images", page);
        body.put("related_searches", List.of());
        HttpIo.sendJson(call.ex, 200, body);
    }

    private void sort(List<CatalogAsset> hits, String sort, String phrase) {
        switch (sort) {
            case "newest" -> hits.sort(Comparator.comparing(CatalogAsset::dateCreated).reversed());
            case "oldest" -> hits.sort(Comparator.comparing(CatalogAsset::dateCreated));
            case "most_popular" -> hits.sort(Comparator.comparingInt(CatalogAsset::qualityRank)
                    .thenComparing(CatalogAsset::id));
            // deterministic per (seed, phrase) so paging through "random" never repeats or skips
            case "random" -> Collections.shuffle(hits, new Random(seed + (phrase == null ? 0 : phrase.hashCode())));
            default -> { } // best_match: catalog order
        }
    }
}
