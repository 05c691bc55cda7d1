package io.mediarelay.runtime.db;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Test-only Flyway callback (set with {@code -Dflyway.callbacks=...}): after migration V5 has run it either throws
 * ({@code -Dtest.migration=fail}) or announces "MIGRATING V5" on stdout and blocks until the process is killed
 * ({@code -Dtest.migration=block}), i.e. a start that dies half-way through the schema.
 */
public final class InterruptingCallback implements Callback {
    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_EACH_MIGRATE && context.getMigrationInfo() != null
                && "5".equals(context.getMigrationInfo().getVersion().getVersion());
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        if ("block".equals(System.getProperty("test.migration"))) {
            System.out.println("MIGRATING V5");
            System.out.flush();
            try {
                // a start that hangs mid-migration: wait for a latch nobody releases, until the test kills this process
                new java.util.concurrent.CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new IllegalStateException("migration interrupted after V5 (test)");
    }

    @Override
    public String getCallbackName() {
        return "interrupting";
    }
}
