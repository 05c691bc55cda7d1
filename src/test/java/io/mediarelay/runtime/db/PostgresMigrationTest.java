package io.mediarelay.runtime.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

/** Every Flyway migration runs on a real PostgreSQL server (portable SQL), through the runtime's pool. */
class PostgresMigrationTest {

    @Test
    void everyMigrationAppliesOnPostgres() throws IOException, URISyntaxException {
        String url = TestDatabases.newPostgresUrl("allmig");
        Database.migrate(url, "postgres", "");
        long files;
        try (Stream<Path> s = Files.list(Path.of(getClass().getResource("/db/migration").toURI()))) {
            files = s.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
        try (HikariDataSource pool = ConnectionPool.create(url, "postgres", "", ConnectionPool.Settings.DEFAULT)) {
            MigrationInfo[] applied = Database.flyway(pool).info().applied();
            assertEquals(files, applied.length, "every V*.sql applied");
            for (MigrationInfo i : applied) {
                assertEquals(MigrationState.SUCCESS, i.getState(), "V" + i.getVersion() + " " + i.getDescription());
            }
            assertTrue(pool.getHikariPoolMXBean().getTotalConnections() >= 1, "connections come from the pool");
        }
    }
}
