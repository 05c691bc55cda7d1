package io.mediarelay.transfer;

/** Message headers that the delivery steps read and write; one vocabulary for every flow. */
public final class DeliveryHeaders {
    public static final String ASSET_ID = "MediarelayAssetId";
    public static final String ASSET_VERSION = "MediarelayAssetVersion";
    public static final String DESTINATION = "MediarelayDestination";
    public static final String REMOTE_PATH = "MediarelayRemotePath";
    public static final String BYTES = "MediarelayBytes";
    public static final String SHA256 = "MediarelaySha256";
    public static final String RUN_ID = "MediarelayRunId";
    public static final String LICENSE_EVENT = "MediarelayLicenseEvent";
    public static final String STARTED_AT = "MediarelayStartedAt";

    private DeliveryHeaders() {
    }
}
