package io.mediarelay.getty;

import java.time.Instant;

/**
 * One license request as recorded in {@code license_events}.
 *
 * <p>Status: {@code PENDING} (claimed, POST in flight), {@code LICENSED} (POST returned a URI),
 * {@code UNCERTAIN} (POST sent, outcome unknown: reconcile with Getty's download history before
 * releasing). The {@code uri} is a signed 24 h download link; {@link #toString()} omits it.
 */
public record LicenseEvent(long id, String requestKey, String assetId, String assetType, String productId,
                           String productType, String uri, String status, Instant claimedAt, Instant licensedAt,
                           Instant uriExpiresAt, int licenseCount, String detail) {

    public static final String PENDING = "PENDING";
    public static final String LICENSED = "LICENSED";
    public static final String UNCERTAIN = "UNCERTAIN";

    public boolean uriValidAt(Instant now) {
        return LICENSED.equals(status) && uri != null && uriExpiresAt != null && uriExpiresAt.isAfter(now);
    }

    @Override
    public String toString() {
        return "LicenseEvent[id=" + id + ", requestKey=" + requestKey + ", asset=" + assetType + "/" + assetId
                + ", product=" + productId + "/" + productType + ", status=" + status + ", licensedAt=" + licensedAt
                + ", uriExpiresAt=" + uriExpiresAt + ", licenseCount=" + licenseCount + "]";
    }
}
