package io.mediarelay.runtime.db;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The runtime's connection pool (HikariCP), for H2 and PostgreSQL alike. Every poller, flow step and the admin API
 * borrow from it instead of opening a connection per call; on PostgreSQL a connection per call cost a TCP + auth round
 * trip each and, with N instances, could exhaust the server's {@code max_connections}.
 *
 * <p>The pool opens its first connection lazily (on the first borrow), which {@link MigratingDataSource} delays until
 * the schema is migrated: an H2 file database is replaced by a migrated copy, so nothing may hold it open before.
 */
public final class ConnectionPool {

    /** Sizing, from {@code mediarelay.db.pool.*}. */
    public record Settings(int maxSize, int minIdle, long connectionTimeoutMs, long idleTimeoutMs, long maxLifetimeMs) {
        public static final Settings DEFAULT = new Settings(10, 2, 30_000, 600_000, 1_800_000);

        public Settings {
            if (maxSize < 1) {
                throw new IllegalArgumentException("mediarelay.db.pool.max-size must be at least 1, was " + maxSize);
            }
            if (minIdle < 0 || minIdle > maxSize) {
                throw new IllegalArgumentException("mediarelay.db.pool.min-idle must be between 0 and max-size ("
                        + maxSize + "), was " + minIdle);
            }
        }
    }

    private ConnectionPool() {
    }

    public static HikariDataSource create(String url, String user, String password, Settings settings) {
        Database.refuseNetworkedH2(url);
        // the no-argument constructor + setters: the pool starts on the first borrow, not here (see the class
        // comment; HikariDataSource(config) would open connections at once, to the H2 file before it is replaced)
        HikariDataSource c = new HikariDataSource();
        c.setPoolName("mediarelay-db");
        c.setJdbcUrl(url);
        c.setUsername(user);
        c.setPassword(password);
        c.setMaximumPoolSize(settings.maxSize());
        c.setMinimumIdle(settings.minIdle());
        c.setConnectionTimeout(settings.connectionTimeoutMs());
        c.setIdleTimeout(settings.idleTimeoutMs());
        c.setMaxLifetime(settings.maxLifetimeMs());
        return c;
    }
}
