package io.mediarelay.api;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The validated body of {@code POST /api/v1/license-requests}; every problem is reported at once as field errors. */
record LicenseRequestInput(String assetId, String assetType, String campaign, String campaignType, String channel,
                           String territory, String budgetCode, BigDecimal estimatedCost, String currency) {

    // ids and codes end up in Getty paths, SQL parameters and procurement records: keep them to a safe alphabet
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final BigDecimal MAX_COST = new BigDecimal("100000000");

    static LicenseRequestInput parse(Map<String, Object> body, String defaultCurrency) {
        Map<String, String> errors = new LinkedHashMap<>();
        String assetId = text(body, "assetId", errors, ID, true);
        String type = text(body, "assetType", errors, null, false);
        if (type == null) {
            type = "images";
        } else if (type.toLowerCase(Locale.ROOT).startsWith("image")) {
            type = "images";
        } else if (type.toLowerCase(Locale.ROOT).startsWith("video")) {
            type = "videos";
        } else {
            errors.put("assetType", "must be images or videos");
        }
        String campaign = text(body, "campaign", errors, null, true);
        if (campaign != null && campaign.length() > 200) {
            errors.put("campaign", "at most 200 characters");
        }
        String campaignType = text(body, "campaignType", errors, TOKEN, false);
        String channel = text(body, "channel", errors, TOKEN, true);
        String territory = text(body, "territory", errors, TOKEN, true);
        String budgetCode = text(body, "budgetCode", errors, TOKEN, true);
        BigDecimal cost = null;
        Object c = body.get("estimatedCost");
        if (c == null || c.toString().isBlank()) {
            errors.put("estimatedCost", "required");
        } else {
            try {
                cost = new BigDecimal(c.toString().trim());
                if (cost.signum() < 0 || cost.compareTo(MAX_COST) > 0 || cost.scale() > 2) {
                    errors.put("estimatedCost", "must be between 0 and " + MAX_COST + " with at most 2 decimals");
                }
            } catch (NumberFormatException e) {
                errors.put("estimatedCost", "must be a number");
            }
        }
        String currency = text(body, "currency", errors, Pattern.compile("[A-Za-z]{3}"), false);
        if (currency != null && !currency.equalsIgnoreCase(defaultCurrency)) {
            errors.put("currency", "budgets are kept in " + defaultCurrency);
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, "invalid license request", Map.of("fields", errors));
        }
        return new LicenseRequestInput(assetId, type, campaign, campaignType == null ? null : campaignType.toLowerCase(Locale.ROOT),
                channel.toLowerCase(Locale.ROOT), territory.toUpperCase(Locale.ROOT), budgetCode.toUpperCase(Locale.ROOT),
                cost.setScale(2), defaultCurrency);
    }

    private static String text(Map<String, Object> body, String field, Map<String, String> errors, Pattern pattern,
                               boolean required) {
        Object v = body.get(field);
        if (v == null || v.toString().isBlank()) {
            if (required) {
                errors.put(field, "required");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            errors.put(field, "must be a string");
            return null;
        }
        if (pattern != null && !pattern.matcher(s.trim()).matches()) {
            errors.put(field, "must match " + pattern.pattern());
            return null;
        }
        return s.trim();
    }
}
