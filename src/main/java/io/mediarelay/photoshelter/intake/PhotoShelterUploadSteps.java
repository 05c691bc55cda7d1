package io.mediarelay.photoshelter.intake;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.mediarelay.photoshelter.GalleryDirectory;
import io.mediarelay.photoshelter.PhotoShelterComponent;
import io.mediarelay.photoshelter.PhotoShelterConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java half of the photoshelter-upload-sink kamelet. {@link Prepare} runs before {@code photoshelter:upload}:
 * resolves the gallery (id, or path created if missing, cached per path), makes the file name safe, and, when
 * asked or on a redelivery, looks the name up in the gallery so a file uploaded just before a crash is not
 * uploaded again. {@link Metadata} runs after it: writes keywords and IPTC fields (v4 PATCH, a merge, so
 * repeating it after a crash is harmless) and restores the headers the file consumer needs.
 */
public final class PhotoShelterUploadSteps {

    private static final Logger LOG = LoggerFactory.getLogger(PhotoShelterUploadSteps.class);

    private PhotoShelterUploadSteps() {
    }

    static GalleryDirectory directory(Exchange exchange) {
        return GalleryDirectory.of(exchange.getContext().getComponent("photoshelter", PhotoShelterComponent.class));
    }

    /** Before the upload. */
    public static final class Prepare implements Processor {
        @Override
        public void process(Exchange exchange) throws Exception {
            Message msg = exchange.getMessage();
            GalleryDirectory dir = directory(exchange);
            String galleryId = firstNonBlank(msg.getHeader(PhotoShelterConstants.GALLERY_ID, String.class),
                    exchange.getProperty(IntakeHeaders.SINK_GALLERY_ID, String.class));
            if (galleryId == null) {
                String path = firstNonBlank(msg.getHeader(IntakeHeaders.GALLERY_PATH, String.class),
                        exchange.getProperty(IntakeHeaders.SINK_GALLERY_PATH, String.class));
                if (path == null) {
                    throw new IllegalArgumentException("photoshelter-upload-sink needs galleryId or galleryPath (or header "
                            + IntakeHeaders.GALLERY_PATH + ")");
                }
                if (truthy(msg.getHeader(Exchange.REDELIVERED))) {
                    dir.forget(path); // the cached id may be what failed (gallery deleted in the UI): resolve it again
                }
                galleryId = dir.galleryForPath(path, true);
            }
            msg.setHeader(PhotoShelterConstants.GALLERY_ID, galleryId);
            String raw = firstNonBlank(msg.getHeader(IntakeHeaders.UPLOAD_NAME, String.class),
                    msg.getHeader(Exchange.FILE_NAME_ONLY, String.class), lastSegment(msg.getHeader(Exchange.FILE_NAME, String.class)));
            String name = SafeUploadName.of(raw);
            msg.setHeader(IntakeHeaders.UPLOAD_NAME, name);
            // photoshelter:upload takes the name from CamelFileNameOnly; the file consumer's own headers are put back after
            exchange.setProperty(IntakeHeaders.SAVED_FILE_NAME_ONLY, Optional.ofNullable(msg.getHeader(Exchange.FILE_NAME_ONLY)));
            msg.setHeader(Exchange.FILE_NAME_ONLY, name);
            boolean check = truthy(msg.getHeader(IntakeHeaders.CHECK_EXISTING)) || truthy(exchange.getProperty(IntakeHeaders.SINK_SKIP_IF_EXISTS))
                    || truthy(msg.getHeader(Exchange.REDELIVERED));
            boolean existing = false;
            if (check) {
                Optional<Map<String, Object>> found = dir.findMedia(galleryId, name);
                if (found.isPresent()) {
                    existing = true;
                    msg.setHeader(PhotoShelterConstants.MEDIA_ID, found.get().get("id"));
                    LOG.info("{} is already in gallery {} as {}: not uploaded again", name, galleryId, found.get().get("id"));
                }
            }
            msg.setHeader(IntakeHeaders.EXISTING, existing);
        }
    }

    /** After the upload (or the lookup that found it). */
    public static final class Metadata implements Processor {
        @Override
        @SuppressWarnings("unchecked")
        public void process(Exchange exchange) throws Exception {
            Message msg = exchange.getMessage();
            Optional<Object> saved = exchange.getProperty(IntakeHeaders.SAVED_FILE_NAME_ONLY, Optional.class);
            if (saved != null) {
                if (saved.isPresent()) msg.setHeader(Exchange.FILE_NAME_ONLY, saved.get()); else msg.removeHeader(Exchange.FILE_NAME_ONLY);
                exchange.removeProperty(IntakeHeaders.SAVED_FILE_NAME_ONLY);
            }
            String mediaId = msg.getHeader(PhotoShelterConstants.MEDIA_ID, String.class);
            Map<String, Object> fields = new LinkedHashMap<>();
            Object iptc = msg.getHeader(IntakeHeaders.IPTC);
            if (iptc instanceof Map<?, ?> m) {
                m.forEach((k, v) -> {
                    if (k != null && v != null && !v.toString().isBlank()) fields.put(k.toString(), v);
                });
            }
            Set<String> keywords = new LinkedHashSet<>();
            addKeywords(keywords, exchange.getProperty(IntakeHeaders.SINK_TAGS));
            addKeywords(keywords, fields.remove("keywords"));
            addKeywords(keywords, msg.getHeader(IntakeHeaders.KEYWORDS));
            if (!keywords.isEmpty()) fields.put("keywords", String.join(", ", keywords));
            if (!fields.isEmpty()) {
                directory(exchange).updateIptc(mediaId, fields);
            }
        }
    }

    static void addKeywords(Set<String> into, Object value) {
        if (value == null) return;
        Collection<?> items = value instanceof Collection<?> c ? c : java.util.List.of(value.toString().split("[,;]"));
        for (Object o : items) {
            String k = o == null ? "" : o.toString().trim();
            if (!k.isEmpty()) into.add(k);
        }
    }

    static boolean truthy(Object o) {
        return o != null && Boolean.parseBoolean(o.toString().trim());
    }

    static String firstNonBlank(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v;
        return null;
    }

    static String lastSegment(String path) {
        if (path == null) return null;
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }
}
