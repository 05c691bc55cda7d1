package io.mediarelay.runtime.cli;

import java.sql.SQLException;

import javax.sql.DataSource;

import io.mediarelay.config.ConfigException;
import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.runtime.db.Database;

/**
 * The database for CLI commands that read or change it directly. The embedded H2 file never listens on the
 * network, so while a runtime holds it another process cannot open it: that ends in one line saying so (and what
 * works instead), not in H2's "Database may be already in use" stack trace.
 */
final class CliDatabase {
    /** H2's DATABASE_ALREADY_OPEN_1: the file is locked by another process. */
    private static final int H2_FILE_LOCKED = 90020;

    private CliDatabase() {
    }

    /** A running runtime holds the database file; commands that have an admin API route use it instead. */
    static final class HeldByRuntime extends ConfigException {
        HeldByRuntime(String message) {
            super(message);
        }
    }

    static DataSource open(RuntimeConfig config) {
        String url = config.get("mediarelay.db.url");
        String user = config.get("mediarelay.db.user", "");
        String password = config.get("mediarelay.db.password", "");
        DataSource ds = Database.dataSource(url, user, password);
        try {
            Database.migrate(url, user, password);
        } catch (RuntimeException e) {
            if (lockedByAnotherProcess(e)) {
                throw new HeldByRuntime("the database is held by a running mediarelay (it never listens on the network);"
                        + " stop it to use this command, or use the admin API: mediarelay flows | reload | dead-letters replay <id>");
            }
            throw e;
        }
        return ds;
    }

    static boolean lockedByAnotherProcess(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_FILE_LOCKED) {
                return true;
            }
        }
        return false;
    }
}
