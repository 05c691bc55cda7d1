package io.mediarelay.license;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.mediarelay.license.AuditOracle.Answer;
import io.mediarelay.license.AuditOracle.Lic;
import io.mediarelay.license.AuditOracle.Use;
import io.mediarelay.license.AuditWorlds.UseGen;
import io.mediarelay.license.AuditWorlds.World;
import io.mediarelay.runtime.db.Database;
import io.mediarelay.transfer.DeliveryHeaders;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * The license audit (issue 11), property-based: random worlds of licenses (scopes, boundary dates, usage limits,
 * restriction texts), sequences of uses with quantities, renewals between uses, time zones and times near midnight,
 * each use judged by the oracle written from docs/GOVERNANCE.md ({@link AuditOracle}) and by three real entry points
 * on H2: the delivering flows' gate ({@link LicenseGate}, "today" from a clock in the use's zone), the plan's /
 * pre-license forecast ({@link GettyGateForecast}, with the license the run would register) and the GF4 recorder
 * ({@link LicenseRegistry#recordDecided}: verdict, license charged, stored row and the used counts after it).
 * 0 disagreements; jqwik prints the seed of a failure and shrinks it. The GF4 inbox and {@code licenses check} are
 * driven by {@link LicenseAuditGf4PropertyTest} and {@link LicenseAuditCliPropertyTest}.
 */
class LicenseAuditPropertyTest {
    static final String RECORDER = "recorder";
    static final String GATE = "gate";
    static final String PLAN = "plan";

    static javax.sql.DataSource dataSource;
    static LicenseRegistry registry;
    static LicenseRules rules;
    static CamelContext camel;
    static long startNanos;
    static long startCpu;

    @BeforeContainer
    static void start() {
        // a connection pool: the audit makes ~10 registry calls per use, a new H2 session each would dominate
        dataSource = org.h2.jdbcx.JdbcConnectionPool.create("jdbc:h2:mem:audit-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1", "sa", "");
        Database.migrate(dataSource);
        registry = new LicenseRegistry(dataSource);
        rules = new LicenseRules(registry, RestrictionTable.defaults());
        camel = new DefaultCamelContext();
        startNanos = System.nanoTime();
        startCpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    @AfterContainer
    static void stop() throws Exception {
        // CPU time too: on a shared machine the wall time says more about the neighbours than about the audit
        System.out.printf("[figures] license audit: %d ms wall, %d ms CPU of the test thread%n",
                (System.nanoTime() - startNanos) / 1_000_000,
                (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - startCpu) / 1_000_000);
        System.out.println(AuditRun.figures(RECORDER));
        System.out.println(AuditRun.figures(GATE));
        System.out.println(AuditRun.figures(PLAN));
        camel.close();
    }

    @Provide
    Arbitrary<World> worlds() {
        return AuditWorlds.worlds(AuditWorlds.BASE, 8, 45);
    }

    @Property(tries = 3300)
    void everyEntryPointAgreesWithTheRuleTable(@ForAll("worlds") World w) throws Exception {
        AuditRun run = new AuditRun("A", AuditWorlds.BASE, w);
        run.licenses().forEach(registry::putLicense);
        List<Lic> state = run.oracle;
        for (UseGen g : w.uses()) {
            if (g.renewalBefore().isPresent() && !state.isEmpty()) {
                int i = g.renewalBefore().get().license() % state.size();
                Lic old = state.get(i);
                LocalDate from = old.end() != null ? old.end() : old.start() != null ? old.start() : AuditWorlds.BASE;
                LocalDate newEnd = from.plusDays(g.renewalBefore().get().extendBy());
                Lic renewed = old.withEnd(newEnd);
                // a re-import of the same license id with a new end date: used_count is kept (R3)
                registry.putLicense(run.license(renewed).withUsage(renewed.limit(), 0));
                state = state.stream().map(l -> l.id().equals(old.id()) ? renewed : l).toList();
                AuditRun.count(RECORDER, "event", "renewal");
            }
            LocalDate day = run.day(g.day());
            Instant instant = ZonedDateTime.of(day, g.time(), g.zone()).toInstant();
            LocalDate today = LocalDate.ofInstant(instant, g.zone());
            Use use = new Use(g.channel(), g.territory(), g.quantity());
            Answer expected = AuditOracle.decide(state, use, today);
            String what = "use " + use + " on " + today + " (" + instant + " in " + g.zone() + ") of " + run.assetId
                    + " with licenses " + state;

            // 1. the gate of a delivering flow (today from its clock)
            Answer gate = gate(run.assetId, use, Clock.fixed(instant, g.zone()));
            assertEquals(expected, gate, "gate: " + what);

            // 2. the plan / pre-license forecast: the registry's licenses plus the one the run would register
            Lic hypothetical = new Lic("getty-0", w.agreementTerritories(), w.agreementChannels(), today, null, null,
                    w.agreementClauses(), 0);
            Use single = new Use(use.channel(), use.territory(), 1);
            Answer forecastExpected = AuditOracle.decide(concat(state, hypothetical), single, today);
            Answer forecast = forecast(run.assetId, single, w, Clock.fixed(instant, g.zone()));
            assertEquals(forecastExpected, forecast, "plan: " + what + " + agreement " + hypothetical);
            AuditRun.count(PLAN, "verdict", forecastExpected.code());

            // 3. the GF4 recorder: decided once, in the transaction that records it
            Answer recorded = record(run.assetId, use, today);
            assertEquals(expected, recorded, "recorder: " + what);
            state = AuditOracle.afterRecording(state, use, expected);
            assertEquals(used(state), used(registry.licensesOf(run.assetId)), "used counts after " + what);

            AuditRun.count(RECORDER, "verdict", expected.code());
            AuditRun.count(GATE, "verdict", expected.code());
            AuditRun.count(RECORDER, "boundary", run.boundary(today));
            if (!today.equals(LocalDate.ofInstant(instant, java.time.ZoneOffset.UTC))) {
                AuditRun.count(GATE, "boundary", "zone day differs from the UTC day");
            }
            if (use.quantity() > 1) {
                AuditRun.count(RECORDER, "quantity>1", expected.code());
            }
            if (expected.code().equals(AuditOracle.ALLOWED)) {
                Lic charged = state.stream().filter(l -> l.id().equals(expected.licenseId())).findFirst().orElseThrow();
                if (charged.limit() != null && charged.used() == charged.limit()) {
                    AuditRun.count(RECORDER, "boundary", "limit exactly reached");
                }
            }
        }
    }

    private static Answer gate(String assetId, Use use, Clock clock) throws Exception {
        Exchange ex = new DefaultExchange(camel);
        ex.getIn().setHeader(DeliveryHeaders.ASSET_ID, assetId);
        ex.getIn().setHeader(LicenseHeaders.CHANNEL, use.channel());
        ex.getIn().setHeader(LicenseHeaders.TERRITORY, use.territory());
        ex.getIn().setHeader(LicenseHeaders.QUANTITY, use.quantity());
        try {
            new LicenseGate(rules, registry, clock).process(ex);
            return new Answer(ex.getIn().getHeader(LicenseHeaders.CODE, String.class),
                    ex.getIn().getHeader(LicenseHeaders.LICENSE_ID, String.class));
        } catch (LicenseDeniedException denied) {
            return new Answer(denied.decision().code(), denied.decision().licenseId());
        } catch (IllegalArgumentException invalid) {
            return new Answer(AuditOracle.INVALID, null);
        }
    }

    private static Answer forecast(String assetId, Use use, World w, Clock clock) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("id", assetId);
        metadata.put("license_model", "rightsmanaged");
        metadata.put("asset_family", "creative");
        metadata.put("allowed_use", Map.of("usage_restrictions",
                w.agreementClauses().stream().map(AuditOracle.Clause::text).toList()));
        try {
            Decision d = new GettyGateForecast(registry, rules, clock).forecast(metadata, assetId, "images",
                    String.join(",", w.agreementTerritories()), String.join(",", w.agreementChannels()), use.channel(),
                    use.territory());
            return new Answer(d.code(), d.licenseId());
        } catch (IllegalArgumentException invalid) {
            return new Answer(AuditOracle.INVALID, null);
        }
    }

    private static Answer record(String assetId, Use use, LocalDate day) throws Exception {
        long before = registry.count("usage_events", "asset_id = ?", assetId);
        try {
            Decision d = registry.recordDecided(new UsageEvent(assetId, null, use.channel(), use.territory(), day,
                    use.quantity(), null, "audit"), rules);
            assertEquals(before + 1, registry.count("usage_events", "asset_id = ?", assetId), "one row per use");
            assertEquals(new Answer(d.code(), d.licenseId()), lastRow(assetId), "the row keeps the verdict made");
            return new Answer(d.code(), d.licenseId());
        } catch (IllegalArgumentException invalid) {
            assertEquals(before, registry.count("usage_events", "asset_id = ?", assetId), "an invalid use is not recorded");
            return new Answer(AuditOracle.INVALID, null);
        }
    }

    private static Answer lastRow(String assetId) throws Exception {
        try (var c = dataSource.getConnection();
             var ps = c.prepareStatement("SELECT verdict, license_id FROM usage_events WHERE asset_id = ?"
                     + " ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, assetId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return new Answer(rs.getString(1), rs.getString(2));
            }
        }
    }

    static Map<String, Integer> used(List<?> licenses) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (Object o : licenses) {
            if (o instanceof Lic l) out.put(l.id(), l.used());
            if (o instanceof License l) out.put(l.licenseId(), l.usedCount());
        }
        return out;
    }

    private static List<Lic> concat(List<Lic> a, Lic b) {
        List<Lic> out = new java.util.ArrayList<>(a);
        out.add(b);
        return out;
    }
}
