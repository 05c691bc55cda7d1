package io.mediarelay.photoshelter;

/** Message headers read and written by the {@code photoshelter:} endpoints. */
public final class PhotoShelterConstants {

    /** Target gallery of an upload; result of the gallery operation. */
    public static final String GALLERY_ID = "PhotoShelterGalleryId";
    /** Result of the collection operation; parent for gallery creation. */
    public static final String COLLECTION_ID = "PhotoShelterCollectionId";
    /** Media (image) id: set by upload and the consumer, read by metadata and download. */
    public static final String MEDIA_ID = "PhotoShelterMediaId";
    /** Original file name as PhotoShelter knows it. */
    public static final String FILE_NAME = "PhotoShelterFileName";
    /** Modification time (Instant) of a consumed media item. */
    public static final String MODIFIED_AT = "PhotoShelterModifiedAt";
    /** Overrides the endpoint's galleryName / collectionPath for one message. */
    public static final String NAME = "PhotoShelterName";
    /** Number of items returned by a list or search call. */
    public static final String COUNT = "PhotoShelterCount";

    private PhotoShelterConstants() {
    }
}
