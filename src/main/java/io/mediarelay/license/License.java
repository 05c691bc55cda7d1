package io.mediarelay.license;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Set;

/**
 * One row of {@code licenses}: a grant of rights on one asset. Dates are inclusive and {@code null} means
 * open-ended; {@code usageLimit == null} means unlimited. Territories hold {@link Tokens#WORLDWIDE} or ISO codes,
 * channels hold {@link Tokens#ALL_CHANNELS} or channel names.
 */
public record License(String licenseId, String source, String assetId, String licenseModel, String productType,
                      String productId, String agreement, Set<String> territories, Set<String> channels,
                      LocalDate startDate, LocalDate endDate, String campaign, BigDecimal cost, String currency,
                      String costCenter, String restrictions, Integer usageLimit, int usedCount,
                      String licenseEvent) {

    public License {
        if (licenseId == null || licenseId.isBlank() || assetId == null || assetId.isBlank() || source == null) {
            throw new IllegalArgumentException("a license needs an id, a source and an asset id");
        }
        territories = Set.copyOf(territories);
        for (String t : territories) {
            if (!Territories.valid(t)) {
                throw new IllegalArgumentException("license " + licenseId + ": territory '" + t
                        + "' is not an ISO 3166-1 alpha-2 code or " + Tokens.WORLDWIDE);
            }
        }
        channels = Set.copyOf(channels);
        if (startDate != null && endDate != null && endDate.isBefore(startDate)) {
            throw new IllegalArgumentException("license " + licenseId + " ends (" + endDate + ") before it starts ("
                    + startDate + ")");
        }
    }

    /** A minimal license for tests and importers; the other fields stay empty. */
    public static License of(String licenseId, String source, String assetId, Set<String> territories,
                             Set<String> channels, LocalDate startDate, LocalDate endDate) {
        return new License(licenseId, source, assetId, null, null, null, null, territories, channels, startDate,
                endDate, null, null, null, null, null, null, 0, null);
    }

    public License withRestrictions(String text) {
        return new License(licenseId, source, assetId, licenseModel, productType, productId, agreement, territories,
                channels, startDate, endDate, campaign, cost, currency, costCenter, text, usageLimit, usedCount,
                licenseEvent);
    }

    public License withUsage(Integer limit, int used) {
        return new License(licenseId, source, assetId, licenseModel, productType, productId, agreement, territories,
                channels, startDate, endDate, campaign, cost, currency, costCenter, restrictions, limit, used,
                licenseEvent);
    }
}
