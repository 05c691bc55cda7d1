package io.mediarelay.sandbox.getty;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediarelay.sandbox.getty.StateModel.Download;
import io.mediarelay.sandbox.getty.StateModel.Product;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Licensing ({@code POST /v3/downloads/{images|videos}/{id}}) and licence history
 * ({@code GET /v3/downloads}, {@code GET /v3/{images|videos}/{id}/downloadhistory}).
 * Every successful POST is a licence event: it consumes one download of the product and is recorded.
 */
final class DownloadsHandler {

    private final SandboxCatalog catalog;
    private final SandboxState state;
    private final DeliveryHandler delivery;
    private final AssetJson json;
    private final GettySandboxConfig config;

    DownloadsHandler(SandboxCatalog catalog, SandboxState state, DeliveryHandler delivery, AssetJson json,
                     GettySandboxConfig config) {
        this.catalog = catalog;
        this.state = state;
        this.delivery = delivery;
        this.json = json;
        this.config = config;
    }

    private FaultInjector faults;

    void register(ApiRouter router) {
        this.faults = router.faults();
        router.add("POST", "/v3/downloads/(image|video)s/([^/]+)", this::license);
        router.add("GET", "/v3/downloads", this::history);
        router.add("GET", "/v3/(image|video)s/([^/]+)/downloadhistory", this::assetHistory);
    }

    private void license(ApiCall call) throws IOException {
        TokenService.Grant grant = call.requireToken();
        String type = call.path(1);
        CatalogAsset a = catalog.find(call.path(2), type);
        if (a == null) {
            throw "video".equals(type)
                    ? ApiException.service(404, "VideoNotFound", "Video not found: " + call.path(2))
                    : ApiException.service(404, "ImageNotFound", "Image not found: " + call.path(2));
        }
        // images default to auto_download=true (303), videos to false - as documented by Getty
        boolean auto = HttpIo.boolParam(call.query, "auto_download", !a.isVideo());
        DownloadSizes.Size size;
        if (a.isVideo()) {
            size = DownloadSizes.videoByName(config.videoBytes, call.param("size"));
            if (size == null) throw ApiException.badParam("size", "Size '" + call.param("size") + "' is not available for this video.");
        } else {
            String fileType = call.param("file_type");
            if (fileType != null && !fileType.equals("jpg")) {
                throw ApiException.badParam("file_type", "File type '" + fileType + "' is not available for this image.");
            }
            size = DownloadSizes.imageByHeight(a, call.param("height"));
            if (size == null) throw ApiException.badParam("height", "Height '" + call.param("height") + "' is not available for this image.");
        }
        Product product = selectProduct(call.param("product_id"), call.param("product_type"));
        Map<String, String> details = downloadDetails(call.body());

        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Download d = new Download();
        d.id = a.id();
        d.asset_type = a.type();
        d.date_downloaded = now.toString();
        d.product_id = product.id;
        d.product_type = product.type;
        d.agreement_name = product.agreement_name;
        d.license_model = a.licenseModel();
        d.size_name = size.name();
        d.width = size.width();
        d.height = size.height();
        d.uri = delivery.deliveryUri(a, size.name(), now);
        d.username = grant.user();
        d.download_notes = details.get("download_notes");
        d.project_code = details.get("project_code");
        state.license(product, d);
        // a scripted "answer lost": Getty licensed it, the caller sees only an error (the UNCERTAIN case)
        faults.scripted("POST", call.ex.getRequestURI().getPath(), true);
        faults.delayLicenseAnswer();

        if (auto) {
            HttpIo.redirect(call.ex, 303, d.uri);
        } else {
            HttpIo.sendJson(call.ex, 200, Map.of("uri", d.uri));
        }
    }

    private Product selectProduct(String productId, String productType) {
        Product p;
        if (productId != null) {
            int id;
            try {
                id = Integer.parseInt(productId);
            } catch (NumberFormatException e) {
                throw ApiException.badParam("product_id", "The value '" + productId + "' is not valid for Int32.");
            }
            p = state.product(id);
            if (p != null && productType != null && !p.type.equals(productType)) p = null;
        } else if (productType != null) {
            p = state.productOfType(productType);
        } else {
            p = state.defaultProduct();
        }
        if (p == null || !"active".equals(p.status)) {
            throw ApiException.service(403, "NoAccessToProductType",
                    "You do not have access to the requested product (product_id=" + productId
                            + ", product_type=" + productType + ").");
        }
        return p;
    }

