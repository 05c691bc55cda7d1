package io.mediarelay.runtime.db;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Creates the runtime's DataSource and brings its schema up to date.
 *
 * <p>All durable state (deliveries, dead letters, cursors, license events, idempotency keys) lives in
 * this database, through SQL that runs on both H2 and PostgreSQL, so a cluster profile is configuration.
 */
public final class Database {

    static {
        // AUTO_SERVER lets the CLI read the database while the runtime runs; H2 would otherwise open that
        // server socket on every interface. Everything we start binds to loopback only.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    private Database() {
    }

    /** A DataSource for the given JDBC URL; H2 in the embedded default, PostgreSQL in production. */
    public static DataSource dataSource(String url, String user, String password) {
        if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL(url);
            ds.setUser(user);
            ds.setPassword(password);
            return ds;
        }
        return new DriverManagerDataSource(url, user, password);
    }

    /** An in-memory H2 database for tests, already migrated. Each name is its own database. */
    public static DataSource inMemory(String name) {
        DataSource ds = dataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
        migrate(ds);
        return ds;
    }

    /** Applies every migration under classpath db/migration. Safe to call on every start. */
    public static void migrate(DataSource ds) {
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .loggers("slf4j")
                .load()
                .migrate();
    }
}
