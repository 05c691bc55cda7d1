package io.mediarelay.license;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The audit's oracle, written from the rule table in docs/GOVERNANCE.md (R1-R4), not from the code: no class of
 * {@code io.mediarelay.license} is used to decide. Restrictions are known to the oracle by what they mean
 * ({@link Clause}), the generator renders their text; the table's job is to read that text back into the same meaning.
 */
final class AuditOracle {
    static final String ALLOWED = "ALLOWED";
    static final String INVALID = "INVALID";
    static final Set<String> COMMERCIAL = Set.of("advertising", "ads", "marketing", "email", "promotion", "commercial",
            "ecommerce", "packaging", "merchandise", "out-of-home");

    private AuditOracle() {
    }

    /** What a restriction clause means (docs R4), rendered as text by the generator. */
    record Clause(String kind, Set<String> values, LocalDate date, String text) {
        boolean interpreted() {
            return !kind.equals("uninterpreted");
        }

        /** R4's second table: does this rule refuse the use? */
        boolean refuses(Use u, LocalDate day) {
            return switch (kind) {
                case "exclude_channels" -> values.contains(u.channel());
                case "only_channels" -> !values.contains(u.channel());
                case "exclude_territories" -> u.territory().equals("WORLDWIDE") || values.contains(u.territory());
                case "only_territories" -> !values.contains(u.territory());
                case "not_before" -> day.isBefore(date);
                case "not_after" -> day.isAfter(date);
                default -> false;
            };
        }
    }

    /** A license as the oracle sees it; {@code used} is what R3 has charged to it so far. */
    record Lic(String id, Set<String> territories, Set<String> channels, LocalDate start, LocalDate end, Integer limit,
               List<Clause> clauses, int used) {
        Lic withUsed(int u) {
            return new Lic(id, territories, channels, start, end, limit, clauses, u);
        }

        Lic withEnd(LocalDate e) {
            return new Lic(id, territories, channels, start, e, limit, clauses, used);
        }

        String restrictionText() {
            return clauses.isEmpty() ? null : String.join(" ", clauses.stream().map(Clause::text).toList());
        }
    }

    record Use(String channel, String territory, int quantity) {
    }

    /** The oracle's answer: verdict code and the license it is about (charged when ALLOWED; null for NO_LICENSE). */
    record Answer(String code, String licenseId) {
    }

    /** R1 as the docs table: rows in order, the first whose condition holds gives the answer. */
    private record Row(String answer, Predicate<Lic> applies) {
    }

    private static List<Row> r1(Use u, LocalDate day) {
        return List.of(
                new Row("NOT_YET_VALID", l -> l.start() != null && day.isBefore(l.start())),
                new Row("EXPIRED", l -> l.end() != null && day.isAfter(l.end())),
                new Row("TERRITORY_NOT_ALLOWED", l -> !l.territories().contains("WORLDWIDE")
                        && !l.territories().contains(u.territory())),
                new Row("CHANNEL_NOT_APPROVED", l -> !l.channels().contains("all") && !l.channels().contains(u.channel())),
                new Row("RESTRICTION_UNINTERPRETED", l -> l.clauses().stream().anyMatch(c -> !c.interpreted())),
                new Row("RESTRICTED", l -> l.clauses().stream().anyMatch(c -> c.refuses(u, day))),
                new Row("USAGE_LIMIT_REACHED", l -> l.limit() != null && l.used() + u.quantity() > l.limit()),
                new Row(ALLOWED, l -> true));
    }

    /** R2's ranking of refusals, lowest first. */
    static final List<String> RANK = List.of("EXPIRED", "NOT_YET_VALID", "TERRITORY_NOT_ALLOWED", "CHANNEL_NOT_APPROVED",
            "RESTRICTED", "RESTRICTION_UNINTERPRETED", "USAGE_LIMIT_REACHED");

    static boolean validTerritory(String t) {
        return t.equals("WORLDWIDE") || AuditWorlds.ISO_SAMPLE.contains(t);
    }

    static String forOne(Lic l, Use u, LocalDate day) {
        return r1(u, day).stream().filter(r -> r.applies().test(l)).findFirst().orElseThrow().answer();
    }

    /** R2 (input check first: a territory that is not ISO 3166-1 alpha-2 or WORLDWIDE is INVALID). */
    static Answer decide(List<Lic> licenses, Use u, LocalDate day) {
        if (!validTerritory(u.territory())) {
            return new Answer(INVALID, null);
        }
        if (licenses.isEmpty()) {
            return new Answer("NO_LICENSE", null);
        }
        List<Lic> covering = new ArrayList<>();
        for (Lic l : licenses) {
            if (forOne(l, u, day).equals(ALLOWED)) {
                covering.add(l);
            }
        }
        if (!covering.isEmpty()) {
            covering.sort(Comparator.comparing(Lic::end, Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(Lic::id));
            return new Answer(ALLOWED, covering.get(0).id());
        }
        int best = -1;
        String bestId = null;
        for (Lic l : licenses.stream().sorted(Comparator.comparing(Lic::id)).toList()) {
            int rank = RANK.indexOf(forOne(l, u, day));
            if (rank > best) {
                best = rank;
                bestId = l.id();
            }
        }
        return new Answer(RANK.get(best), bestId);
    }

    /** R3: a recorded ALLOWED use charges its quantity to the chosen license; anything else charges nothing. */
    static List<Lic> afterRecording(List<Lic> licenses, Use u, Answer a) {
        if (!a.code().equals(ALLOWED)) {
            return licenses;
        }
        return licenses.stream().map(l -> l.id().equals(a.licenseId()) ? l.withUsed(l.used() + u.quantity()) : l).toList();
    }
}
