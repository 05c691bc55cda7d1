package io.mediarelay.photoshelter;

import org.apache.camel.spi.Metadata;

/**
 * Message headers read and written by the {@code photoshelter:} endpoints. Each carries {@link Metadata} so the
 * component JSON (and every tool reading the catalog) lists it; the endpoint names this class as its
 * {@code headersClass}.
 */
public final class PhotoShelterConstants {

    @Metadata(label = "producer", description = "upload: the target gallery (overrides galleryId); gallery: the id of the"
            + " gallery found or created.", javaType = "String")
    public static final String GALLERY_ID = "PhotoShelterGalleryId";
    @Metadata(label = "producer", description = "collection: the id of the collection found or created; gallery: the"
            + " parent collection of a new gallery.", javaType = "String")
    public static final String COLLECTION_ID = "PhotoShelterCollectionId";
    @Metadata(description = "The media (image) id: set by upload and the changes consumer, read by metadata and download.",
            javaType = "String")
    public static final String MEDIA_ID = "PhotoShelterMediaId";
    @Metadata(description = "The original file name as PhotoShelter knows it.", javaType = "String")
    public static final String FILE_NAME = "PhotoShelterFileName";
    @Metadata(description = "The modification time of a consumed media item; read by changes as the time to list from.",
            javaType = "java.time.Instant")
    public static final String MODIFIED_AT = "PhotoShelterModifiedAt";
    @Metadata(label = "producer", description = "gallery, collection: overrides the endpoint's galleryName / collectionPath"
            + " for one message.", javaType = "String")
    public static final String NAME = "PhotoShelterName";
    @Metadata(label = "producer", description = "The number of items returned by a list or search call.",
            javaType = "Integer")
    public static final String COUNT = "PhotoShelterCount";

    private PhotoShelterConstants() {
    }
}
