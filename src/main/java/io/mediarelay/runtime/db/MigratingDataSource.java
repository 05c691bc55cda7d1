package io.mediarelay.runtime.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A DataSource whose schema migration runs on a background thread while the runtime loads its route files
 * (the two are the largest parts of start-up and do not depend on each other). Every connection waits for the
 * migration, so nothing can see a half-migrated schema; {@link #awaitMigrated()} surfaces a failure once, early.
 */
public final class MigratingDataSource implements DataSource, AutoCloseable {
    private final DataSource delegate;
    private final CompletableFuture<Long> migrated;

    private MigratingDataSource(DataSource delegate, CompletableFuture<Long> migrated) {
        this.delegate = delegate;
        this.migrated = migrated;
    }

    private MigratingDataSource(DataSource delegate, Runnable migration) {
        this(delegate, new CompletableFuture<>());
        this.migration = migration;
    }

    private Runnable migration;

    /**
     * A DataSource for {@code url} whose migration starts with {@link #startMigration()}: the runtime starts it once
     * its own configuration has been judged, so a configuration error never races a migration.
     */
    public static MigratingDataSource create(String url, String user, String password) {
        return create(url, user, password, ConnectionPool.Settings.DEFAULT);
    }

    /** Like {@link #create(String, String, String)}, borrowing from a connection pool of the given size. */
    public static MigratingDataSource create(String url, String user, String password, ConnectionPool.Settings pool) {
        return new MigratingDataSource(ConnectionPool.create(url, user, password, pool),
                () -> Database.migrate(url, user, password));
    }

    /** Closes the pool: its connections are closed, later borrows fail. */
    @Override
    public void close() {
        if (delegate instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the connection pool: " + e.getMessage(), e);
            }
        }
    }

    /** Starts migrating now, on its own thread (once). */
    public synchronized MigratingDataSource startMigration() {
        if (migration == null) {
            return this;
        }
        Runnable m = migration;
        migration = null;
        Thread t = new Thread(() -> {
            long t0 = System.nanoTime();
            try {
                m.run();
                migrated.complete((System.nanoTime() - t0) / 1_000_000);
            } catch (Throwable e) {
                migrated.completeExceptionally(e);
            }
        }, "mediarelay-db-migrate");
        t.setDaemon(true);
        t.start();
        return this;
    }

    /** Blocks until migrated; returns the milliseconds the migration took, or throws what it failed with. */
    public long awaitMigrated() {
        startMigration();
        try {
            return migrated.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void ready() throws SQLException {
        try {
            awaitMigrated();
        } catch (RuntimeException e) {
            throw new SQLException("database schema migration failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        ready();
        return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        ready();
        return delegate.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(delegate) ? iface.cast(delegate) : delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(delegate) || delegate.isWrapperFor(iface);
    }
}
