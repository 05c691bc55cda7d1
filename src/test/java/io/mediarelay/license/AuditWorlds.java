package io.mediarelay.license;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.mediarelay.license.AuditOracle.Clause;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of the license audit: licenses (scope, boundary dates, usage limits, restriction clauses rendered in
 * the wordings people type), sequences of uses with quantities, renewals between uses, time zones and times of day
 * near midnight, and use days picked on the boundaries of the licenses (day before start, start, end, day after).
 */
final class AuditWorlds {
    /** Day 0 of every generated world. */
    static final LocalDate BASE = LocalDate.of(2027, 1, 1);
    static final List<String> ISO_SAMPLE = List.of("US", "FR", "DE", "GB", "JP", "CA");
    static final List<String> NOT_TERRITORIES = List.of("ZZ", "UK", "EU");
    static final List<String> USE_CHANNELS = List.of("web", "print", "social", "email", "advertising", "broadcast", "tv",
            "intranet");
    static final List<String> LICENSE_CHANNELS = List.of("web", "print", "social", "email", "advertising", "broadcast");
    static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Pacific/Kiritimati"),
            ZoneId.of("Pacific/Pago_Pago"), ZoneId.of("America/Los_Angeles"), ZoneId.of("Asia/Kolkata"),
            ZoneId.of("Europe/Paris"));
    static final List<LocalTime> TIMES = List.of(LocalTime.of(0, 0, 30), LocalTime.of(0, 45), LocalTime.NOON,
            LocalTime.of(23, 15), LocalTime.of(23, 59, 30));

    /** A license to generate: offsets are days from the world's base day. */
    record LicGen(Set<String> territories, Set<String> channels, Integer startOffset, Integer length, Integer limit,
                  List<Clause> clauses) {
    }

    /** How the use day is picked: a random offset, or a boundary of license {@code license}. */
    record DayPick(int offset, int license, String boundary) {
    }

    record Renewal(int license, int extendBy) {
    }

    record UseGen(String channel, String territory, int quantity, DayPick day, ZoneId zone, LocalTime time,
                  Optional<Renewal> renewalBefore) {
    }

    record World(List<LicGen> licenses, List<UseGen> uses, Set<String> agreementTerritories,
                 Set<String> agreementChannels, List<Clause> agreementClauses) {
    }

    private AuditWorlds() {
    }

    static Arbitrary<World> worlds(LocalDate base, int maxUses, int maxOffset) {
        Arbitrary<List<LicGen>> licenses = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(List.<LicGen>of())),
                net.jqwik.api.Tuple.of(12, license(base, maxOffset).list().ofMinSize(1).ofMaxSize(3)));
        Arbitrary<List<UseGen>> uses = use(maxOffset).list().ofMinSize(1).ofMaxSize(maxUses);
        return Combinators.combine(licenses, uses, territories(), channels(), clauses(base))
                .as(World::new);
    }

    static Arbitrary<LicGen> license(LocalDate base, int maxOffset) {
        Arbitrary<Integer> start = Arbitraries.integers().between(-30, Math.min(5, maxOffset)).injectNull(0.3);
        Arbitrary<Integer> length = Arbitraries.integers().between(0, 50).injectNull(0.3);
        Arbitrary<Integer> limit = Arbitraries.integers().between(0, 4).injectNull(0.5);
        return Combinators.combine(territories(), channels(), start, length, limit, clauses(base)).as(LicGen::new);
    }

    static Arbitrary<Set<String>> territories() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Set.of("WORLDWIDE"))),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(ISO_SAMPLE).set().ofMinSize(1).ofMaxSize(4)));
    }

    static Arbitrary<Set<String>> channels() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Set.of("all"))),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(LICENSE_CHANNELS).set().ofMinSize(1).ofMaxSize(4)));
    }

    static Arbitrary<List<Clause>> clauses(LocalDate base) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.just(List.<Clause>of())),
                net.jqwik.api.Tuple.of(3, clause(base).list().ofMinSize(1).ofMaxSize(2)));
    }

    /** Restriction clauses by meaning (docs/GOVERNANCE.md R4), each in the wordings the table must read. */
    static Arbitrary<Clause> clause(LocalDate base) {
        Arbitrary<Clause> editorial = Arbitraries.of("Editorial use only.", "editorial-only", "Editorial only.",
                "EDITORIAL USE ONLY.").map(t -> new Clause("exclude_channels", AuditOracle.COMMERCIAL, null, t));
        Arbitrary<Clause> noPrint = Arbitraries.of("No print use.", "no print use", "No print.")
                .map(t -> new Clause("exclude_channels", Set.of("print"), null, t));
        Arbitrary<Clause> noSocial = Arbitraries.just(new Clause("exclude_channels", Set.of("social"), null,
                "No social media use."));
        Arbitrary<Clause> noBroadcast = Arbitraries.just(new Clause("exclude_channels", Set.of("broadcast", "tv"), null,
                "No broadcast use."));
        Arbitrary<Clause> webOnly = Arbitraries.just(new Clause("only_channels", Set.of("web"), null, "Web use only."));
        Arbitrary<List<String>> codes = Arbitraries.of(ISO_SAMPLE).list().uniqueElements().ofMinSize(1).ofMaxSize(2);
        Arbitrary<Clause> notIn = Combinators.combine(codes, Arbitraries.of(" ", ", "), Arbitraries.of(true, false))
                .as((c, sep, lower) -> new Clause("exclude_territories", Set.copyOf(c), null,
                        "Not for use in " + (lower ? String.join(sep, c).toLowerCase() : String.join(sep, c)) + "."));
        Arbitrary<Clause> onlyIn = codes.map(c -> new Clause("only_territories", Set.copyOf(c), null,
                "For use in " + String.join(" ", c) + " only."));
        Arbitrary<LocalDate> date = Arbitraries.integers().between(-10, 20).map(d -> base.plusDays(d));
        Arbitrary<Clause> notBefore = Combinators.combine(date, Arbitraries.of("Embargoed until ", "Not for use before "))
                .as((d, w) -> new Clause("not_before", Set.of(), d, w + d + "."));
        Arbitrary<Clause> notAfter = date.map(d -> new Clause("not_after", Set.of(), d, "Not for use after " + d + "."));
        Arbitrary<Clause> obligation = Arbitraries.of("No modification.", "No modifications.", "Do not modify.",
                "Credit required.", "Mandatory credit.").map(t -> new Clause("obligation", Set.of(), null, t));
        Arbitrary<Clause> unknown = Arbitraries.of("No print use except posters.",
                "Contact your local office for all commercial or promotional uses.", "Not for use in ZZ.",
                "Full editorial rights UK, US, Ireland, Italy, Canada (not Quebec).", "Not for use in Antarctica.")
                .map(t -> new Clause("uninterpreted", Set.of(), null, t));
        return Arbitraries.oneOf(editorial, noPrint, noSocial, noBroadcast, webOnly, notIn, onlyIn, notBefore, notAfter,
                obligation, unknown);
    }

    static Arbitrary<UseGen> use(int maxOffset) {
        Arbitrary<String> territory = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(18, Arbitraries.of(ISO_SAMPLE)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("WORLDWIDE")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(NOT_TERRITORIES)));
        Arbitrary<Integer> quantity = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(1)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(2, 3)));
        Arbitrary<DayPick> day = Combinators.combine(Arbitraries.integers().between(-25, maxOffset),
                Arbitraries.integers().between(0, 2),
                Arbitraries.of("random", "random", "day before start", "start day", "end day", "day after end"))
                .as(DayPick::new);
        Arbitrary<Optional<Renewal>> renewal = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(1, 40)).as(Renewal::new).optional(0.15);
        return Combinators.combine(Arbitraries.of(USE_CHANNELS), territory, quantity, day, Arbitraries.of(ZONES),
                Arbitraries.of(TIMES), renewal).as(UseGen::new);
    }
}
