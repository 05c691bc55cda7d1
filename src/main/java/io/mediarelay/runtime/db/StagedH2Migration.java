package io.mediarelay.runtime.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All-or-nothing schema migration of an H2 file database. H2 commits every DDL statement at once, so a migration
 * that fails or whose process dies half-way leaves tables behind and (for Flyway) a FAILED row; every later start was
 * refused. Here the pending migrations run on a copy ({@code <name>.migrating.mv.db}; a new, empty one on a first
 * start), and only a completely migrated copy replaces the database, by an atomic rename. An interrupted migration
 * leaves the database as it was and a stale copy that the next start deletes. PostgreSQL needs none of this: its DDL
 * is transactional and Flyway runs each migration in a transaction.
 */
final class StagedH2Migration {
    private static final Logger LOG = LoggerFactory.getLogger(StagedH2Migration.class);
    private static final String PREFIX = "jdbc:h2:file:";
    private static final String STAGED = ".migrating";

    private StagedH2Migration() {
    }

    /** True for the URLs this applies to: H2 file databases. */
    static boolean applies(String url) {
        return url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    static void migrate(String url, String user, String password) {
        int semi = url.indexOf(';');
        String path = semi < 0 ? url.substring(PREFIX.length()) : url.substring(PREFIX.length(), semi);
        String options = semi < 0 ? "" : url.substring(semi);
        Path db = Path.of(path + ".mv.db");
        Path staged = Path.of(path + STAGED + ".mv.db");
        deleteStale(path + STAGED);
        if (Files.exists(db)) {
            DataSource live = Database.dataSource(url, user, password);
            Flyway flyway = Database.flyway(live);
            if (!needsMigration(flyway)) {
                flyway.migrate(); // validates; nothing to apply
                return;
            }
            shutdown(live); // the copy must be of a closed, consistent file
            copy(db, staged);
        }
        String stagedUrl = PREFIX + path + STAGED + options;
        DataSource copy = Database.dataSource(stagedUrl, user, password);
        Database.flyway(copy).migrate();
        shutdown(copy);
        try {
            Files.createDirectories(db.toAbsolutePath().getParent());
            Files.move(staged, db, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot put the migrated database in place: " + e.getMessage(), e);
        }
        LOG.info("Database schema migrated on a copy and put in place: {}", db);
    }

    /** Pending migrations, or a FAILED row left by a version without this class (repair would not undo its DDL). */
    private static boolean needsMigration(Flyway flyway) {
        for (MigrationInfo i : flyway.info().all()) {
            if (i.getState() == MigrationState.PENDING || i.getState().isFailed()) {
                return true;
            }
        }
        return false;
    }

    private static void shutdown(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close the database before migrating: " + e.getMessage(), e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy the database for migration: " + e.getMessage(), e);
        }
    }

    private static void deleteStale(String stagedPath) {
        for (String suffix : new String[] {".mv.db", ".lock.db", ".trace.db", ".mv.db.tempFile"}) {
            try {
                if (Files.deleteIfExists(Path.of(stagedPath + suffix))) {
                    LOG.warn("Removed {}{} left by an interrupted migration", stagedPath, suffix.toLowerCase(Locale.ROOT));
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot remove " + stagedPath + suffix + ": " + e.getMessage(), e);
            }
        }
    }
}
