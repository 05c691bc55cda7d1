package io.mediarelay.runtime;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import io.mediarelay.api.ApiModule;
import io.mediarelay.common.FlowIdTagger;
import io.mediarelay.config.ConfigException;
import io.mediarelay.config.DataDirectory;
import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.runtime.admin.AdminRoutes;
import io.mediarelay.runtime.cluster.ClusterSettings;
import io.mediarelay.runtime.cluster.Clustering;
import io.mediarelay.runtime.db.MigratingDataSource;
import io.mediarelay.runtime.deadletter.DeadLetterCatchUp;
import io.mediarelay.runtime.embedded.EmbeddedServices;
import io.mediarelay.runtime.health.FlowHealthCheck;
import io.mediarelay.runtime.health.FlowOutcomeNotifier;
import io.mediarelay.runtime.health.ListenerHealthCheck;
import io.mediarelay.runtime.reload.SafeRouteReloader;
import io.mediarelay.transfer.delivery.FtpDeliverySink;
import org.apache.camel.CamelContext;
import org.apache.camel.VetoCamelContextStartException;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.LifecycleStrategySupport;
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
    private ListenerHealthCheck listeners;
    private volatile ConfigException listenerFailure;
    private EmbeddedServices embedded;
    private DataSource dataSource;
    private Main main;
    private Clock clock;
    private java.sql.Connection keepOpen;
    private SafeRouteReloader reloader;

    public MediarelayRuntime(RuntimeConfig config) {
        this.config = config;
        this.routesDir = config.path("mediarelay.routes-dir", "routes");
        this.dataDir = config.path("mediarelay.data-dir", "data");
    }

    /** Everything up to, but not including, starting Camel; failures are {@link ConfigException}s with one line. */
    private void prepare() {
        Preflight.check(config, routesDir);
        ClusterSettings cluster = ClusterSettings.from(config); // a bad engine setting ends the start with one line
        DataDirectory.prepare(dataDir);
        // the schema migrates on its own thread while route files load (started at the end of prepare, once everything
        // judged here passed); onContextStarting waits for it
        MigratingDataSource migrating = MigratingDataSource.create(h2Safe(config.get("mediarelay.db.url")),
                config.get("mediarelay.db.user", ""), config.get("mediarelay.db.password", ""), poolSettings(config));
        dataSource = migrating;
        try {
            long t0 = System.nanoTime();
            embedded = EmbeddedServices.start(config);
            LOG.info("Embedded services {} started in {} ms", embedded.names(), (System.nanoTime() - t0) / 1_000_000);
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
        if (config.getBoolean("mediarelay.flows.skip-switched-off", false)) {
            List<String> off = SwitchedOffFlows.files(config, routesDir.resolve("flows"));
            if (!off.isEmpty()) {
                props.setProperty("camel.main.routes-exclude-pattern", String.join(",", off));
                LOG.info("Flows switched off, not loaded: {}", off.stream().map(f -> f.substring(f.lastIndexOf('/') + 1)).toList());
            }
        }
        props.setProperty("camel.main.routes-reload-enabled", "false");
        excludeHealthOfSwitchedOffFlows(props);
        dropEmptyComponentOptions(props);
        listeners = new ListenerHealthCheck(requiredListeners(config));
        main.setInitialProperties(props);
        ZoneId zone = ZoneId.of(config.get("mediarelay.license.zone", "UTC"));
        Clock now = clock != null ? clock.withZone(zone) : Clock.system(zone);
        flowHealth.deadLetterMaxAge(java.time.Duration.parse(config.get("mediarelay.health.dead-letter-max-age", "PT1H")));
        // the same declarations plain camel-main loads with camel.main.configuration-classes (MediarelayBeans)
        MediarelayBeans declared = MediarelayBeans.of(config, dataSource, routesDir, dataDir, now, flowHealth);
        main.configure().addConfiguration(declared);
        Map<String, Object> beans = declared.beans();
        FtpDeliverySink ftpDelivery = (FtpDeliverySink) beans.get("ftpDelivery");
        LicenseRegistry licenses = (LicenseRegistry) beans.get("licenseRegistry");
        main.configure().addRoutesBuilder(new AdminRoutes(config));
        List<String> catchUp = config.getList("mediarelay.dead-letters.catch-up.routes");
        if (!catchUp.isEmpty()) {
            main.configure().addRoutesBuilder(new DeadLetterCatchUp(catchUp,
                    config.getInt("mediarelay.dead-letters.catch-up.interval-ms", 5_000),
                    java.time.Duration.ofMillis(config.getInt("mediarelay.dead-letters.catch-up.lease-ms", 900_000))));
        }
        ApiModule.builders(config, dataSource, licenses).forEach(b -> main.configure().addRoutesBuilder(b));
        // our reload instead of Camel's (disabled above): validates first, swaps one file's routes, reports problems
        reloader = new SafeRouteReloader(routesDir, props, config.getInt("mediarelay.reload.poll-ms", 500));
        main.bind("routeReloader", reloader);
        // Camel's HTTP servers (API, management) take their Vert.x options from the registry. Vert.x checks for a
        // blocked event loop every second by default, one of the busiest threads of an idle runtime (bench/idle.sh);
        // every 10 s still reports any loop blocked longer than its 2 s limit.
        main.bind("vertxOptions", new io.vertx.core.VertxOptions().setBlockedThreadCheckInterval(10_000));
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                // wait for the schema only when the context starts: route files are collected, parsed and their
                // routes built meanwhile (the largest part of start-up); any earlier connection waits by itself
                m.getCamelContext().addLifecycleStrategy(new LifecycleStrategySupport() {
                    @Override
                    public void onContextStarting(CamelContext context) throws VetoCamelContextStartException {
                        try {
                            databaseReady(migrating);
                        } catch (ConfigException e) {
                            throw new VetoCamelContextStartException(e.getMessage(), e, context, true);
                        }
                    }
                });
                Clustering.install(m.getCamelContext(), cluster, dataSource); // issue 13: leader per flow (engine none: no-op)
                m.getCamelContext().getManagementStrategy().addEventNotifier(new FlowOutcomeNotifier(flowHealth));
                int idleInterval = config.getInt("mediarelay.polling.idle-interval-ms", 0);
                if (idleInterval > 0) {
                    m.getCamelContext().getManagementStrategy().addEventNotifier(new PollersAtRest(idleInterval));
                }
                HealthCheckRegistry registry = HealthCheckRegistry.get(m.getCamelContext());
                listeners.bind(m.getCamelContext());
                if (registry != null) {
                    registry.register(flowHealth);
                    registry.register(listeners);
                }
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                try {
                    checkListeners();
                } catch (ConfigException e) {
                    // run(): end the run at once; runUntilStopped reports the line once Camel has stopped
                    listenerFailure = e;
                    main.completed();
                    return;
                }
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
        migrating.startMigration();
    }

    /** Waits for the background migration; its failure stops the start with one line, as before. */
    private void databaseReady(MigratingDataSource migrating) {
        try {
            long ms = migrating.awaitMigrated();
            LOG.info("Database ready ({}) in {} ms, migrated while routes loaded",
                    config.get("mediarelay.db.url").replaceAll(";.*", ""), ms);
            if (config.get("mediarelay.db.url").startsWith("jdbc:h2:")) {
                // H2 closes a file database with its last connection; with many pollers opening and closing
                // connections, a close racing a reopen was seen to answer "table not found". Hold it open.
                keepOpen = migrating.getConnection();
            }
        } catch (RuntimeException | java.sql.SQLException e) {
            throw new ConfigException("database " + config.get("mediarelay.db.url") + " is not usable: " + rootMessage(e), e);
        }
    }

    /** A listener the runtime needs and could not open ends the start with one line naming port and property. */
    private void checkListeners() {
        List<String> problems = listeners.problems();
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("; ", problems));
        }
    }

    static List<ListenerHealthCheck.Listener> requiredListeners(RuntimeConfig config) {
        List<ListenerHealthCheck.Listener> out = new ArrayList<>();
        if (config.getBoolean("camel.server.enabled", false)) {
            out.add(new ListenerHealthCheck.Listener("camel.server.port", config.get("camel.server.host", "0.0.0.0"),
                    config.getInt("camel.server.port", 8080)));
        }
        if (config.getBoolean("camel.management.enabled", false)) {
            out.add(new ListenerHealthCheck.Listener("camel.management.port", config.get("camel.management.host", "0.0.0.0"),
                    config.getInt("camel.management.port", 9876)));
        }
        return out;
    }

    /** Replaces the wall clock (license dates, alerts, webhook backoff); tests simulate days with it. */
    public MediarelayRuntime withClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Starts and returns at once (tests). */
    public MediarelayRuntime start() throws Exception {
        prepare();
        try {
            main.start();
            checkListeners();
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
            if (listenerFailure != null) {
                throw listenerFailure;
            }
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
        if (keepOpen != null) {
            try {
                keepOpen.close();
            } catch (java.sql.SQLException e) {
                LOG.debug("closing the keep-open connection: {}", e.getMessage());
            }
            keepOpen = null;
        }
        if (dataSource instanceof MigratingDataSource pool) {
            pool.close(); // after Camel stopped: nothing borrows any more
        }
    }

    /** {@code mediarelay.db.pool.*}: see README (Configuration). */
    static io.mediarelay.runtime.db.ConnectionPool.Settings poolSettings(RuntimeConfig config) {
        var d = io.mediarelay.runtime.db.ConnectionPool.Settings.DEFAULT;
        try {
            return new io.mediarelay.runtime.db.ConnectionPool.Settings(
                    config.getInt("mediarelay.db.pool.max-size", d.maxSize()),
                    config.getInt("mediarelay.db.pool.min-idle", d.minIdle()),
                    config.getInt("mediarelay.db.pool.connection-timeout-ms", (int) d.connectionTimeoutMs()),
                    config.getInt("mediarelay.db.pool.idle-timeout-ms", (int) d.idleTimeoutMs()),
                    config.getInt("mediarelay.db.pool.max-lifetime-ms", (int) d.maxLifetimeMs()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /**
     * H2 2.3.232 can corrupt a file database while compacting it on close (h2database issues #4086, #4123: "Double
     * mark", rows lost after restarts; seen here in LicenseAlertsTest's restarts). No compaction on close until the
     * pom moves to an H2 with the fix (2.4.240). H2's own trace goes to SLF4J (TRACE_LEVEL_FILE=4) instead of a
     * .trace.db file, which H2 otherwise reports failing to write with stack traces straight on stderr.
     */
    static String h2Safe(String url) {
        if (!url.startsWith("jdbc:h2:file:")) {
            return url;
        }
        String upper = url.toUpperCase();
        String safe = upper.contains("MAX_COMPACT_TIME") ? url : url + ";MAX_COMPACT_TIME=0";
        return upper.contains("TRACE_LEVEL_FILE") ? safe : safe + ";TRACE_LEVEL_FILE=4";
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

    /**
     * An empty {@code camel.component.*} value means "not set" in our profiles ({{env:PHOTOSHELTER_EMAIL:}}); camel-main
     * refuses it ("Error configuring property ... because value is empty"), so production needed every optional
     * PhotoShelter/Getty variable. The component's default applies instead; a flow that needs the value fails on use.
     */
    static void dropEmptyComponentOptions(Properties props) {
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("camel.component.") && props.getProperty(key).isBlank()) {
                props.remove(key);
            }
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
