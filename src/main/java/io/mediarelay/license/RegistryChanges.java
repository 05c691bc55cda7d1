package io.mediarelay.license;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A change counter of the license registry in this JVM, bumped after every committed write of licenses, assets or
 * usage events ({@link LicenseRegistry}). Readers of the registry on a timer (the registry feeds of the HTTP flows)
 * compare it with the value they saw at their last scan and skip the database while nothing changed: an idle runtime
 * rests instead of re-reading the registry every few seconds (issue 15).
 *
 * <p>One counter for the whole JVM on purpose: several runtimes in one JVM (tests) only cause extra scans, never a
 * missed one. Writes this JVM does not see (another instance on the same database, SQL typed by hand) are found by the
 * readers' periodic rescan.
 */
public final class RegistryChanges {

    private static final AtomicLong GENERATION = new AtomicLong();

    private RegistryChanges() {
    }

    /** The current generation; read it before a scan, so a write committed during the scan causes the next one. */
    public static long generation() {
        return GENERATION.get();
    }

    /** Called after a write is committed (visible to every reader). */
    public static void changed() {
        GENERATION.incrementAndGet();
    }
}
