package io.mediarelay.getty;

import org.apache.camel.spi.Metadata;

/**
 * Message header names read and written by the getty component. Each carries {@link Metadata} so the component JSON
 * (and every tool reading the catalog) lists it; the endpoint names this class as its {@code headersClass}.
 */
public final class GettyConstants {

    private GettyConstants() {
    }

    // inputs (override endpoint options per exchange)
    @Metadata(description = "search, metadata, license: the asset id (overrides assetId; a String body is used when both are absent). Set by the board and downloads consumers.",
            javaType = "String")
    public static final String ASSET_ID = "GettyAssetId";
    @Metadata(label = "producer", description = "metadata: the asset ids to look up (a collection or a comma-separated String; else the body).",
            javaType = "Object")
    public static final String ASSET_IDS = "GettyAssetIds";
    @Metadata(description = "images or videos (overrides assetType). Set by the board and downloads consumers.",
            javaType = "String")
    public static final String ASSET_TYPE = "GettyAssetType";
    @Metadata(label = "producer", description = "search: the phrase (overrides phrase).", javaType = "String")
    public static final String PHRASE = "GettyPhrase";
    @Metadata(label = "producer", description = "search: the page, 1-based (overrides page).", javaType = "Integer")
    public static final String PAGE = "GettyPage";
    @Metadata(label = "producer", description = "search: the page size (overrides pageSize).", javaType = "Integer")
    public static final String PAGE_SIZE = "GettyPageSize";
    @Metadata(label = "producer", description = "license: the product_id to license against (overrides productId).",
            javaType = "String")
    public static final String PRODUCT_ID = "GettyProductId";
    @Metadata(label = "producer", description = "license: the product_type (overrides productType).", javaType = "String")
    public static final String PRODUCT_TYPE = "GettyProductType";
    @Metadata(label = "producer", description = "license: the idempotency key of the license request (instead of one derived"
            + " from requestKey); written back with the key used.", javaType = "String")
    public static final String REQUEST_KEY = "GettyRequestKey";
    @Metadata(label = "producer", description = "license: download_notes of the license POST (overrides downloadNotes).",
            javaType = "String")
    public static final String DOWNLOAD_NOTES = "GettyDownloadNotes";
    @Metadata(label = "producer", description = "license: project_code of the license POST (overrides projectCode).",
            javaType = "String")
    public static final String PROJECT_CODE = "GettyProjectCode";
    @Metadata(label = "producer", description = "usage: the id of the usage batch; Getty refuses a batch id twice, so a"
            + " retried report is recognised.", javaType = "String")
    public static final String USAGE_BATCH_ID = "GettyUsageBatchId";

    // outputs
    @Metadata(label = "producer", description = "search, metadata, products: the number of results.", javaType = "Long")
    public static final String RESULT_COUNT = "GettyResultCount";
    @Metadata(label = "producer", description = "license: the file name of the download.", javaType = "String")
    public static final String FILE_NAME = "GettyFileName";
    @Metadata(label = "producer", description = "license: the length of the download in bytes, when Getty sends it.",
            javaType = "Long")
    public static final String CONTENT_LENGTH = "GettyContentLength";
    @Metadata(label = "producer", description = "license: the content type of the download.", javaType = "String")
    public static final String CONTENT_TYPE = "GettyContentType";
    @Metadata(label = "producer", description = "license: the id of the license event recorded in license_events.",
            javaType = "Long")
    public static final String LICENSE_EVENT_ID = "GettyLicenseEventId";
    @Metadata(label = "producer", description = "license: true when an earlier license of the same request key was reused"
            + " instead of buying again.", javaType = "Boolean")
    public static final String LICENSE_REUSED = "GettyLicenseReused";
    @Metadata(label = "producer", description = "license: when the download link of the license expires.",
            javaType = "java.time.Instant")
    public static final String URI_EXPIRES_AT = "GettyUriExpiresAt";
    @Metadata(label = "producer", description = "usage: the ids of the batches sent.", javaType = "java.util.List<String>")
    public static final String USAGE_BATCH_IDS = "GettyUsageBatchIds";
    @Metadata(label = "producer", description = "usage: true when Getty already had the batch (a retried report).",
            javaType = "Boolean")
    public static final String USAGE_ALREADY_REPORTED = "GettyUsageAlreadyReported";
    @Metadata(label = "consumer", description = "board: the id of the watched board.", javaType = "String")
    public static final String BOARD_ID = "GettyBoardId";
    @Metadata(label = "consumer", description = "board: the ids of the assets of the same type emitted with this one (at most"
            + " 100); a metadata lookup of one of them asks Getty for all of them in one call.", javaType = "java.util.List<String>")
    public static final String BATCH_ASSET_IDS = "GettyBatchAssetIds";
    @Metadata(label = "consumer", description = "board: when the asset was added to the board.", javaType = "java.time.Instant")
    public static final String DATE_ADDED = "GettyDateAdded";
    @Metadata(label = "consumer", description = "downloads: when the asset was downloaded.", javaType = "java.time.Instant")
    public static final String DATE_DOWNLOADED = "GettyDateDownloaded";
}
