package io.mediarelay.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import io.mediarelay.getty.GettyConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * GH2/GX6 portal search over {@code getty:search}, shaped for a portal: preview/thumb URLs, max dimensions and
 * the licensing options of the account ({@code getty:products}: which agreement would be charged, downloads left).
 *
 * <p>With {@code mediarelay.api.portal.approved-boards} set, only assets on those boards are found: the board
 * consumers keep {@code api_board_assets} up to date, and search then runs over that set (metadata by id, phrase
 * matched on title/caption/keywords, paged here) so that paging and result counts stay exact.
 */
final class PortalSearch {
    static final Set<String> ORIENTATIONS = Set.of("horizontal", "vertical", "square", "panoramichorizontal", "panoramicvertical");
    private static final String FIELDS = "id,title,caption,artist,collection_name,collection_code,license_model,"
            + "max_dimensions,asset_family,orientation,product_types,download_product,thumb,preview";

    private final DataSource ds;
    private final List<String> boards;
    private final long productsTtlMs;
    private ProducerTemplate producer;
    private volatile List<Map<String, Object>> products;
    private volatile long productsAt;

    PortalSearch(DataSource ds, List<String> boards, long productsTtlMs) {
        this.ds = ds;
        this.boards = boards;
        this.productsTtlMs = productsTtlMs;
    }

    void start(CamelContext context) {
        producer = context.createProducerTemplate();
    }

    List<String> boards() {
        return boards;
    }

    record Query(String phrase, String family, String type, int page, int pageSize, String orientation) {
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> search(Query q) throws Exception {
        List<Map<String, Object>> assets;
        long total;
        if (boards.isEmpty()) {
            // Getty's video search has no max_dimensions field (400); video metadata and image search have it
            String fields = "videos".equals(q.type()) ? FIELDS.replace("max_dimensions,", "") : FIELDS;
            String uri = "getty:search?assetType=" + q.type() + "&assetFamily=" + q.family() + "&fields=" + fields
                    + (q.orientation() == null ? "" : "&query.orientations=" + q.orientation());
            Exchange ex = producer.request(uri, e -> {
                if (q.phrase() != null) {
                    e.getMessage().setHeader(GettyConstants.PHRASE, q.phrase());
                }
                e.getMessage().setHeader(GettyConstants.PAGE, q.page());
                e.getMessage().setHeader(GettyConstants.PAGE_SIZE, q.pageSize());
            });
            rethrow(ex);
            Map<String, Object> body = ex.getMessage().getBody(Map.class);
            assets = (List<Map<String, Object>>) body.getOrDefault(q.type(), List.of());
            total = ((Number) body.getOrDefault("result_count", 0)).longValue();
        } else {
            List<Map<String, Object>> hits = new ArrayList<>();
            List<String> ids = approvedIds(q.type());
            for (Map<String, Object> a : ids.isEmpty() ? List.<Map<String, Object>>of() : metadataOf(ids, q.type(), FIELDS + ",keywords")) {
                if (matches(a, q)) {
                    hits.add(a);
                }
            }
            total = hits.size();
            int from = Math.min(hits.size(), (q.page() - 1) * q.pageSize());
            assets = hits.subList(from, Math.min(hits.size(), from + q.pageSize()));
        }
        List<Map<String, Object>> products = products();
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> a : assets) {
            items.add(item(a, q.type(), products));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("page", q.page());
        out.put("pageSize", q.pageSize());
        out.put("total", total);
        out.put("restrictedToBoards", boards);
        out.put("assets", items);
        return out;
    }

    /** Full metadata of one asset (what the registry import needs); 400 when Getty does not know it. */
    Map<String, Object> metadata(String assetId, String type) throws Exception {
        // credit_line exists for images only: Getty's video field list has none and refuses it (422)
        List<Map<String, Object>> found = metadataOf(List.of(assetId), type,
                "videos".equals(type) ? "detail_set,download_product" : "detail_set,credit_line,download_product");
        if (found.isEmpty()) {
            throw new ApiException(400, "invalid license request", Map.of("fields", Map.of("assetId", "no Getty " + type + " " + assetId)));
        }
        return found.get(0);
    }

    /** The agreement a license would be charged to: the asset's download product, if the account has one left. */
    String productFor(Map<String, Object> metadata) throws Exception {
        Object wanted = metadata.get("download_product");
        for (Map<String, Object> p : products()) {
            Object left = p.get("downloads_remaining");
            boolean available = left == null || ((Number) left).intValue() > 0;
            if (available && wanted != null && wanted.equals(p.get("type"))) {
                return String.valueOf(p.get("id"));
            }
        }
        return null;
    }

