package io.mediarelay.runtime;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import io.mediarelay.common.FlowIdTagger;
import io.mediarelay.config.DataDirectory;
import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.runtime.db.Database;
import io.mediarelay.runtime.health.FlowHealthCheck;
import io.mediarelay.transfer.delivery.FtpDeliverySink;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared beans route files refer to by name (dead-letter store, delivery guard and records, license registry,
 * ...; the list is {@link RuntimeBeans}) and the flow-id tagging every flow relies on, as a Camel configuration
 * class: plain camel-main loads it with one property,
 * {@code camel.main.configuration-classes=io.mediarelay.runtime.MediarelayBeans}, and builds the database (migrated
 * before any route starts), clock and health from the {@code mediarelay.*} properties it was given.
 * {@link MediarelayRuntime} adds the same class with what it prepared itself (a database migrating while routes
 * load, its clock and flow health), so both bind exactly the same names. Steps without shared state are declared by
 * their kamelets ({@code template.beans}), not here.
 */
public final class MediarelayBeans implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(MediarelayBeans.class);
    private Map<String, Object> beans;
    private boolean standalone;

    /** Plain camel-main ({@code camel.main.configuration-classes}): everything is built from the context's properties. */
    public MediarelayBeans() {
    }

    private MediarelayBeans(Map<String, Object> beans) {
        this.beans = beans;
    }

    /** The runtime's beans over what it prepared; {@link #beans()} is available at once (the runtime wires some). */
    public static MediarelayBeans of(RuntimeConfig config, DataSource dataSource, Path routesDir, Path dataDir, Clock now,
                                     FlowHealthCheck flowHealth) {
        return new MediarelayBeans(RuntimeBeans.create(config, dataSource, routesDir, dataDir, now, flowHealth));
    }

    /** Every bean by name (null until {@link #configure} when camel-main created this class). */
    public Map<String, Object> beans() {
        return beans;
    }

    @Override
    public void configure(CamelContext context) {
        if (beans == null) {
            long t0 = System.nanoTime();
            standalone = true;
            beans = standalone(context);
            LOG.info("{} beans declared in {} ms", beans.size(), (System.nanoTime() - t0) / 1_000_000);
        }
        beans.forEach(context.getRegistry()::bind);
        // records and dead letters name the flow, also for steps inside kamelets (FlowIdTagger)
        context.getManagementStrategy().addEventNotifier(new FlowIdTagger());
        context.addRoutePolicyFactory(FlowIdTagger.POLICY);
        if (beans.get("deliveryClaims") instanceof io.mediarelay.transfer.DeliveryClaims claims) {
            try {
                context.addService(new io.mediarelay.transfer.DeliveryClaimRenewal(claims, context)); // the claims' heartbeat
            } catch (Exception e) {
                throw org.apache.camel.RuntimeCamelException.wrapRuntimeCamelException(e);
            }
        }
        if (standalone && beans.get("ftpDelivery") instanceof FtpDeliverySink ftp) {
            // pooled FTP/SFTP sessions log out when Camel stops (the runtime does this in its own stop)
            context.addLifecycleStrategy(new LifecycleStrategySupport() {
                @Override
                public void onContextStopped(CamelContext ctx) {
                    ftp.close();
                }
            });
        }
    }

    /**
     * What {@link MediarelayRuntime} prepares, done here in one go for plain camel-main: configuration from the
     * context's properties ({@code -pl file:config/application.properties,...}), the data directory, the database
     * migrated now (nothing may see a half-migrated schema; plain Camel has no start hook the runtime's parallel
     * migration could join).
     */
    private static Map<String, Object> standalone(CamelContext context) {
        Properties props = new Properties();
        props.putAll(context.getPropertiesComponent().loadProperties());
        // as RuntimeConfig.load: everything derived from a relative data dir must name one place, and H2 refuses
        // implicitly relative file URLs
        String data = props.getProperty("mediarelay.data-dir", "data").trim();
        if (!data.contains("{{")) {
            props.setProperty("mediarelay.data-dir", Path.of(data).toAbsolutePath().normalize().toString());
        }
        RuntimeConfig config = RuntimeConfig.of(props);
        Path routesDir = config.path("mediarelay.routes-dir", "routes");
        Path dataDir = config.path("mediarelay.data-dir", "data");
        DataDirectory.prepare(dataDir);
        String url = MediarelayRuntime.h2Safe(config.get("mediarelay.db.url"));
        String user = config.get("mediarelay.db.user", "");
        String password = config.get("mediarelay.db.password", "");
        long t0 = System.nanoTime();
        Database.migrate(url, user, password);
        LOG.info("Database {} migrated in {} ms", url.replaceAll(";.*", ""), (System.nanoTime() - t0) / 1_000_000);
        DataSource dataSource = Database.dataSource(url, user, password);
        FlowHealthCheck flowHealth = new FlowHealthCheck();
        flowHealth.deadLetterMaxAge(Duration.parse(config.get("mediarelay.health.dead-letter-max-age", "PT1H")));
        Clock now = Clock.system(ZoneId.of(config.get("mediarelay.license.zone", "UTC")));
        return RuntimeBeans.create(config, dataSource, routesDir, dataDir, now, flowHealth);
    }
}
