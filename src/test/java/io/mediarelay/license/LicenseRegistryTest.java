package io.mediarelay.license;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.mediarelay.getty.LicenseEvent;
import javax.sql.DataSource;

import io.mediarelay.runtime.db.Database;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DAO and the population helpers against a real (H2) database with the Flyway schema. */
class LicenseRegistryTest {
    private static int dbSeq;
    private static final ZoneId NY = ZoneId.of("America/New_York");
    private LicenseRegistry registry;
    private LicenseRules rules;

    /** A migrated, empty database; {@link PostgresLicenseTests} overrides it to run the same tests on PostgreSQL. */
    DataSource freshDatabase() {
        return Database.inMemory("registry-" + dbSeq++);
    }

    @BeforeEach
    void setUp() {
        registry = new LicenseRegistry(freshDatabase());
        rules = new LicenseRules(registry);
    }

    private static LicenseEvent licensed(long id, String asset, Instant at) {
        return new LicenseEvent(id, "key-" + id, asset, "image", "123", "easyaccess", null, LicenseEvent.LICENSED,
                at, at, null, 1, null);
    }

    private static Map<String, Object> gettyMetadata(String id, String model, String family, List<String> restrictions) {
        return Map.of("id", id, "title", "Harbour at dawn", "artist", "Jane Doe", "credit_line", "Getty Images / Jane Doe",
                "license_model", model, "asset_family", family,
                "allowed_use", Map.of("how_can_i_use_it", "...", "usage_restrictions", restrictions));
    }

    @Test
    void gettyRoyaltyFreeIsWorldwideAllChannelsFromTheLicenseDateInTheConfiguredZone() {
        GettyLicenseImport getty = new GettyLicenseImport(registry, NY, null);
        // 02:00 UTC on March 2nd is still March 1st in New York
        License l = getty.importLicense(gettyMetadata("1001", "royaltyfree", "creative", List.of()),
                licensed(7, "1001", Instant.parse("2027-03-02T02:00:00Z")), null);
        assertEquals("getty-7", l.licenseId());
        License stored = registry.license("getty-7").orElseThrow();
        assertEquals(Set.of(Tokens.WORLDWIDE), stored.territories());
        assertEquals(Set.of(Tokens.ALL_CHANNELS), stored.channels());
        assertEquals(LocalDate.of(2027, 3, 1), stored.startDate());
        assertNull(stored.endDate());
        assertEquals("easyaccess", stored.productType());
        assertEquals("7", stored.licenseEvent());
        assertEquals(1, registry.count("assets", "source = 'getty' AND asset_id = '1001' AND artist = 'Jane Doe'"));
        assertTrue(rules.decide("1001", "advertising", "JP", LocalDate.of(2040, 1, 1)).allowed());
        assertEquals(Verdict.NOT_YET_VALID, rules.decide("1001", "web", "JP", LocalDate.of(2027, 2, 28)).verdict());

        // a configured royalty-free term gives an end date; re-import updates the same row
        new GettyLicenseImport(registry, NY, Period.ofYears(2)).importLicense(
                gettyMetadata("1001", "royaltyfree", "creative", List.of()),
                licensed(7, "1001", Instant.parse("2027-03-02T02:00:00Z")), null);
        assertEquals(LocalDate.of(2029, 3, 1), registry.license("getty-7").orElseThrow().endDate());
        assertEquals(1, registry.count("licenses", null));
    }

    @Test
    void gettyEditorialCarriesTheRestrictionAndRightsManagedNeedsTerms() {
        GettyLicenseImport getty = new GettyLicenseImport(registry, ZoneId.of("UTC"), null);
        Instant at = Instant.parse("2027-01-10T12:00:00Z");
        Terms terms = new Terms(Set.of("us", "ca"), Set.of("Web", "social"), null, LocalDate.of(2027, 6, 30),
                "spring-launch", "AGR-9", new BigDecimal("450.00"), "USD", "CC-77", 1000, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> getty.importLicense(
                gettyMetadata("2002", "rightsmanaged", "editorial", List.of()), licensed(8, "2002", at), null));
        assertTrue(e.getMessage().contains("needs terms"), e.getMessage());

        License l = getty.importLicense(gettyMetadata("2002", "rightsmanaged", "editorial", List.of("Editorial use only.")),
                licensed(8, "2002", at), terms);
        License stored = registry.license(l.licenseId()).orElseThrow();
        assertEquals(Set.of("US", "CA"), stored.territories());
        assertEquals(Set.of("web", "social"), stored.channels());
        assertEquals(new BigDecimal("450.00"), stored.cost());
        assertEquals("CC-77", stored.costCenter());
        assertEquals(1000, stored.usageLimit());
        assertEquals("Editorial use only.", stored.restrictions(), "not repeated when Getty already says it");
        assertTrue(rules.decide("2002", "web", "US", LocalDate.of(2027, 6, 30)).allowed());
        assertEquals(Verdict.EXPIRED, rules.decide("2002", "web", "US", LocalDate.of(2027, 7, 1)).verdict());

        // editorial with no restriction text from the API still gets the editorial-only rule
        getty.importLicense(gettyMetadata("3003", "royaltyfree", "editorial", List.of()), licensed(9, "3003", at), null);
        assertEquals(Verdict.RESTRICTED, rules.decide("3003", "advertising", "US", LocalDate.of(2027, 2, 1)).verdict());

        LicenseEvent pending = new LicenseEvent(10, "k", "4004", "image", null, null, null, LicenseEvent.PENDING, at,
                null, null, 0, null);
        assertThrows(IllegalArgumentException.class, () -> getty.importLicense(
                gettyMetadata("4004", "royaltyfree", "creative", List.of()), pending, null));
    }

