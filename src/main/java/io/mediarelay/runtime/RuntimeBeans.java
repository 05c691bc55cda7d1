package io.mediarelay.runtime;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.getty.GettyLicenseArchive;
import io.mediarelay.getty.LicenseEventRepository;
import io.mediarelay.governance.GovernanceBeans;
import io.mediarelay.httpflows.JsonMapping;
import io.mediarelay.httpflows.RegistryFeed;
import io.mediarelay.license.GettyLicenseImport;
import io.mediarelay.license.GettyLicenseRegisterAction;
import io.mediarelay.license.LicenseGate;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.license.LicenseRules;
import io.mediarelay.manifest.PackageItemsAggregation;
import io.mediarelay.photoshelter.intake.PhotoShelterIntakeBeans;
import io.mediarelay.runtime.deadletter.DeadLetterStore;
import io.mediarelay.runtime.health.FlowHealthCheck;
import io.mediarelay.transfer.DeliveryGuard;
import io.mediarelay.transfer.DeliveryRecorder;
import io.mediarelay.transfer.delivery.FtpDeliverySink;
import io.mediarelay.transfer.naming.RemoteNameAction;
import io.mediarelay.webhook.WebhookBeans;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

/**
 * Every shared bean route files may refer to by name ({@code process: ref: ...}, {@code bean:...}), built in one
 * place and bound by {@link MediarelayBeans} (the runtime, plain camel-main). Steps without shared state are not
 * here: their kamelets declare them ({@code template.beans}).
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
        JdbcMessageIdRepository delivered = new io.mediarelay.transfer.ClusterSafeMessageIdRepository(dataSource, "deliveries");
        delivered.setCreateTableIfNotExists(false);
        beans.put("deliveryIdempotentRepository", delivered);
        io.mediarelay.transfer.DeliveryClaims claims = new io.mediarelay.transfer.DeliveryClaims(dataSource,
                leaseOf(config, "mediarelay.delivery.claim-lease", "PT1M"), leaseOf(config, "mediarelay.delivery.claim-max-hold", "PT2H"),
                Clock.systemUTC()); // leases are real time, never a test clock
        beans.put("deliveryClaims", claims);
        // a claim held elsewhere is waited for one lease and a little: the holder finishes, gives it back, or has died
        beans.put("deliveryGuard", new DeliveryGuard(delivered, claims, claims.lease().plusSeconds(5)));
        beans.put("deliveryRecorder", new DeliveryRecorder(dataSource, delivered, claims));
        beans.put("flowHealthCheck", flowHealth);
        beans.put("deadLetterStore", new DeadLetterStore(dataSource, dataDir.resolve("dead-letters"), flowHealth));
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
        // registry feeds skip the database while nothing changed in this JVM; another instance's writes: rescan-ms
        beans.put("registryFeed", new RegistryFeed(dataSource, licenses, now, rules.table(), java.time.Duration.ofMillis(
                config.getInt("mediarelay.registry-feed.rescan-ms", (int) RegistryFeed.DEFAULT_RESCAN.toMillis()))));
        beans.put("jsonMapping", new JsonMapping(routesDir.resolve("mappings")));
        beans.put("remoteName", new RemoteNameAction());
        beans.put("httpNamePolicy", new io.mediarelay.transfer.naming.HttpNameStep());
        beans.put("inboxGuard", new io.mediarelay.transfer.inbox.InboxGuard());
        beans.put("inboxAssetId", new io.mediarelay.transfer.inbox.AssetIdFromName());
        beans.put("packageItems", new PackageItemsAggregation());
        beans.put("ftpDelivery", new FtpDeliverySink());
        beans.put("destinationCheck", new io.mediarelay.transfer.delivery.DestinationCheck());
        // Getty -> FTP flow steps with shared state (stateless kamelet steps declare their own beans: template.beans)
        GettyLicenseArchive archive = new GettyLicenseArchive(dataSource);
        beans.put("gettyArchiveChanged", archive.changedStep());
        beans.put("gettyArchiveRecord", archive.recordStep());
        beans.put("gettyArchiveCommit", archive.commitStep());
        GettyFlowBeans.bind(beans::put, licenses, rules, now);
        // PhotoShelter upload sink + intake flows PF1/PF2
        PhotoShelterIntakeBeans.bind(beans::put, config, dataSource);
        io.mediarelay.photoshelter.flows.PhotoShelterFlowBeans.bind(beans::put, dataSource, licenses, now);
        return beans;
    }

    /** An ISO-8601 duration or milliseconds; a bad value is one line naming the key. */
    static java.time.Duration leaseOf(RuntimeConfig config, String key, String dflt) {
        String v = config.get(key, dflt).trim();
        try {
            java.time.Duration d = v.matches("\\d+") ? java.time.Duration.ofMillis(Long.parseLong(v)) : java.time.Duration.parse(v);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("not positive");
            }
            return d;
        } catch (RuntimeException e) {
            throw new io.mediarelay.config.ConfigException(key + " must be a positive ISO-8601 duration or"
                    + " milliseconds, was '" + v + "'", e);
        }
    }
}
