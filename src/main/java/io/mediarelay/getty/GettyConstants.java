package io.mediarelay.getty;

/** Message header names read and written by the getty component. */
public final class GettyConstants {

    private GettyConstants() {
    }

    // inputs (override endpoint options per exchange)
    public static final String ASSET_ID = "GettyAssetId";
    public static final String ASSET_IDS = "GettyAssetIds";
    public static final String ASSET_TYPE = "GettyAssetType";
    public static final String PHRASE = "GettyPhrase";
    public static final String PAGE = "GettyPage";
    public static final String PAGE_SIZE = "GettyPageSize";
    public static final String PRODUCT_ID = "GettyProductId";
    public static final String PRODUCT_TYPE = "GettyProductType";
    public static final String REQUEST_KEY = "GettyRequestKey";
    public static final String DOWNLOAD_NOTES = "GettyDownloadNotes";
    public static final String PROJECT_CODE = "GettyProjectCode";
    public static final String USAGE_BATCH_ID = "GettyUsageBatchId";

    // outputs
    public static final String RESULT_COUNT = "GettyResultCount";
    public static final String FILE_NAME = "GettyFileName";
    public static final String CONTENT_LENGTH = "GettyContentLength";
    public static final String CONTENT_TYPE = "GettyContentType";
    public static final String LICENSE_EVENT_ID = "GettyLicenseEventId";
    public static final String LICENSE_REUSED = "GettyLicenseReused";
    public static final String URI_EXPIRES_AT = "GettyUriExpiresAt";
    public static final String USAGE_BATCH_IDS = "GettyUsageBatchIds";
    public static final String USAGE_ALREADY_REPORTED = "GettyUsageAlreadyReported";
    public static final String BOARD_ID = "GettyBoardId";
    public static final String DATE_ADDED = "GettyDateAdded";
    public static final String DATE_DOWNLOADED = "GettyDateDownloaded";
}
