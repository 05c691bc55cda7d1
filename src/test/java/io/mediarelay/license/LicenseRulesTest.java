package io.mediarelay.license;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Set;

import javax.sql.DataSource;

import io.mediarelay.runtime.db.Database;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each deny reason on its own, the precedence between them, and the allow path, against a real H2 registry. */
class LicenseRulesTest {
    private static final LocalDate JAN1 = LocalDate.of(2027, 1, 1);
    private static final LocalDate DEC31 = LocalDate.of(2027, 12, 31);
    private static final LocalDate JUNE = LocalDate.of(2027, 6, 15);
    private static int dbSeq;

    private LicenseRegistry registry;
    private LicenseRules rules;

    /** A migrated, empty database; {@link PostgresLicenseTests} overrides it to run the same tests on PostgreSQL. */
    DataSource freshDatabase() {
        return Database.inMemory("rules-" + dbSeq++);
    }

    @BeforeEach
    void setUp() {
        registry = new LicenseRegistry(freshDatabase());
        rules = new LicenseRules(registry);
    }

    private License us(String id, String asset) {
        return License.of(id, "test", asset, Set.of("US", "CA"), Set.of("web", "print"), JAN1, DEC31);
    }

    private Decision decide(String asset, String channel, String territory, LocalDate date) {
        return rules.decide(asset, channel, territory, date);
    }

    @Test
    void allowsUseInsideTheLicenseAndNamesIt() {
        registry.putLicense(us("L1", "A"));
        Decision d = decide("A", "Web", "us", JUNE);
        assertTrue(d.allowed());
        assertEquals("L1", d.licenseId());
        assertTrue(decide("A", "print", "CA", JAN1).allowed(), "start date is inclusive");
        assertTrue(decide("A", "print", "CA", DEC31).allowed(), "end date is inclusive");
    }

    @Test
    void noLicense() {
        registry.putLicense(us("L1", "OTHER"));
        Decision d = decide("A", "web", "US", JUNE);
        assertEquals(Verdict.NO_LICENSE, d.verdict());
        assertNull(d.licenseId());
        assertTrue(d.reason().contains("asset A"), d.reason());
    }

    @Test
    void notYetValid() {
        registry.putLicense(us("L1", "A"));
        Decision d = decide("A", "web", "US", JAN1.minusDays(1));
        assertEquals(Verdict.NOT_YET_VALID, d.verdict());
        assertTrue(d.reason().contains("valid from 2027-01-01"), d.reason());
    }

    @Test
    void expired() {
        registry.putLicense(us("L1", "A"));
        Decision d = decide("A", "web", "US", DEC31.plusDays(1));
        assertEquals(Verdict.EXPIRED, d.verdict());
        assertTrue(d.reason().contains("expired on 2027-12-31"), d.reason());
        assertEquals("L1", d.licenseId());
    }

    @Test
    void territoryNotAllowed() {
        registry.putLicense(us("L1", "A"));
        Decision d = decide("A", "web", "FR", JUNE);
        assertEquals(Verdict.TERRITORY_NOT_ALLOWED, d.verdict());
        assertTrue(d.reason().contains("CA,US") && d.reason().contains("FR"), d.reason());
        assertEquals(Verdict.TERRITORY_NOT_ALLOWED, decide("A", "web", Tokens.WORLDWIDE, JUNE).verdict(),
                "a worldwide use needs a worldwide license");
    }

    @Test
    void channelNotApproved() {
        registry.putLicense(us("L1", "A"));
        Decision d = decide("A", "broadcast", "US", JUNE);
        assertEquals(Verdict.CHANNEL_NOT_APPROVED, d.verdict());
        assertTrue(d.reason().contains("print,web") && d.reason().contains("broadcast"), d.reason());
    }

