package io.mediarelay.runtime;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.sql.DataSource;

import io.mediarelay.getty.GettyLicenseArchive;
import io.mediarelay.getty.GettyMetadataHeaders;
import io.mediarelay.license.LicenseGate;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.manifest.CompanionJsonAction;
import io.mediarelay.manifest.PackageItemsAggregation;
import io.mediarelay.manifest.PackageManifestAction;
import io.mediarelay.manifest.XmpSidecarAction;
import io.mediarelay.runtime.admin.AdminRoutes;
import io.mediarelay.runtime.config.ConfigException;
import io.mediarelay.runtime.config.RuntimeConfig;
import io.mediarelay.runtime.db.Database;
import io.mediarelay.runtime.deadletter.DeadLetterStore;
import io.mediarelay.runtime.embedded.EmbeddedServices;
import io.mediarelay.runtime.health.FlowHealthCheck;
import io.mediarelay.runtime.health.FlowOutcomeNotifier;
import io.mediarelay.runtime.reload.SafeRouteReloader;
import io.mediarelay.transfer.DeliveryGuard;
import io.mediarelay.transfer.DeliveryRecorder;
import io.mediarelay.transfer.Sha256Action;
import io.mediarelay.transfer.StreamDigest;
import io.mediarelay.transfer.delivery.FtpDeliverySink;
import io.mediarelay.transfer.naming.RemoteNameAction;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mediarelay process: configuration, database, embedded servers, then Camel (camel-main) with the route
 * files from disk. Used by the CLI's {@code run} and by tests, which start and stop it in-process.
 */
