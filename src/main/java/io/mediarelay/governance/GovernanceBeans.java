package io.mediarelay.governance;

import java.time.Clock;
import java.time.ZoneId;
import java.util.function.BiConsumer;

import javax.sql.DataSource;

import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.connector.CursorStore;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.license.PhotoShelterLicenseImport;
import io.mediarelay.webhook.RegistryChangeScanner;

/**
 * Binds the governance beans named by routes/flows/gh-usage-reporting, gh-asset-refresh and
 * ps-expiry-import, so RuntimeBeans needs one line for all of them.
 */
public final class GovernanceBeans {
    private GovernanceBeans() {
    }

    public static void bind(BiConsumer<String, Object> bind, RuntimeConfig config, DataSource ds, Clock clock,
                            LicenseRegistry registry, RegistryChangeScanner announcer) {
        ZoneId zone = ZoneId.of(config.get("mediarelay.license.zone", "UTC"));
        UsageReporter usage = new UsageReporter(ds, clock, zone,
                config.getInt("mediarelay.usage-reporting.batch-size", UsageReporter.MAX_BATCH),
                config.getInt("mediarelay.usage-reporting.max-batches-per-run", 20));
        bind.accept("usageReportClaim", usage.claimStep());
        bind.accept("usageReportLoad", usage.loadStep());
        bind.accept("usageReportMark", usage.markStep());
        bind.accept("usageReportReject", usage.rejectStep());
        GettyAssetRefresh refresh = new GettyAssetRefresh(ds, registry, announcer);
        bind.accept("gettyRefreshIds", refresh.idsStep());
        bind.accept("gettyRefreshApply", refresh.applyStep());
        PhotoShelterExpiryImport ps = new PhotoShelterExpiryImport(new PhotoShelterLicenseImport(registry,
                PhotoShelterLicenseImport.Fields.withExpiry(config.get("mediarelay.photoshelter-expiry.expiry-field",
                        "License Expiry"))), new CursorStore(ds), config.get("mediarelay.photoshelter-expiry.expiry-field",
                "License Expiry"));
        bind.accept("psExpirySince", ps.sinceStep());
        bind.accept("psExpiryListed", ps.listedStep());
        bind.accept("psExpiryImport", ps.importStep());
        bind.accept("psExpiryCommit", ps.commitStep());
    }
}
