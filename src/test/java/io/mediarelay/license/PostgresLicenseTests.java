package io.mediarelay.license;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import io.mediarelay.runtime.db.Database;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The registry and rules tests again on PostgreSQL, to keep the SQL portable. Opt-in, because the build has no
 * PostgreSQL driver and Flyway 11 needs flyway-database-postgresql for it: apply the migrations with psql, then
 * <pre>
 * mvn test -Dtest='PostgresLicenseTests*' -Dmediarelay.test.pg.url=jdbc:postgresql://127.0.0.1:55432/lic \
 *     -Dmaven.test.additionalClasspath=$HOME/.m2/repository/org/postgresql/postgresql/42.7.13/postgresql-42.7.13.jar
 * </pre>
 */
@EnabledIfSystemProperty(named = "mediarelay.test.pg.url", matches = ".+")
class PostgresLicenseTests {

    static DataSource emptied() {
        DataSource ds = Database.dataSource(System.getProperty("mediarelay.test.pg.url"),
                System.getProperty("mediarelay.test.pg.user", "postgres"), System.getProperty("mediarelay.test.pg.password", ""));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE assets, licenses, usage_events, alerts_sent, webhook_outbox, license_gate_skips");
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL test database not usable: " + e.getMessage(), e);
        }
        return ds;
    }

    @Nested
    class Registry extends LicenseRegistryTest {
        @Override
        DataSource freshDatabase() {
            return emptied();
        }
    }

    @Nested
    class Rules extends LicenseRulesTest {
        @Override
        DataSource freshDatabase() {
            return emptied();
        }
    }
}
