package io.mediarelay.license;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.mediarelay.common.FlowIdTagger;
import io.mediarelay.runtime.db.Database;
import io.mediarelay.runtime.deadletter.DeadLetterStore;
import io.mediarelay.transfer.DeliveryHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate as flows use it: a YAML route calling kamelet {@code license-gate-action} under the project's real
 * error handling ({@code routes/error-handling}, dead-letter store into {@code dead_letters}) via camel-main.
 * The flows start at seda endpoints because, like the file/FTP/timer consumers of real flows, a consumer creates
 * the exchange inside the flow, so FlowIdTagger can name the flow (a ProducerTemplate-created exchange has none).
 * Headers the gate sets on each outcome are asserted in LicenseAuditTest, on a direct route.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LicenseGateRouteTest {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    // "today" for the gate: 2027-06-15 in Auckland is still 2027-06-14 in UTC at this instant
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2027-06-14T20:00:00Z"), ZoneId.of("Pacific/Auckland"));
    private static final LocalDate TODAY = LocalDate.of(2027, 6, 15);

    @TempDir
    static Path dir;

    private Main main;
    private DataSource ds;
    private LicenseRegistry registry;
    private final AtomicInteger gateCalls = new AtomicInteger();
    private final List<Exchange> delivered = new CopyOnWriteArrayList<>();

    /** One Camel for the class (starting camel-main is the slow part); each test uses its own assets. */
    @BeforeAll
    void start() throws Exception {
        ds = Database.inMemory("gate-route");
        registry = new LicenseRegistry(ds);
        registry.putLicense(License.of("L-A", "test", "A", Set.of("US"), Set.of("web"), TODAY.minusDays(30), TODAY));
        registry.putLicense(License.of("L-B", "test", "B", Set.of("US"), Set.of("web"), TODAY.minusDays(30),
                TODAY.minusDays(1)));
        registry.putLicense(License.of("L-B2", "test", "B2", Set.of("US"), Set.of("web"), TODAY.minusDays(30),
                TODAY.minusDays(1)));
        registry.putLicense(License.of("L-C", "getty", "C", Set.of(Tokens.WORLDWIDE), Set.of(Tokens.ALL_CHANNELS),
                null, null).withRestrictions("Editorial use only."));
        LicenseGate gate = new LicenseGate(new LicenseRules(registry), registry, CLOCK);
        Path yaml = dir.resolve("gated.camel.yaml");
        Files.writeString(yaml, """
                - route:
                    id: gated-delivery
                    routeConfigurationId: mediarelay-errors
                    from:
                      uri: seda:gated
                      steps:
                        - to:
                            uri: kamelet:license-gate-action
                            parameters:
                              channel: web
                              territory: US
                        - process:
                            ref: delivered
                - route:
                    id: planned-delivery
                    routeConfigurationId: mediarelay-errors
                    from:
                      uri: seda:plan
                      steps:
                        - to:
                            uri: kamelet:license-gate-action
                            parameters:
                              channel: advertising
                              territory: us
                              onDeny: skip
                        - process:
                            ref: delivered
                """);
        main = new Main();
        main.bind("licenseGate", (Processor) e -> {
            gateCalls.incrementAndGet();
            gate.process(e);
        });
        main.bind("delivered", (Processor) delivered::add);
        main.bind("deadLetterStore", new DeadLetterStore(ds, dir.resolve("dead-letters")));
        main.addInitialProperty("camel.main.routesIncludePattern", "file:" + PROJECT.resolve(
                "routes/error-handling/error-handling.camel.yaml") + ",file:" + yaml);
        main.addInitialProperty("camel.component.kamelet.location", "file:" + PROJECT.resolve("routes/kamelets"));
        main.addInitialProperty("mediarelay.errors.maximum-redeliveries", "3");
        main.addInitialProperty("mediarelay.errors.redelivery-delay-ms", "10");
        main.addInitialProperty("mediarelay.errors.maximum-redelivery-delay-ms", "100");
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                // as MediarelayRuntime does: records name the flow, not the kamelet route
                m.getCamelContext().getManagementStrategy().addEventNotifier(new FlowIdTagger());
            }
        });
        main.start();
    }

    @BeforeEach
    void reset() {
        gateCalls.set(0);
        delivered.clear();
    }

    @AfterAll
    void stop() {
        main.stop();
    }

    private Exchange send(String uri, String asset, Map<String, Object> extra) {
        ProducerTemplate p = main.getCamelContext().createProducerTemplate();
        return p.send(uri, org.apache.camel.ExchangePattern.InOut, e -> {
            e.getIn().setBody("payload of " + asset);
            e.getIn().setHeader(DeliveryHeaders.ASSET_ID, asset);
            extra.forEach(e.getIn()::setHeader);
        });
    }

    @Test
    void allowedExchangeCarriesTheLicenseOnTheLastDayInTheConfiguredZone() {
        send("seda:gated", "A", Map.of());
        assertEquals(1, delivered.size(), "the license ends today in Auckland, though UTC is a day behind");
        var in = delivered.get(0).getIn();
        assertEquals("ALLOW", in.getHeader(LicenseHeaders.DECISION));
        assertEquals("ALLOWED", in.getHeader(LicenseHeaders.CODE));
        assertEquals("L-A", in.getHeader(LicenseHeaders.LICENSE_ID));
        assertEquals("web", in.getHeader(LicenseHeaders.CHANNEL));
    }

    @Test
    void deniedExchangeIsDeadLetteredAtOnceWithTheReason() throws Exception {
        send("seda:gated", "B", Map.of());
        assertTrue(delivered.isEmpty(), "nothing past the gate");
        assertEquals(1, gateCalls.get(), "a deny is not retried although the route allows 3 redeliveries");
        List<DeadLetterStore.DeadLetter> dead = new DeadLetterStore(ds, dir).list().stream()
                .filter(d -> d.reason().contains("asset B:")).toList();
        assertEquals(1, dead.size());
        String reason = dead.get(0).reason();
        assertTrue(reason.startsWith("LicenseDeniedException: license denied [EXPIRED]"), reason);
        assertTrue(reason.contains("L-B expired on " + TODAY.minusDays(1)), reason);
        assertEquals("gated-delivery", dead.get(0).routeId());
        assertEquals(0, registry.count("license_gate_skips", "asset_id = 'B'"));
    }

    @Test
    void useDateHeaderOverridesToday() {
        send("seda:gated", "B2", Map.of(LicenseHeaders.USE_DATE, TODAY.minusDays(1).toString()));
        assertEquals(1, delivered.size(), "a back-dated use inside the window is allowed");
        assertEquals("L-B2", delivered.get(0).getIn().getHeader(LicenseHeaders.LICENSE_ID));
    }

    @Test
    void skipModeStopsTheExchangeAndRecordsTheSkip() throws Exception {
        Exchange out = send("seda:plan", "C", Map.of());
        assertTrue(delivered.isEmpty());
        assertNull(out.getException());
        assertEquals(1, registry.count("license_gate_skips",
                "asset_id = 'C' AND code = 'RESTRICTED' AND reason LIKE '%Editorial use only.%'"
                        + " AND channel = 'advertising' AND territory = 'US'"
                        + " AND use_date = ? AND route_id = 'planned-delivery'", java.sql.Date.valueOf(TODAY)));
        assertTrue(new DeadLetterStore(ds, dir).list().stream().noneMatch(d -> d.reason().contains("asset C")),
                "a skip is not a failure");

        send("seda:plan", "NOPE", Map.of());
        assertEquals(1, registry.count("license_gate_skips", "asset_id = 'NOPE' AND code = 'NO_LICENSE'"));
    }
}
