package io.mediarelay.runtime.db;

import javax.sql.DataSource;

import io.mediarelay.config.ConfigException;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Creates the runtime's DataSource and brings its schema up to date.
 *
 * <p>All durable state (deliveries, dead letters, cursors, license events, idempotency keys) lives in
 * this database, through SQL that runs on both H2 and PostgreSQL, so a cluster profile is configuration.
 */
public final class Database {

    private Database() {
    }

    /** An unpooled DataSource for the given JDBC URL; H2 in the embedded default, PostgreSQL in production. */
    public static DataSource dataSource(String url, String user, String password) {
        refuseNetworkedH2(url);
        if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL(url);
            ds.setUser(user);
            ds.setPassword(password);
            return ds;
        }
        // unpooled, for the migration and short-lived CLI commands; the runtime borrows from ConnectionPool
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("mediarelay.db.url must be an H2 (jdbc:h2:) or PostgreSQL (jdbc:postgresql:) URL");
        }
        ds.setURL(url);
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }

    /**
     * H2's AUTO_SERVER opens a TCP port (random, on every start) whose address and key sit in the lock file; anyone who
     * can read that file could log in. The runtime's database never listens: the CLI goes through the admin API.
     */
    static void refuseNetworkedH2(String url) {
        String upper = url.toUpperCase(java.util.Locale.ROOT).replace(" ", "");
        if (upper.startsWith("JDBC:H2:") && upper.contains(";AUTO_SERVER=TRUE")) {
            throw new ConfigException("mediarelay.db.url must not set AUTO_SERVER=TRUE: it opens a network port for the database");
        }
    }

    /** An in-memory H2 database for tests, already migrated. Each name is its own database. */
    public static DataSource inMemory(String name) {
        DataSource ds = dataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
        migrate(ds);
        return ds;
    }

    /** Applies every migration under classpath db/migration. Safe to call on every start. */
    public static void migrate(DataSource ds) {
        flyway(ds).migrate();
    }

    /**
     * Migrates the database at {@code url} so that an interrupted or failed migration never leaves it unusable: H2 file
     * databases are migrated on a copy that replaces them only when complete ({@link StagedH2Migration}); PostgreSQL
     * runs each migration in a transaction.
     */
    public static void migrate(String url, String user, String password) {
        refuseNetworkedH2(url);
        if (StagedH2Migration.applies(url)) {
            StagedH2Migration.migrate(url, user, password);
        } else {
            migrate(dataSource(url, user, password));
        }
    }

    /**
     * Flyway over classpath db/migration. {@code -Dflyway.*} system properties are applied on top (Flyway's own keys,
     * e.g. {@code flyway.callbacks}); the tests interrupt a migration that way.
     */
    static Flyway flyway(DataSource ds) {
        java.util.Map<String, String> extra = new java.util.HashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("flyway."))
                .forEach(k -> extra.put(k, System.getProperty(k)));
        return Flyway.configure()
                .configuration(extra)
                .dataSource(ds)
                .locations("classpath:db/migration")
                .loggers("slf4j")
                .load();
    }
}
