package io.mediarelay.photoshelter;

import java.util.Locale;

/** The {@code photoshelter:<operation>} part of an endpoint URI. */
public enum PhotoShelterOperation {
    UPLOAD, GALLERY, GALLERIES, COLLECTION, COLLECTIONS, SEARCH, METADATA, DOWNLOAD, CHANGES;

    static PhotoShelterOperation fromUri(String remaining) {
        try {
            return valueOf(remaining.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown photoshelter operation '" + remaining
                    + "' (upload, gallery, galleries, collection, collections, search, metadata, download, changes)");
        }
    }

    boolean isConsumer() {
        return this == CHANGES;
    }
}
