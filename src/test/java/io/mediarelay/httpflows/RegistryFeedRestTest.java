package io.mediarelay.httpflows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.mediarelay.license.License;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.license.RestrictionTable;
import io.mediarelay.license.UsageEvent;
import io.mediarelay.runtime.db.Database;

/**
 * Issue 15: a registry feed polled while nothing changed costs no query, and a scan rebuilds only the views of
 * licenses that changed since the feed's previous scan (not every license within the cursor's minute of lag).
 */
class RegistryFeedRestTest {

    private static final LocalDate TODAY = LocalDate.now();

    private DataSource raw;
    private final AtomicInteger connections = new AtomicInteger();
    private DataSource counted;
    private LicenseRegistry registry;

    @BeforeEach
    void database() {
        raw = Database.inMemory("feed-rest-" + UUID.randomUUID());
        Database.migrate(raw);
        // every JDBC connection the feed takes is counted: no connection, no query
        counted = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) connections.incrementAndGet();
                    return method.invoke(raw, args);
                });
        registry = new LicenseRegistry(raw);
    }

    private RegistryFeed feed(Duration rescan) {
        return new RegistryFeed(counted, new LicenseRegistry(counted), Clock.systemUTC(),
                new RestrictionTable(Path.of("config/restrictions.csv")), rescan);
    }

    private static License license(String id, String asset) {
        return License.of(id, "getty", asset, Set.of("US"), Set.of("web"), TODAY.minusDays(1), TODAY.plusDays(30));
    }

    private static List<String> ids(List<Map<String, Object>> views) {
        return views.stream().map(v -> (String) ((Map<?, ?>) v.get("license")).get("licenseId")).toList();
    }

    @Test
    void idlePollsCostNoQueryAndAChangeIsPickedUpAlone() throws Exception {
        RegistryFeed feed = feed(Duration.ofMinutes(10));
        registry.putLicense(license("L-1", "gi-1"));
        assertEquals(List.of("L-1"), ids(feed.changed("t")));

        connections.set(0);
        for (int i = 0; i < 20; i++) {
            assertEquals(List.of(), feed.changed("t"));
        }
        assertEquals(0, connections.get(), "20 polls of an unchanged registry");

        registry.putLicense(license("L-2", "gi-2"));
        // L-1 is still within the cursor's minute of lag but has not changed: its view is not rebuilt nor re-emitted
        assertEquals(List.of("L-2"), ids(feed.changed("t")));
        registry.recordUsage(new UsageEvent("gi-1", "L-1", "web", "US", TODAY, 2, null, "test"));
        List<Map<String, Object>> afterUse = feed.changed("t");
        assertEquals(List.of("L-1"), ids(afterUse), "a recorded use changes the view of its license");
        assertEquals(2L, ((List<?>) afterUse.get(0).get("usage")).stream().mapToLong(u -> (Long) ((Map<?, ?>) u).get("quantity")).sum());

        connections.set(0);
        assertEquals(List.of(), feed.changed("t"));
        assertEquals(0, connections.get());
        assertEquals(List.of("L-1", "L-2"), ids(feed.changed("u")), "another feed has its own cursor");
    }

    @Test
    void aWriteThisJvmDidNotSeeIsFoundByTheRescan() throws Exception {
        RegistryFeed feed = feed(Duration.ZERO); // rescan on every poll: as if the rescan period had passed
        registry.putLicense(license("L-1", "gi-1"));
        assertEquals(List.of("L-1"), ids(feed.changed("t")));
        assertEquals(List.of(), feed.changed("t"), "rescanned, nothing changed, nothing emitted");
        // another instance on the same database (no notification in this JVM)
        try (Connection c = raw.getConnection(); var ps = c.prepareStatement(
                "UPDATE licenses SET used_count = 5, updated_at = ? WHERE license_id = 'L-1'")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            assertEquals(1, ps.executeUpdate());
        }
        List<Map<String, Object>> views = feed.changed("t");
        assertEquals(List.of("L-1"), ids(views));
        assertEquals(5, ((Map<?, ?>) views.get(0).get("license")).get("usedCount"));
    }
}
