package io.mediarelay.governance;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mediarelay.connector.CursorStore;
import io.mediarelay.license.PhotoShelterLicenseImport;
import io.mediarelay.photoshelter.PhotoShelterConstants;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PhotoShelter expiry import (route {@code ps-expiry-import}): media changed since the last run are listed with
 * {@code photoshelter:search}, their custom metadata read with {@code photoshelter:metadata?metadataType=custom}, and
 * every medium that carries the (configurable) expiry field becomes a license {@code photoshelter-<media id>} in the
 * registry via {@link PhotoShelterLicenseImport}. From then on the GH8 expiry scanner alerts on it like on any
 * Getty license. Re-imports are upserts, so reading a medium twice is harmless; the cursor (PhotoShelter's own
 * {@code modified_at}, not our clock) only saves work.
 */
public final class PhotoShelterExpiryImport {
    private static final Logger LOG = LoggerFactory.getLogger(PhotoShelterExpiryImport.class);
    public static final String CURSOR = "ps-expiry-import.modified-at";
    static final String MAX_SEEN = "MediarelayPsExpiryMaxModified";

    private final PhotoShelterLicenseImport importer;
    private final CursorStore cursors;
    private final String expiryField;

    public PhotoShelterExpiryImport(PhotoShelterLicenseImport importer, CursorStore cursors, String expiryField) {
        this.importer = importer;
        this.cursors = cursors;
        this.expiryField = expiryField;
    }

    /** Header PhotoShelterModifiedAt := where the last run stopped (absent on the first run: everything). */
    public Processor sinceStep() {
        return exchange -> cursors.get(CURSOR).map(Instant::parse)
                .ifPresent(since -> exchange.getMessage().setHeader(PhotoShelterConstants.MODIFIED_AT, since));
    }

    /** After the search: remembers the newest modified_at listed, for {@link #commitStep()}. */
    public Processor listedStep() {
        return exchange -> {
            Instant max = null;
            for (Object o : exchange.getMessage().getBody(List.class)) {
                if (o instanceof Map<?, ?> m && m.get("modified_at") instanceof Instant t && (max == null || t.isAfter(max))) {
                    max = t;
                }
            }
            exchange.setProperty(MAX_SEEN, max);
        };
    }

    /** Body: one medium's custom fields, header PhotoShelterMediaId: its id. Imported when it has an expiry. */
    public Processor importStep() {
        return exchange -> {
            String mediaId = exchange.getMessage().getHeader(PhotoShelterConstants.MEDIA_ID, String.class);
            Map<String, String> custom = new LinkedHashMap<>();
            Map<?, ?> body = exchange.getMessage().getBody(Map.class);
            if (body != null) {
                body.forEach((k, v) -> custom.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
            }
            String expiry = custom.get(expiryField);
            if (expiry == null || expiry.isBlank()) {
                exchange.getMessage().setHeader("MediarelayImported", false);
                return; // no license record on this medium (e.g. the company's own photography)
            }
            var license = importer.importFields(mediaId, custom);
            exchange.getMessage().setHeader("MediarelayImported", true);
            LOG.debug("PhotoShelter {} -> license {} until {}", mediaId, license.licenseId(), license.endDate());
        };
    }

    /** Moves the cursor to the newest modified_at listed (kept when nothing was listed). */
    public Processor commitStep() {
        return exchange -> {
            Instant max = exchange.getProperty(MAX_SEEN, Instant.class);
            if (max != null) {
                cursors.put(CURSOR, max.toString());
            }
        };
    }
}
