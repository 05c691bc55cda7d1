package io.mediarelay.license;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Set;

/**
 * License terms that the source API does not carry (Getty's download call says nothing about territory or
 * channels of a rights-managed license: they come from the agreement). Null fields mean "not given".
 */
public record Terms(Set<String> territories, Set<String> channels, LocalDate startDate, LocalDate endDate,
                    String campaign, String agreement, BigDecimal cost, String currency, String costCenter,
                    Integer usageLimit, String restrictions) {

    public static Terms none() {
        return new Terms(null, null, null, null, null, null, null, null, null, null, null);
    }

    public static Terms of(Set<String> territories, Set<String> channels, LocalDate startDate, LocalDate endDate) {
        return new Terms(territories, channels, startDate, endDate, null, null, null, null, null, null, null);
    }

    boolean hasScope() {
        return territories != null && !territories.isEmpty() && channels != null && !channels.isEmpty();
    }
}
