package io.mediarelay.photoshelter;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediarelay.connector.Json;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;

/**
 * {@code photoshelter:upload}: v3 multipart {@code mem/image/upload} into a gallery (the only documented upload
 * path). Files (File, Path, a file consumer's GenericFile) and byte[] are re-openable and so retried; an
 * InputStream body is streamed once, never buffered, and therefore gets a single attempt.
 */
final class UploadOperation {

    private final PhotoShelterEndpoint ep;
    private final PhotoShelterClient client;
    private final ContainerOperations containers;

    UploadOperation(PhotoShelterEndpoint ep, PhotoShelterClient client, ContainerOperations containers) {
        this.ep = ep;
        this.client = client;
        this.containers = containers;
    }

    void process(Exchange exchange) throws Exception {
        var in = exchange.getMessage();
        String galleryId = in.getHeader(PhotoShelterConstants.GALLERY_ID, ep.getGalleryId(), String.class);
        if ((galleryId == null || galleryId.isBlank()) && ep.getGalleryName() != null) {
            // by name: find-or-create per message, so a gallery deleted in the UI is recreated rather than a stale id used
            String parent = ep.getParentId();
            if (parent == null && ep.getCollectionPath() != null) parent = containers.collectionPath(ep.getCollectionPath(), true);
            galleryId = (String) containers.findOrCreate("gallery", ep.getGalleryName(), parent, true).get("id");
            in.setHeader(PhotoShelterConstants.GALLERY_ID, galleryId);
        }
        if (galleryId == null || galleryId.isBlank()) {
            throw new IllegalArgumentException("photoshelter:upload needs galleryId or galleryName (or header "
                    + PhotoShelterConstants.GALLERY_ID + ")");
        }
        String fileName = ep.getFileName() != null ? ep.getFileName()
                : in.getHeader(Exchange.FILE_NAME_ONLY, in.getHeader(Exchange.FILE_NAME, "upload", String.class), String.class);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("gallery_id", galleryId);
        if (ep.getSearchable() != null) fields.put("f_searchable", ep.getSearchable() ? "t" : "f");
        MultipartBody body = body(exchange, fields, fileName);
        JsonNode data = client.post("/psapi/v3/mem/image/upload", body.contentType(), body);
        JsonNode image = data.path("Image").isArray() ? data.path("Image").path(0) : data.path("Image");
        String id = image.path("image_id").asText(data.path("image_id").asText(null));
        in.setHeader(PhotoShelterConstants.MEDIA_ID, id);
        in.setHeader(PhotoShelterConstants.FILE_NAME, image.path("file_name").asText(fileName));
        in.setBody(Json.MAPPER.convertValue(image.isMissingNode() ? data : image, Map.class));
    }

    private static MultipartBody body(Exchange exchange, Map<String, String> fields, String fileName) throws Exception {
        Object b = exchange.getMessage().getBody();
        if (b instanceof GenericFile<?> gf && gf.getFile() instanceof File f) {
            b = f;
        }
        if (b instanceof File f) {
            b = f.toPath();
        }
        if (b instanceof Path p) {
            return new MultipartBody(fields, fileName, () -> Files.newInputStream(p), Files.size(p), true);
        }
        if (b instanceof byte[] bytes) {
            return new MultipartBody(fields, fileName, () -> new ByteArrayInputStream(bytes), bytes.length, true);
        }
        InputStream stream = exchange.getMessage().getMandatoryBody(InputStream.class);
        // one-shot: the size is unknown in general, so chunked transfer
        return new MultipartBody(fields, fileName, () -> stream, -1, false);
    }
}