    @Test
    void photoShelterCustomFieldsWithAConfiguredExpiryField() {
        PhotoShelterLicenseImport ps = new PhotoShelterLicenseImport(registry,
                PhotoShelterLicenseImport.Fields.withExpiry("Rights Expire"));
        ps.importFields("I0000abc", Map.of("Title", "Team photo", "Rights Expire", "2027-05-31T00:00:00Z",
                "Territory", "GB; IE", "Channels", "web|print", "Usage Limit", "3", "Campaign", "summer"));
        License l = registry.license("photoshelter-I0000abc").orElseThrow();
        assertEquals(LocalDate.of(2027, 5, 31), l.endDate());
        assertEquals(Set.of("GB", "IE"), l.territories());
        assertEquals(Set.of("web", "print"), l.channels());
        assertEquals(3, l.usageLimit());
        assertEquals(Verdict.EXPIRED, rules.decide("I0000abc", "web", "GB", LocalDate.of(2027, 6, 1)).verdict());

        ps.importFields("I0000def", Map.of("Title", "Own photography"));
        License open = registry.license("photoshelter-I0000def").orElseThrow();
        assertEquals(Set.of(Tokens.WORLDWIDE), open.territories());
        assertNull(open.endDate());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ps.importFields("I0000ghi", Map.of("Rights Expire", "03/04/2027")));
        assertTrue(e.getMessage().contains("Rights Expire"), e.getMessage());
    }

    @Test
    void reimportKeepsTheUsedCount() {
        registry.putLicense(License.of("L1", "test", "A", Set.of("US"), Set.of("web"), null, null).withUsage(5, 0));
        registry.recordUsage(new UsageEvent("A", "L1", "web", "US", LocalDate.of(2027, 1, 1), 2, null, "t"));
        registry.putLicense(License.of("L1", "test", "A", Set.of("US", "MX"), Set.of("web"), null, null).withUsage(6, 0));
        License l = registry.license("L1").orElseThrow();
        assertEquals(2, l.usedCount());
        assertEquals(6, l.usageLimit());
        assertEquals(Set.of("US", "MX"), l.territories());
    }

    @Test
    void concurrentDecidedUsesCannotBothTakeTheLastUnit() throws Exception {
        registry.putLicense(License.of("L1", "test", "A", Set.of("US"), Set.of("web"), null, null).withUsage(10, 0));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Decision>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                results.add(pool.submit(() -> registry.recordDecided(
                        new UsageEvent("A", null, "web", "US", LocalDate.of(2027, 1, 1), 1, null, "t"), rules)));
            }
            int allowed = 0;
            for (Future<Decision> f : results) {
                allowed += f.get().allowed() ? 1 : 0;
            }
            assertEquals(10, allowed, "each use decided against the count the others left (the rows are locked)");
            assertEquals(10, registry.license("L1").orElseThrow().usedCount());
            assertEquals(30, registry.count("usage_events", "verdict = 'USAGE_LIMIT_REACHED'"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentUsesCannotBothTakeTheLastUnit() throws Exception {
        registry.putLicense(License.of("L1", "test", "A", Set.of("US"), Set.of("web"), null, null).withUsage(10, 0));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                results.add(pool.submit(() -> registry.recordUsage(
                        new UsageEvent("A", "L1", "web", "US", LocalDate.of(2027, 1, 1), 1, null, "t"))));
            }
            int within = 0;
            for (Future<Boolean> f : results) {
                within += f.get() ? 1 : 0;
            }
            assertEquals(10, within, "exactly the limit is reported as within it");
            assertEquals(10, registry.license("L1").orElseThrow().usedCount(), "only uses within the limit count");
            assertEquals(30, registry.count("usage_events", "verdict = 'USAGE_LIMIT_REACHED'"));
            assertEquals(40, registry.count("usage_events", null));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eachAlertIsMarkedExactlyOnce() {
        assertTrue(registry.tryMarkAlert("getty-7", "expiring-30"));
        assertFalse(registry.tryMarkAlert("getty-7", "expiring-30"), "second attempt (restart, other node) loses");
        assertTrue(registry.tryMarkAlert("getty-7", "expiring-7"));
        assertTrue(registry.tryMarkAlert("getty-8", "expiring-30"));
        assertEquals(1, registry.count("alerts_sent", "license_id = ? AND kind = ?", "getty-7", "expiring-30"));
        assertEquals(3, registry.count("alerts_sent", null));
    }

    @Test
    void eachAlertIsMarkedExactlyOnceUnderConcurrency() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                results.add(pool.submit(() -> registry.tryMarkAlert("L9", "expired")));
            }
            int won = 0;
            for (Future<Boolean> f : results) {
                won += f.get() ? 1 : 0;
            }
            assertEquals(1, won);
            assertEquals(1, registry.count("alerts_sent", null));
        } finally {
            pool.shutdownNow();
        }
    }
}
