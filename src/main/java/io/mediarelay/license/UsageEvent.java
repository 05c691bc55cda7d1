package io.mediarelay.license;

import java.time.LocalDate;

/** One use of an asset (a delivery, a partner usage-log line, a proof of publication); {@code usage_events}. */
public record UsageEvent(String assetId, String licenseId, String channel, String territory, LocalDate useDate,
                         int quantity, String proofFile, String sourceFlow) {

    public UsageEvent {
        if (assetId == null || channel == null || territory == null || useDate == null || quantity < 1) {
            throw new IllegalArgumentException("a usage event needs asset, channel, territory, date and quantity >= 1");
        }
    }
}
