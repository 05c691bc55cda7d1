package io.mediarelay.photoshelter;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;

/**
 * Upload to, organise, read metadata from, download from and watch changes in a PhotoShelter account.
 * <p>
 * {@code photoshelter:operation?options}. Only operation parameters live here; credentials are component options.
 * Ids can be given per message with the headers in {@link PhotoShelterConstants}.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "photoshelter", title = "PhotoShelter", syntax = "photoshelter:operation",
        category = {Category.CLOUD}, headersClass = PhotoShelterConstants.class)
public class PhotoShelterEndpoint extends ScheduledPollEndpoint {

    @UriPath(enums = "upload,gallery,galleries,collection,collections,search,metadata,download,changes",
            description = "The operation: changes is a polling consumer (from:), every other one a producer (to:)")
    @Metadata(required = true)
    private final PhotoShelterOperation operation;

    @UriParam(description = "upload/search/changes: gallery id G0000… (or header PhotoShelterGalleryId)")
    private String galleryId;
    @UriParam(description = "upload: file name sent to PhotoShelter (default: header CamelFileNameOnly / CamelFileName)")
    private String fileName;
    @UriParam(description = "upload: f_searchable t/f (blank: account default)")
    private Boolean searchable;
    @UriParam(description = "gallery/upload: exact gallery name to find or create (gallery: or header PhotoShelterName); galleries: partial name filter;"
            + " changes: the gallery to watch, by exact name (under collectionPath when given)")
    private String galleryName;
    @UriParam(description = "gallery/upload: parent collection path like Brand/2026 (created if missing); collection: the path to resolve;"
            + " changes without galleryName: watch every gallery under this collection (recursively)")
    private String collectionPath;
    @UriParam(description = "gallery/galleries/collections: parent collection id C0000…")
    private String parentId;
    @UriParam(defaultValue = "true", description = "gallery/collection: create what is missing")
    private boolean create = true;
    @UriParam(description = "metadata/download: media id I0000… (or header PhotoShelterMediaId)")
    private String mediaId;
    @UriParam(enums = "iptc,xmp,custom", defaultValue = "iptc", description = "metadata: which metadata")
    private String metadataType = "iptc";
    @UriParam(enums = "get,update", defaultValue = "get", description = "metadata: read, or PATCH the fields in the Map body")
    private String action = "get";
    @UriParam(description = "search/changes: search terms")
    private String terms;
    @UriParam(description = "search: only media modified at or after this date (either PhotoShelter date form or ISO)")
    private String modifiedSince;
    @UriParam(defaultValue = "100", description = "List/search page size")
    private int pageSize = 100;
    @UriParam(defaultValue = "10000", description = "List/search: stop after this many items")
    private int maxResults = 10_000;
    @UriParam(label = "consumer", description = "changes: cursor name in the cursors table (default derived from gallery/terms)")
    private String cursorName;
    @UriParam(label = "consumer", defaultValue = "false",
            description = "changes: an exchange that failed for an I/O reason (destination unreachable, login refused) and was"
                    + " dead-lettered stops the batch without moving the cursor, so it is retried on the next poll (catch-up)")
    private boolean holdOnFailure;
    @UriParam(label = "consumer", enums = "beginning,now", defaultValue = "beginning",
            description = "changes, first run without a cursor: emit existing media (beginning) or only later changes (now)")
    private String initialPosition = "beginning";

    public PhotoShelterEndpoint(String uri, PhotoShelterComponent component, PhotoShelterOperation operation) {
        super(uri, component);
        this.operation = operation;
        setDelay(60_000); // no webhooks: once a minute is gentle on an unpublished rate limit
    }

    @Override
    public PhotoShelterComponent getComponent() {
        return (PhotoShelterComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        if (operation.isConsumer()) throw new IllegalArgumentException("photoshelter:changes is a consumer (use it in from:)");
        return new PhotoShelterProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (!operation.isConsumer()) {
            throw new IllegalArgumentException("photoshelter:" + operation.name().toLowerCase() + " is a producer (use it in to:)");
        }
        Consumer c = new PhotoShelterChangesConsumer(this, processor);
        configureConsumer(c);
        return c;
    }

    PhotoShelterClient client() {
        return getComponent().client();
    }

    public PhotoShelterOperation getOperation() { return operation; }
    public String getGalleryId() { return galleryId; }
    public void setGalleryId(String v) { this.galleryId = v == null || v.isBlank() ? null : v; }
    public String getFileName() { return fileName; }
    public void setFileName(String v) { this.fileName = v; }
    public Boolean getSearchable() { return searchable; }
    public void setSearchable(Boolean v) { this.searchable = v; }
    public String getGalleryName() { return galleryName; }
    public void setGalleryName(String v) { this.galleryName = v == null || v.isBlank() ? null : v; }
    public String getCollectionPath() { return collectionPath; }
    public void setCollectionPath(String v) { this.collectionPath = v == null || v.isBlank() ? null : v; }
    public String getParentId() { return parentId; }
    public void setParentId(String v) { this.parentId = v; }
    public boolean isCreate() { return create; }
    public void setCreate(boolean v) { this.create = v; }
    public String getMediaId() { return mediaId; }
    public void setMediaId(String v) { this.mediaId = v; }
    public String getMetadataType() { return metadataType; }
    public void setMetadataType(String v) { this.metadataType = v; }
    public String getAction() { return action; }
    public void setAction(String v) { this.action = v; }
    public String getTerms() { return terms; }
    public void setTerms(String v) { this.terms = v; }
    public String getModifiedSince() { return modifiedSince; }
    public void setModifiedSince(String v) { this.modifiedSince = v; }
    public int getPageSize() { return pageSize; }
    public void setPageSize(int v) { this.pageSize = Math.max(1, Math.min(500, v)); }
    public int getMaxResults() { return maxResults; }
    public void setMaxResults(int v) { this.maxResults = Math.max(1, v); }
    public String getCursorName() { return cursorName; }
    public void setCursorName(String v) { this.cursorName = v; }
    public String getInitialPosition() { return initialPosition; }
    public boolean isHoldOnFailure() { return holdOnFailure; }
    public void setHoldOnFailure(boolean v) { this.holdOnFailure = v; }
    public void setInitialPosition(String v) { this.initialPosition = v; }
}