    /** Optional JSON body {download_notes, project_code}; an empty body is the normal case. */
    private static Map<String, String> downloadDetails(byte[] body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body.length == 0 || new String(body).isBlank()) return out;
        try {
            JsonNode n = HttpIo.JSON.readTree(body);
            if (n.hasNonNull("download_notes")) out.put("download_notes", n.get("download_notes").asText());
            if (n.hasNonNull("project_code")) out.put("project_code", n.get("project_code").asText());
            return out;
        } catch (IOException e) {
            throw ApiException.service(400, "InvalidRequest", "The request body is not valid JSON.");
        }
    }

    private void history(ApiCall call) throws IOException {
        call.requireToken();
        boolean useTime = HttpIo.boolParam(call.query, "use_time", false);
        HttpIo.boolParam(call.query, "company_downloads", false); // validated; one user = the whole company
        int[] paging = HttpIo.paging(call.query, "page_size", 30);
        String dateFrom = call.param("date_from");
        String dateTo = call.param("date_to");
        // Getty's default window is the last 30 days
        Instant from = dateFrom == null ? Instant.now().minus(30, ChronoUnit.DAYS) : parseDate("date_from", dateFrom, useTime, false);
        Instant to = dateTo == null ? Instant.MAX : parseDate("date_to", dateTo, useTime, true);
        String productType = call.param("product_type");

        List<Download> hits = new ArrayList<>();
        for (Download d : state.downloads()) {
            Instant at = Instant.parse(d.date_downloaded);
            if (at.isBefore(from) || at.isAfter(to)) continue;
            if (productType != null && !productType.equals(d.product_type)) continue;
            hits.add(d);
        }
        hits.sort(Comparator.comparing((Download d) -> d.date_downloaded).reversed());
        int start = (paging[0] - 1) * paging[1];
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = start; i < Math.min(hits.size(), start + paging[1]); i++) page.add(render(hits.get(i), true));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("result_count", hits.size());
        body.put("downloads", page);
        HttpIo.sendJson(call.ex, 200, body);
    }

    private void assetHistory(ApiCall call) throws IOException {
        call.requireToken();
        String type = call.path(1);
        String id = call.path(2);
        if (catalog.find(id, type) == null) throw MetadataHandler.notFound(type, id);
        List<Map<String, Object>> list = new ArrayList<>();
        state.downloads().stream().filter(d -> d.id.equals(id))
                .sorted(Comparator.comparing((Download d) -> d.date_downloaded).reversed())
                .forEach(d -> list.add(render(d, false)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("downloads", list);
        HttpIo.sendJson(call.ex, 200, body);
    }

    private Map<String, Object> render(Download d, boolean withId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date_downloaded", d.date_downloaded);
        if (withId) m.put("id", d.id);
        m.put("asset_type", d.asset_type);
        m.put("product_type", d.product_type);
        m.put("product_id", d.product_id);
        m.put("agreement_name", d.agreement_name);
        m.put("thumb_uri", json.previewUri(d.asset_type, d.id, "thumb"));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("download_notes", d.download_notes);
        details.put("project_code", d.project_code);
        m.put("download_details", details);
        m.put("download_source", "API");
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", d.username);
        user.put("first_name", null);
        user.put("middle_name", null);
        user.put("last_name", null);
        m.put("user", user);
        m.put("size_name", d.size_name);
        Map<String, Object> dims = new LinkedHashMap<>();
        dims.put("width", d.width);
        dims.put("height", d.height);
        dims.put("dpi", "image".equals(d.asset_type) ? 300 : null);
        m.put("dimensions", dims);
        m.put("license_model", d.license_model);
        m.put("generated_asset_id", null);
        return m;
    }

    /** ISO date or date-time; without use_time only the date part counts (whole days, UTC). */
    private static Instant parseDate(String field, String value, boolean useTime, boolean endOfRange) {
        try {
            String v = value.trim().replace(' ', 'T');
            if (useTime && v.length() > 10) {
                if (v.endsWith("Z") || v.matches(".*[+-]\\d\\d:\\d\\d$")) return java.time.OffsetDateTime.parse(v).toInstant();
                return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
            }
            LocalDate day = LocalDate.parse(v.length() >= 10 ? v.substring(0, 10) : v);
            Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            return endOfRange ? start.plus(1, ChronoUnit.DAYS).minusNanos(1) : start;
        } catch (DateTimeParseException | IndexOutOfBoundsException e) {
            throw ApiException.badParam(field, "The value '" + value + "' is not a valid ISO 8601 date.");
        }
    }
}