public final class MediarelayRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediarelayRuntime.class);

    private RuntimeConfig config;
    private final Path routesDir;
    private final Path dataDir;
    private final StartupReporter startup = new StartupReporter();
    private final FlowHealthCheck flowHealth = new FlowHealthCheck();
    private EmbeddedServices embedded;
    private DataSource dataSource;
    private Main main;
    private SafeRouteReloader reloader;

    public MediarelayRuntime(RuntimeConfig config) {
        this.config = config;
        this.routesDir = config.path("mediarelay.routes-dir", "routes");
        this.dataDir = config.path("mediarelay.data-dir", "data");
    }

    /** Everything up to, but not including, starting Camel; failures are {@link ConfigException}s with one line. */
    private void prepare() {
        Preflight.check(config, routesDir);
        try {
            dataSource = Database.dataSource(config.get("mediarelay.db.url"), config.get("mediarelay.db.user", ""),
                    config.get("mediarelay.db.password", ""));
            Database.migrate(dataSource);
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException("database " + config.get("mediarelay.db.url") + " is not usable: " + rootMessage(e), e);
        }
        try {
            embedded = EmbeddedServices.start(config);
        } catch (IllegalStateException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        main = new Main();
        main.setDefaultPropertyPlaceholderLocation("false");
        config = config.with(embedded.publishedProperties());
        Properties props = config.properties();
        props.setProperty("camel.main.routes-include-pattern", "file:" + routesDir.resolve("error-handling") + "/*.camel.yaml,"
                + "file:" + routesDir.resolve("flows") + "/*.camel.yaml");
        props.setProperty("camel.component.kamelet.location", "file:" + routesDir.resolve("kamelets"));
        props.setProperty("camel.main.routes-reload-enabled", "false");
        excludeHealthOfSwitchedOffFlows(props);
        main.setInitialProperties(props);
        main.bind("mediarelayDataSource", dataSource);
        JdbcMessageIdRepository delivered = new JdbcMessageIdRepository(dataSource, "deliveries");
        delivered.setCreateTableIfNotExists(false);
        main.bind("deliveryIdempotentRepository", delivered);
        main.bind("deliveryGuard", new DeliveryGuard(delivered));
        main.bind("deliveryRecorder", new DeliveryRecorder(dataSource, delivered));
        main.bind("flowHealthCheck", flowHealth);
        main.bind("deadLetterStore", new DeadLetterStore(dataSource, dataDir.resolve("dead-letters"), flowHealth));
        main.bind("sha256", new Sha256Action());
        main.bind("companionJson", new CompanionJsonAction());
        // Getty -> FTP flow steps (kamelets getty-*, stream-digest/verify)
        main.bind("streamDigestWrap", new StreamDigest.Wrap());
        main.bind("streamDigestVerify", new StreamDigest.Verify());
        main.bind("gettyMetadataHeaders", new GettyMetadataHeaders());
        GettyLicenseArchive archive = new GettyLicenseArchive(dataSource);
        main.bind("gettyArchiveChanged", archive.changedStep());
        main.bind("gettyArchiveRecord", archive.recordStep());
        main.bind("gettyArchiveCommit", archive.commitStep());
        main.bind("usageInstructions", new io.mediarelay.manifest.UsageInstructionsAction());
        main.bind("remoteName", new RemoteNameAction());
        main.bind("xmpSidecar", new XmpSidecarAction());
        main.bind("packageManifest", new PackageManifestAction());
        main.bind("packageItems", new PackageItemsAggregation());
        FtpDeliverySink ftpDelivery = new FtpDeliverySink();
        main.bind("ftpDelivery", ftpDelivery);
        LicenseRegistry licenses = new LicenseRegistry(dataSource);
        main.bind("licenseRegistry", licenses);
        main.bind("licenseGate", new LicenseGate(licenses, ZoneId.of(config.get("mediarelay.license.zone", "UTC"))));
        main.configure().addRoutesBuilder(new AdminRoutes(config.get("mediarelay.admin.token", "")));
        // our reload instead of Camel's (disabled above): validates first, swaps one file's routes, reports problems
        reloader = new SafeRouteReloader(routesDir, props, config.getInt("mediarelay.reload.poll-ms", 500));
        main.bind("routeReloader", reloader);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                m.getCamelContext().getManagementStrategy().addEventNotifier(new FlowIdTagger());
                m.getCamelContext().getManagementStrategy().addEventNotifier(new FlowOutcomeNotifier(flowHealth));
                HealthCheckRegistry registry = HealthCheckRegistry.get(m.getCamelContext());
                if (registry != null) {
                    registry.register(flowHealth);
                }
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                startup.report(m.getCamelContext());
                reloader.start(m.getCamelContext());
            }

            @Override
            public void beforeStop(BaseMainSupport m) {
                reloader.stop();
            }

            @Override
            public void afterStop(BaseMainSupport m) {
                ftpDelivery.close(); // pooled FTP/SFTP sessions: log out instead of leaving them to server timeouts
            }
        });
    }

    /** Starts and returns at once (tests). */
    public MediarelayRuntime start() throws Exception {
        prepare();
        try {
            main.start();
            startup.report(main.getCamelContext());
            reloader.start(main.getCamelContext());
        } catch (Exception e) {
            close();
            throw e;
        }
        return this;
    }

    /** Starts and blocks until the process is asked to stop (SIGTERM, Ctrl-C); the CLI's {@code run}. */
    public int runUntilStopped() throws Exception {
        prepare();
        try {
            main.run();
            return main.getExitCode();
        } finally {
            closeEmbedded();
        }
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public EmbeddedServices embedded() {
        return embedded;
    }

    public SafeRouteReloader reloader() {
        return reloader;
    }

    public RuntimeConfig config() {
        return config;
    }

    public Path routesDir() {
        return routesDir;
    }

    public long startupMillis() {
        return startup.startupMillis();
    }

    @Override
    public void close() {
        if (reloader != null) {
            reloader.stop();
        }
        if (main != null) {
            try {
                main.stop();
            } catch (Exception e) {
                LOG.warn("Camel did not stop cleanly: {}", e.getMessage());
            }
        }
        closeEmbedded();
    }

    private void closeEmbedded() {
        if (embedded != null) {
            embedded.close();
        }
    }

    /**
     * A flow switched off with {@code mediarelay.<flow>.enabled=false} keeps its source route (named
     * {@code <flow>-...}) but never polls; Camel's consumer check would report it DOWN forever ("not yet polled").
     */
    static void excludeHealthOfSwitchedOffFlows(Properties props) {
        List<String> patterns = new ArrayList<>();
        String existing = props.getProperty("camel.health.exclude-pattern", "");
        if (!existing.isBlank()) {
            patterns.add(existing);
        }
        for (String key : props.stringPropertyNames()) {
            String[] parts = key.split("\\.");
            if (parts.length == 3 && parts[0].equals("mediarelay") && parts[2].equals("enabled")
                    && "false".equalsIgnoreCase(props.getProperty(key).trim()) && parts[1].matches("[a-z]+\\d+")) {
                patterns.add("consumer:" + parts[1] + "-*");
            }
        }
        if (!patterns.isEmpty()) {
            props.setProperty("camel.health.exclude-pattern", String.join(",", patterns));
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