    @Test
    void editorialOnlyIsRestrictedOnCommercialChannelsOnly() {
        registry.putLicense(License.of("L1", "getty", "A", Set.of(Tokens.WORLDWIDE), Set.of(Tokens.ALL_CHANNELS),
                JAN1, null).withRestrictions("Editorial use only."));
        Decision d = decide("A", "advertising", "DE", JUNE);
        assertEquals(Verdict.RESTRICTED, d.verdict());
        assertTrue(d.reason().contains("Editorial use only."), d.reason());
        assertEquals(Verdict.RESTRICTED, decide("A", "email", "DE", JUNE).verdict());
        assertTrue(decide("A", "web", "DE", JUNE).allowed(), "editorial use on the web is what the license is for");
        assertTrue(decide("A", "print", "DE", JUNE.plusYears(30)).allowed(), "no end date: never expires");
    }

    @Test
    void usageLimitReached() {
        registry.putLicense(us("L1", "A").withUsage(2, 0));
        assertTrue(registry.recordUsage(new UsageEvent("A", "L1", "web", "US", JUNE, 1, null, "test")));
        assertTrue(decide("A", "web", "US", JUNE).allowed());
        assertTrue(registry.recordUsage(new UsageEvent("A", "L1", "web", "US", JUNE, 1, null, "test")));
        Decision d = decide("A", "web", "US", JUNE);
        assertEquals(Verdict.USAGE_LIMIT_REACHED, d.verdict());
        assertTrue(d.reason().contains("allows 2 uses, 2 used"), d.reason());
        assertFalse(registry.recordUsage(new UsageEvent("A", "L1", "web", "US", JUNE, 1, "proof.pdf", "gf4")),
                "an over-limit use is recorded but reported as outside the limit");
        assertEquals(2, registry.license("L1").orElseThrow().usedCount(), "an over-limit use counts against nothing");
        assertEquals(3, registry.count("usage_events", "license_id = ?", "L1"));
    }

    @Test
    void anyAllowingLicenseWins() {
        registry.putLicense(us("L1", "A"));
        registry.putLicense(License.of("L2", "test", "A", Set.of("FR"), Set.of("broadcast"), JAN1, DEC31));
        Decision d = decide("A", "broadcast", "FR", JUNE);
        assertTrue(d.allowed());
        assertEquals("L2", d.licenseId());
    }

    @Test
    void whenAllDenyTheLicenseThatGotFurthestIsReported() {
        registry.putLicense(License.of("L1", "test", "A", Set.of("US"), Set.of("web"), JAN1, LocalDate.of(2027, 3, 1)));
        registry.putLicense(License.of("L2", "test", "A", Set.of("FR"), Set.of("web"), JAN1, DEC31));
        registry.putLicense(License.of("L3", "test", "A", Set.of("US"), Set.of("print"), JAN1, DEC31));
        // L1 expired, L2 wrong territory, L3 right territory but wrong channel: the channel is the useful answer
        Decision d = decide("A", "web", "US", JUNE);
        assertEquals(Verdict.CHANNEL_NOT_APPROVED, d.verdict());
        assertEquals("L3", d.licenseId());
        // a renewal booked for later beats the expired one
        registry.putLicense(License.of("B1", "test", "B", Set.of("US"), Set.of("web"), JAN1, LocalDate.of(2027, 3, 1)));
        registry.putLicense(License.of("B2", "test", "B", Set.of("US"), Set.of("web"), LocalDate.of(2028, 1, 1), null));
        Decision renewal = decide("B", "web", "US", JUNE);
        assertEquals(Verdict.NOT_YET_VALID, renewal.verdict());
        assertEquals("B2", renewal.licenseId());
    }

    @Test
    void missingInputIsARouteBugNotADeny() {
        assertThrows(IllegalArgumentException.class, () -> decide("A", null, "US", JUNE));
        assertThrows(IllegalArgumentException.class, () -> decide(null, "web", "US", JUNE));
        assertThrows(IllegalArgumentException.class, () -> decide("A", "web", " ", JUNE));
    }
}
