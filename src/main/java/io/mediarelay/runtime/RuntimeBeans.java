package io.mediarelay.runtime;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.getty.GettyLicenseArchive;
import io.mediarelay.getty.GettyMetadataHeaders;
import io.mediarelay.getty.LicenseEventRepository;
import io.mediarelay.governance.GovernanceBeans;
import io.mediarelay.httpflows.JsonMapping;
import io.mediarelay.httpflows.RegistryFeed;
import io.mediarelay.license.GettyLicenseImport;
import io.mediarelay.license.GettyLicenseRegisterAction;
import io.mediarelay.license.LicenseGate;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.license.LicenseRules;
import io.mediarelay.manifest.CompanionJsonAction;
import io.mediarelay.manifest.PackageItemsAggregation;
import io.mediarelay.manifest.PackageManifestAction;
import io.mediarelay.manifest.UsageInstructionsAction;
import io.mediarelay.manifest.XmpSidecarAction;
import io.mediarelay.photoshelter.intake.PhotoShelterIntakeBeans;
import io.mediarelay.runtime.deadletter.DeadLetterStore;
import io.mediarelay.runtime.health.FlowHealthCheck;
import io.mediarelay.transfer.DeliveryGuard;
import io.mediarelay.transfer.DeliveryRecorder;
import io.mediarelay.transfer.Sha256Action;
import io.mediarelay.transfer.StreamDigest;
import io.mediarelay.transfer.delivery.FtpDeliverySink;
import io.mediarelay.transfer.naming.RemoteNameAction;
import io.mediarelay.webhook.WebhookBeans;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

/**
 * Every bean route files may refer to by name ({@code process: ref: ...}, {@code bean:...}), built in one place.
 * The runtime binds them; {@code mediarelay validate} builds the same set over an in-memory database, so
 * validation knows exactly the names the runtime has (no list to keep in step by hand).
 */
public final class RuntimeBeans {

    private RuntimeBeans() {
    }

    public static Map<String, Object> create(RuntimeConfig config, DataSource dataSource, Path routesDir, Path dataDir,
                                             Clock now, FlowHealthCheck flowHealth) {
        Map<String, Object> beans = new LinkedHashMap<>();
        try {
            io.mediarelay.transfer.delivery.Destinations.refuseReplacedKeys(config.properties().stringPropertyNames());
        } catch (IllegalArgumentException e) {
            throw new io.mediarelay.config.ConfigException(e.getMessage(), e);
        }
        beans.put("mediarelayDataSource", dataSource);
        JdbcMessageIdRepository delivered = new JdbcMessageIdRepository(dataSource, "deliveries");
        delivered.setCreateTableIfNotExists(false);
        beans.put("deliveryIdempotentRepository", delivered);
        beans.put("deliveryGuard", new DeliveryGuard(delivered));
        beans.put("deliveryRecorder", new DeliveryRecorder(dataSource, delivered));
        beans.put("flowHealthCheck", flowHealth);
        beans.put("deadLetterStore", new DeadLetterStore(dataSource, dataDir.resolve("dead-letters"), flowHealth));
        beans.put("sha256", new Sha256Action());
        beans.put("companionJson", new CompanionJsonAction());
        beans.put("mediarelayClock", now);
        LicenseRegistry licenses = new LicenseRegistry(dataSource, now);
        LicenseRules rules = new LicenseRules(licenses, LicenseRules.table(config));
        beans.put("licenseRegistry", licenses);
        beans.put("licenseGate", new LicenseGate(rules, licenses, now));
        beans.put("gettyPreLicenseGate", new io.mediarelay.license.GettyPreLicenseGate(
                new io.mediarelay.license.GettyGateForecast(licenses, rules, now)));
        beans.put("gettyLicenseRegister", new GettyLicenseRegisterAction(new LicenseEventRepository(dataSource),
                new GettyLicenseImport(licenses, now.getZone(), null)));
        WebhookBeans.bind(beans::put, config, dataSource, now);
        GovernanceBeans.bind(beans::put, config, dataSource, now, licenses,
                (io.mediarelay.webhook.RegistryChangeScanner) beans.get("registryChangeScanner"));
        beans.put("registryFeed", new RegistryFeed(dataSource, licenses, now, rules.table()));
        beans.put("jsonMapping", new JsonMapping(routesDir.resolve("mappings")));
        beans.put("remoteName", new RemoteNameAction());
        beans.put("remoteNamePolicy", new io.mediarelay.transfer.naming.RemoteNameStep());
        beans.put("httpNamePolicy", new io.mediarelay.transfer.naming.HttpNameStep());
        beans.put("inboxGuard", new io.mediarelay.transfer.inbox.InboxGuard());
        beans.put("inboxAssetId", new io.mediarelay.transfer.inbox.AssetIdFromName());
        beans.put("xmpSidecar", new XmpSidecarAction());
        beans.put("packageManifest", new PackageManifestAction());
        beans.put("packageItems", new PackageItemsAggregation());
        beans.put("ftpDelivery", new FtpDeliverySink());
        beans.put("destinationCheck", new io.mediarelay.transfer.delivery.DestinationCheck());
        // Getty -> FTP flow steps (kamelets getty-*, stream-digest/verify, usage-instructions)
        beans.put("streamDigestWrap", new StreamDigest.Wrap());
        beans.put("streamDigestVerify", new StreamDigest.Verify());
        beans.put("gettyMetadataHeaders", new GettyMetadataHeaders());
        GettyLicenseArchive archive = new GettyLicenseArchive(dataSource);
        beans.put("gettyArchiveChanged", archive.changedStep());
        beans.put("gettyArchiveRecord", archive.recordStep());
        beans.put("gettyArchiveCommit", archive.commitStep());
        beans.put("usageInstructions", new UsageInstructionsAction());
        GettyFlowBeans.bind(beans::put, licenses, rules, now);
        // PhotoShelter upload sink + intake flows PF1/PF2
        PhotoShelterIntakeBeans.bind(beans::put, config, dataSource);
        io.mediarelay.photoshelter.flows.PhotoShelterFlowBeans.bind(beans::put, dataSource, licenses, now);
        return beans;
    }
}
