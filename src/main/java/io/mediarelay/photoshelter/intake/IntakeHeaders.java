package io.mediarelay.photoshelter.intake;

/** Headers and properties of the PhotoShelter upload sink and the intake flows (PF1, PF2). */
public final class IntakeHeaders {
    /** Target gallery as a path {@code Collection/Sub/Gallery} (created if missing); ignored when a gallery id is set. */
    public static final String GALLERY_PATH = "PhotoShelterGalleryPath";
    /** File name sent to PhotoShelter (sanitized again before use). Default: CamelFileNameOnly / CamelFileName. */
    public static final String UPLOAD_NAME = "PhotoShelterUploadName";
    /** Keywords/tags: a comma-separated String or a Collection; merged with the sink's {@code tags}. */
    public static final String KEYWORDS = "PhotoShelterKeywords";
    /** IPTC-style fields (Map: title, caption, credit, copyright, ...) written to the media after upload. */
    public static final String IPTC = "PhotoShelterIptc";
    /** true: look the name up in the gallery first and do not upload when it is there (resume after a crash). */
    public static final String CHECK_EXISTING = "PhotoShelterCheckExisting";
    /** Result: true when the media was already in the gallery and nothing was uploaded. */
    public static final String EXISTING = "PhotoShelterExisting";
    /** Set when a hostile or unusable source name was changed: "original -> used" (printable). */
    public static final String NAME_CHANGED = "MediarelayNameChanged";

    // exchange properties set by the kamelet from its parameters (headers win)
    static final String SINK_GALLERY_ID = "PhotoShelterSinkGalleryId";
    static final String SINK_GALLERY_PATH = "PhotoShelterSinkGalleryPath";
    static final String SINK_TAGS = "PhotoShelterSinkTags";
    static final String SINK_SKIP_IF_EXISTS = "PhotoShelterSinkSkipIfExists";
    static final String SAVED_FILE_NAME_ONLY = "PhotoShelterSavedFileNameOnly";

    private IntakeHeaders() {
    }
}
