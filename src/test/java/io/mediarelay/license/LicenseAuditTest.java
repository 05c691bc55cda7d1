package io.mediarelay.license;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.mediarelay.runtime.db.Database;
import io.mediarelay.transfer.DeliveryHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * Randomized audit: 1000 assets with random licenses, 6 random uses each, decided by {@link LicenseRules} and
 * by the gate in a real Camel route (dead-letter channel for denies, skip mode for half of them). Every answer
 * is compared with an oracle written here from the rules' documentation, in a different shape (no shared code):
 * no allowed use may fall outside a license, and every deny code must be the oracle's.
 */
class LicenseAuditTest {
    private static final long SEED = 20271123L;
    private static final int ASSETS = 1000;
    private static final int QUERIES_PER_ASSET = 6;
    private static final LocalDate BASE = LocalDate.of(2027, 1, 1);
    private static final String[] TERRITORIES = {"US", "CA", "GB", "FR", "DE", "JP", "BR", "AU"};
    private static final String[] QUERY_TERRITORIES = {"US", "CA", "GB", "FR", "DE", "JP", "BR", "AU", "IN"};
    private static final String[] CHANNELS = {"web", "social", "print", "email", "broadcast", "advertising"};
    private static final String[] QUERY_CHANNELS = {"web", "social", "print", "email", "broadcast", "advertising", "intranet"};

    /** The oracle's own view of a license: plain fields, nulls for "open". */
    record Spec(String id, String asset, Set<String> territories, boolean worldwide, Set<String> channels,
                boolean allChannels, LocalDate from, LocalDate to, boolean editorialOnly, Integer limit, int used) {
    }

    record Query(String asset, String channel, String territory, LocalDate date) {
    }

    // ---- the oracle -------------------------------------------------------------------------------------------
    private static final List<String> PRECEDENCE = List.of("NO_LICENSE", "EXPIRED", "NOT_YET_VALID",
            "TERRITORY_NOT_ALLOWED", "CHANNEL_NOT_APPROVED", "RESTRICTED", "USAGE_LIMIT_REACHED");
    private static final Set<String> ORACLE_COMMERCIAL = Set.of("email", "advertising");

    static String oracleOne(Spec s, Query q) {
        if (s.from() != null && q.date().compareTo(s.from()) < 0) return "NOT_YET_VALID";
        if (s.to() != null && q.date().compareTo(s.to()) > 0) return "EXPIRED";
        if (!(s.worldwide() || s.territories().contains(q.territory()))) return "TERRITORY_NOT_ALLOWED";
        if (!(s.allChannels() || s.channels().contains(q.channel()))) return "CHANNEL_NOT_APPROVED";
        if (s.editorialOnly() && ORACLE_COMMERCIAL.contains(q.channel())) return "RESTRICTED";
        if (s.limit() != null && s.used() >= s.limit()) return "USAGE_LIMIT_REACHED";
        return "ALLOWED";
    }

    static String oracle(List<Spec> specs, Query q) {
        String best = "NO_LICENSE";
        for (Spec s : specs) {
            String r = oracleOne(s, q);
            if (r.equals("ALLOWED")) return r;
            if (PRECEDENCE.indexOf(r) > PRECEDENCE.indexOf(best)) best = r;
        }
        return best;
    }

    // ---- random world -----------------------------------------------------------------------------------------
    private static Set<String> pick(Random rnd, String[] pool, int max) {
        Set<String> out = new LinkedHashSet<>();
        int n = 1 + rnd.nextInt(max);
        while (out.size() < n) out.add(pool[rnd.nextInt(pool.length)]);
        return out;
    }

    private static Spec randomSpec(Random rnd, String id, String asset) {
        boolean worldwide = rnd.nextInt(4) == 0;
        boolean all = rnd.nextInt(5) == 0;
        LocalDate from = rnd.nextInt(7) == 0 ? null : BASE.plusDays(rnd.nextInt(540));
        LocalDate to = rnd.nextInt(5) == 0 ? null : (from == null ? BASE.plusDays(rnd.nextInt(540)) : from.plusDays(rnd.nextInt(400)));
        Integer limit = rnd.nextInt(3) == 0 ? rnd.nextInt(6) : null;
        int used = limit == null ? rnd.nextInt(50) : rnd.nextInt(limit + 1);
        return new Spec(id, asset, worldwide ? Set.of() : pick(rnd, TERRITORIES, 3), worldwide,
                all ? Set.of() : pick(rnd, CHANNELS, 3), all, from, to, rnd.nextInt(4) == 0, limit, used);
    }

