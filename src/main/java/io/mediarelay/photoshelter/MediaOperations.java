package io.mediarelay.photoshelter;

import java.io.FilterInputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediarelay.connector.Json;
import org.apache.camel.Exchange;

/**
 * Media reads and writes on v4: search/listing with {@code modify_start}, IPTC/XMP/custom metadata read + PATCH,
 * and the original as a stream. v4 is used here because v3 has no documented metadata update.
 */
final class MediaOperations {

    /** The download body type; listed in Camel's stream-caching deny list so an original is never spooled. */
    static final class DownloadStream extends FilterInputStream {
        DownloadStream(InputStream in) {
            super(in);
        }
    }

    private final PhotoShelterEndpoint ep;
    private final PhotoShelterClient client;

    MediaOperations(PhotoShelterEndpoint ep, PhotoShelterClient client) {
        this.ep = ep;
        this.client = client;
    }

    void search(Exchange exchange) throws Exception {
        var msg = exchange.getMessage();
        Instant since = msg.getHeader(PhotoShelterConstants.MODIFIED_AT, Instant.class);
        if (since == null && ep.getModifiedSince() != null) since = PsDates.parse(ep.getModifiedSince());
        List<Map<String, Object>> items = search(since, ep.getPageSize(), ep.getMaxResults());
        msg.setHeader(PhotoShelterConstants.COUNT, items.size());
        msg.setBody(items);
    }

    /** Media modified at or after {@code since} (all media when null), scoped by the endpoint's gallery/terms. */
    List<Map<String, Object>> search(Instant since, int perPage, int max) throws Exception {
        return search(since, perPage, max, ep.getGalleryId());
    }

    /** As above, scoped to {@code galleries} (comma-separated gallery ids) instead of the endpoint's gallery. */
    List<Map<String, Object>> search(Instant since, int perPage, int max, String galleries) throws Exception {
        Map<String, Object> q = new LinkedHashMap<>();
        if (ep.getTerms() != null) q.put("terms", ep.getTerms());
        if (galleries != null) q.put("galleries", galleries);
        // the API wants at least one filter; an epoch modify_start means "everything"
        q.put("modify_start", PsDates.format(since == null ? Instant.EPOCH : since));
        List<Map<String, Object>> items = Pages.all(client, "/media", q, perPage, max);
        for (Map<String, Object> m : items) {
            Object mod = m.containsKey("modified_at") ? m.get("modified_at") : m.get("updated_at");
            m.put("modified_at", mod == null ? null : PsDates.parse(mod.toString()));
            Object created = m.get("created_at");
            if (created != null) m.put("created_at", PsDates.parse(created.toString()));
        }
        return items;
    }

    void metadata(Exchange exchange) throws Exception {
        var msg = exchange.getMessage();
        String id = mediaId(exchange);
        String kind = switch (ep.getMetadataType()) {
            case "iptc", "xmp" -> ep.getMetadataType();
            case "custom" -> "custom_metadata";
            default -> throw new IllegalArgumentException("metadataType must be iptc, xmp or custom");
        };
        JsonNode doc;
        if ("update".equals(ep.getAction())) {
            Map<?, ?> fields = msg.getMandatoryBody(Map.class);
            doc = client.v4("PATCH", "/media/" + id + "/" + kind, null, Map.of("data", Map.of("attributes", fields)));
        } else {
            doc = client.v4("GET", "/media/" + id + "/" + kind, null, null);
        }
        JsonNode attrs = doc.path("data").path("attributes");
        msg.setBody(Json.MAPPER.convertValue(attrs.isObject() ? attrs : doc.path("data"), Map.class));
    }

    void download(Exchange exchange) throws Exception {
        var msg = exchange.getMessage();
        String id = mediaId(exchange);
        String fileName = client.v4("GET", "/media/" + id, null, null).path("data").path("attributes").path("file_name").asText(id);
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("download_filetype", "original");
        q.put("download_quality", "original");
        HttpResponse<InputStream> resp = client.stream("/psapi/v4.0/media/" + id + "/download", q);
        resp.headers().firstValueAsLong("Content-Length").ifPresent(n -> msg.setHeader(Exchange.CONTENT_LENGTH, n));
        String safe = MultipartBody.headerSafe(fileName);
        msg.setHeader(PhotoShelterConstants.FILE_NAME, fileName);
        msg.setHeader(Exchange.FILE_NAME, safe);
        msg.setHeader(PhotoShelterConstants.MEDIA_ID, id);
        msg.setBody(new DownloadStream(resp.body()));
    }

    private String mediaId(Exchange exchange) {
        String id = exchange.getMessage().getHeader(PhotoShelterConstants.MEDIA_ID, ep.getMediaId(), String.class);
        if (id == null || !id.matches("(I0|VD|AD|DO)000[A-Za-z0-9._]{11}")) {
            // checked before it becomes part of a URL path
            throw new IllegalArgumentException("photoshelter: invalid or missing media id '" + id + "' (option mediaId or header "
                    + PhotoShelterConstants.MEDIA_ID + ")");
        }
        return id;
    }
}