    /** Called by the board consumer routes: one asset seen on an approved board. */
    void boardAsset(String boardId, String assetId, String assetType, Instant added) throws SQLException {
        String type = assetType == null || assetType.toLowerCase(Locale.ROOT).startsWith("image") ? "images" : "videos";
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM api_board_assets WHERE board_id = ? AND asset_id = ?")) {
                ps.setString(1, boardId);
                ps.setString(2, assetId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO api_board_assets (board_id, asset_id, asset_type, date_added) VALUES (?,?,?,?)")) {
                ps.setString(1, boardId);
                ps.setString(2, assetId);
                ps.setString(3, type);
                ps.setTimestamp(4, Timestamp.from(added == null ? Instant.now() : added));
                ps.executeUpdate();
            }
        }
    }

    private List<String> approvedIds(String type) throws SQLException {
        List<String> ids = new ArrayList<>();
        String marks = String.join(",", java.util.Collections.nCopies(boards.size(), "?"));
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT asset_id, MIN(date_added)"
                + " FROM api_board_assets WHERE asset_type = ? AND board_id IN (" + marks + ") GROUP BY asset_id ORDER BY 2, 1")) {
            ps.setString(1, type);
            for (int i = 0; i < boards.size(); i++) {
                ps.setString(i + 2, boards.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> metadataOf(List<String> ids, String type, String fields) throws Exception {
        Exchange ex = producer.request("getty:metadata?assetType=" + type + "&fields=" + fields,
                e -> e.getMessage().setHeader(GettyConstants.ASSET_IDS, ids));
        rethrow(ex);
        return (List<Map<String, Object>>) ex.getMessage().getBody(Map.class).getOrDefault(type, List.of());
    }

    /** Products change slowly but every search shows them: cached for {@code products-cache-ms}. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> products() throws Exception {
        List<Map<String, Object>> p = products;
        if (p == null || System.currentTimeMillis() - productsAt > productsTtlMs) {
            Exchange ex = producer.request("getty:products", e -> { });
            rethrow(ex);
            p = ex.getMessage().getBody(List.class);
            products = p;
            productsAt = System.currentTimeMillis();
        }
        return p;
    }

    private static boolean matches(Map<String, Object> a, Query q) {
        if (!"blended".equals(q.family()) && !q.family().equalsIgnoreCase(String.valueOf(a.get("asset_family")))) {
            return false;
        }
        if (q.orientation() != null && !q.orientation().equalsIgnoreCase(String.valueOf(a.get("orientation")))) {
            return false;
        }
        if (q.phrase() == null) {
            return true;
        }
        StringBuilder text = new StringBuilder().append(a.get("title")).append(' ').append(a.get("caption"));
        if (a.get("keywords") instanceof List<?> kws) {
            kws.forEach(k -> text.append(' ').append(k instanceof Map<?, ?> m ? m.get("text") : k));
        }
        String hay = text.toString().toLowerCase(Locale.ROOT);
        for (String w : q.phrase().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty() && !hay.contains(w)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> item(Map<String, Object> a, String type, List<Map<String, Object>> products) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.get("id"));
        m.put("assetType", type);
        m.put("title", a.get("title"));
        m.put("caption", a.get("caption"));
        m.put("artist", a.get("artist"));
        m.put("collection", a.get("collection_name"));
        m.put("family", a.get("asset_family"));
        m.put("licenseModel", a.get("license_model"));
        m.put("orientation", a.get("orientation"));
        m.put("maxDimensions", a.get("max_dimensions"));
        if (a.get("display_sizes") instanceof List<?> sizes) {
            for (Object s : sizes) {
                if (s instanceof Map<?, ?> size) {
                    m.put(size.get("name") + "Url", size.get("uri"));
                }
            }
        }
        List<Object> types = a.get("product_types") instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
        if (a.get("download_product") != null && !types.contains(a.get("download_product"))) {
            types.add(a.get("download_product"));
        }
        List<Map<String, Object>> options = new ArrayList<>();
        for (Map<String, Object> p : products) {
            if (types.contains(p.get("type"))) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("productId", p.get("id"));
                o.put("productType", p.get("type"));
                o.put("name", p.get("name"));
                o.put("status", p.get("status"));
                o.put("downloadsRemaining", p.get("downloads_remaining"));
                options.add(o);
            }
        }
        m.put("licensing", options);
        return m;
    }

    static void rethrow(Exchange ex) throws Exception {
        if (ex.getException() != null) {
            throw ex.getException();
        }
    }
}