    private static License toLicense(Spec s, Random rnd) {
        String[] editorialWordings = {"Editorial use only.", "EDITORIAL ONLY", "editorial-only; no merchandise"};
        String restriction = s.editorialOnly() ? editorialWordings[rnd.nextInt(3)]
                : rnd.nextBoolean() ? null : "Credit required";
        // the registry gets mixed-case tokens: normalisation is part of what is audited
        Set<String> territories = s.worldwide() ? Set.of("Worldwide") : lower(s.territories());
        Set<String> channels = s.allChannels() ? Set.of("ALL") : upper(s.channels());
        return new License(s.id(), "audit", s.asset(), null, null, null, null, territories, channels, s.from(), s.to(),
                null, null, null, null, restriction, s.limit(), s.used(), null);
    }

    private static Set<String> lower(Set<String> in) {
        Set<String> out = new LinkedHashSet<>();
        in.forEach(t -> out.add(t.toLowerCase()));
        return out;
    }

    private static Set<String> upper(Set<String> in) {
        Set<String> out = new LinkedHashSet<>();
        in.forEach(t -> out.add(t.toUpperCase()));
        return out;
    }

    @Test
    void randomizedAuditRulesAndGateAgreeWithTheOracle() throws Exception {
        Random rnd = new Random(SEED);
        LicenseRegistry registry = new LicenseRegistry(Database.inMemory("audit"));
        Map<String, List<Spec>> world = new HashMap<>();
        Map<String, Spec> byId = new HashMap<>();
        for (int a = 0; a < ASSETS; a++) {
            String asset = "asset-" + a;
            List<Spec> specs = new ArrayList<>();
            int n = rnd.nextInt(10) == 0 ? 0 : 1 + rnd.nextInt(3);
            for (int i = 0; i < n; i++) {
                Spec s = randomSpec(rnd, asset + "-L" + i, asset);
                registry.putLicense(toLicense(s, rnd));
                specs.add(s);
                byId.put(s.id(), s);
            }
            world.put(asset, specs);
        }
        List<Query> queries = new ArrayList<>();
        for (int a = 0; a < ASSETS; a++) {
            for (int q = 0; q < QUERIES_PER_ASSET; q++) {
                queries.add(new Query("asset-" + a, QUERY_CHANNELS[rnd.nextInt(QUERY_CHANNELS.length)],
                        QUERY_TERRITORIES[rnd.nextInt(QUERY_TERRITORIES.length)], BASE.plusDays(rnd.nextInt(1000) - 60)));
            }
        }

        // 1. the rules directly
        LicenseRules rules = new LicenseRules(registry);
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        long rulesStarted = System.nanoTime();
        int outside = 0;
        int mismatches = 0;
        for (Query q : queries) {
            Decision d = rules.decide(q.asset(), q.channel(), q.territory(), q.date());
            counts.merge(d.verdict(), 1, Integer::sum);
            if (d.allowed()) {
                Spec s = byId.get(d.licenseId());
                if (s == null || !s.asset().equals(q.asset()) || !oracleOne(s, q).equals("ALLOWED")) outside++;
            }
            if (!d.code().equals(oracle(world.get(q.asset()), q))) {
                if (mismatches++ < 5) System.out.println("MISMATCH " + q + " rules=" + d + " oracle=" + oracle(world.get(q.asset()), q));
            }
        }
        System.out.printf("license audit (seed %d, %d assets, %d licenses, %d queries) rules: %s, %.1f s%n",
                SEED, ASSETS, byId.size(), queries.size(), counts, (System.nanoTime() - rulesStarted) / 1e9);
        assertEquals(0, outside, "allowed uses outside any license");
        assertEquals(0, mismatches, "deny codes different from the oracle");
        for (Verdict v : Verdict.values()) {
            assertTrue(counts.getOrDefault(v, 0) > 0, "the random world exercises " + v);
        }

        // 2. the gate in a Camel route: fail mode -> dead-letter channel, skip mode -> stopped + recorded
        Map<Integer, String> gateCode = new ConcurrentHashMap<>();
        Map<Integer, String> gateLicense = new ConcurrentHashMap<>();
        Map<Integer, String> deadReason = new ConcurrentHashMap<>();
        LicenseGate gate = new LicenseGate(rules, registry, java.time.Clock.system(ZoneOffset.UTC));
        long started = System.nanoTime();
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("licenseGate", gate);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    errorHandler(deadLetterChannel("direct:dead").maximumRedeliveries(3).redeliveryDelay(0)
                            .logExhausted(false).logStackTrace(false));
                    from("direct:dead").routeId("dead").process(e -> {
                        Exception ex = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                        LicenseDeniedException denied = (LicenseDeniedException) ex;
                        int i = e.getIn().getHeader("q", Integer.class);
                        gateCode.put(i, denied.decision().code());
                        deadReason.put(i, e.getIn().getHeader(LicenseHeaders.REASON, String.class));
                    });
                    from("direct:deliver").routeId("audit-deliver")
                            .process("licenseGate")
                            .process(e -> {
                                int i = e.getIn().getHeader("q", Integer.class);
                                gateCode.put(i, e.getIn().getHeader(LicenseHeaders.CODE, String.class));
                                gateLicense.put(i, e.getIn().getHeader(LicenseHeaders.LICENSE_ID, String.class));
                            });
                }
            });
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();
            for (int i = 0; i < queries.size(); i++) {
                Query q = queries.get(i);
                Map<String, Object> headers = new HashMap<>();
                headers.put("q", i);
                headers.put(DeliveryHeaders.ASSET_ID, q.asset());
                headers.put(LicenseHeaders.CHANNEL, q.channel());
                headers.put(LicenseHeaders.TERRITORY, q.territory());
                headers.put(LicenseHeaders.USE_DATE, q.date().toString());
                headers.put(LicenseHeaders.ON_DENY, i % 2 == 0 ? "fail" : "skip");
                Exchange out = producer.send("direct:deliver", e -> e.getIn().setHeaders(headers));
                if (i % 2 == 1 && LicenseGate.DENY.equals(out.getIn().getHeader(LicenseHeaders.DECISION))) {
                    gateCode.put(i, out.getIn().getHeader(LicenseHeaders.CODE, String.class));
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Integer> gateCounts = new java.util.TreeMap<>();
        int gateOutside = 0;
        int gateMismatch = 0;
        int failDenies = 0;
        int skipDenies = 0;
        for (int i = 0; i < queries.size(); i++) {
            Query q = queries.get(i);
            String code = gateCode.get(i);
            String expected = oracle(world.get(q.asset()), q);
            gateCounts.merge(String.valueOf(code), 1, Integer::sum);
            if (!expected.equals(code)) gateMismatch++;
            if ("ALLOWED".equals(code)) {
                Spec s = byId.get(gateLicense.get(i));
                if (s == null || !s.asset().equals(q.asset()) || !oracleOne(s, q).equals("ALLOWED")) gateOutside++;
            } else if (i % 2 == 0) {
                failDenies++;
                assertTrue(deadReason.get(i) != null && !deadReason.get(i).isBlank(), "dead letter carries the reason");
            } else {
                skipDenies++;
            }
        }
        System.out.printf("license audit gate route: %s, %d dead-lettered, %d skipped, %.1f s (%.0f exchanges/s)%n",
                gateCounts, failDenies, skipDenies, seconds, queries.size() / seconds);
        assertEquals(0, gateOutside, "gate let a use through outside any license");
        assertEquals(0, gateMismatch, "gate codes different from the oracle");
        assertEquals(skipDenies, registry.count("license_gate_skips", null), "every skip recorded once");
        assertEquals(failDenies, deadReason.size(), "every fail-mode deny dead-lettered once");
        assertEquals(counts.get(Verdict.ALLOWED), gateCounts.get("ALLOWED"));
    }
}
