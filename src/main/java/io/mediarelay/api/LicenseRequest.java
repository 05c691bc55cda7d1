package io.mediarelay.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of {@code license_requests}. {@code decision} is what the rules said at submission and never changes;
 * {@code status} moves on: NEEDS_APPROVAL -> APPROVED | REJECTED; AUTO_APPROVED/APPROVED -> LICENSED | LICENSE_FAILED.
 */
public record LicenseRequest(String id, String assetId, String assetType, String campaign, String campaignType,
                             String channel, String territory, String budgetCode, BigDecimal estimatedCost,
                             String currency, String decision, String status, String reasons, String requestedBy,
                             String decidedBy, Instant decidedAt, Long licenseEventId, String licenseId,
                             String productId, Instant licensedAt, String procurementStatus,
                             Instant procurementSentAt, String lastError, Instant createdAt) {

    public static final String AUTO_APPROVED = "AUTO_APPROVED";
    public static final String NEEDS_APPROVAL = "NEEDS_APPROVAL";
    public static final String REJECTED = "REJECTED";
    public static final String APPROVED = "APPROVED";
    public static final String LICENSED = "LICENSED";
    public static final String LICENSE_FAILED = "LICENSE_FAILED";
    /** Every status, for filters. */
    public static final java.util.List<String> STATUSES = java.util.List.of(NEEDS_APPROVAL, AUTO_APPROVED, APPROVED,
            REJECTED, LICENSED, LICENSE_FAILED);

    /** The API's JSON view (camelCase, nulls kept so clients see every field). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("assetId", assetId);
        m.put("assetType", assetType);
        m.put("campaign", campaign);
        m.put("campaignType", campaignType);
        m.put("channel", channel);
        m.put("territory", territory);
        m.put("budgetCode", budgetCode);
        m.put("estimatedCost", estimatedCost);
        m.put("currency", currency);
        m.put("decision", decision);
        m.put("status", status);
        m.put("reasons", reasons);
        m.put("requestedBy", requestedBy);
        m.put("decidedBy", decidedBy);
        m.put("decidedAt", str(decidedAt));
        m.put("licenseEventId", licenseEventId);
        m.put("licenseId", licenseId);
        m.put("productId", productId);
        m.put("licensedAt", str(licensedAt));
        m.put("procurementStatus", procurementStatus);
        m.put("procurementSentAt", str(procurementSentAt));
        m.put("lastError", lastError);
        m.put("createdAt", str(createdAt));
        return m;
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }
}
