package io.mediarelay.license;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.mediarelay.license.AuditOracle.Lic;
import io.mediarelay.license.AuditWorlds.DayPick;
import io.mediarelay.license.AuditWorlds.LicGen;
import io.mediarelay.license.AuditWorlds.World;
import net.jqwik.api.statistics.Statistics;

/** Turns a generated world into registry licenses and the oracle's view of them; counts the audit's cases. */
final class AuditRun {
    private static final AtomicLong ASSETS = new AtomicLong();
    /** entry point -> class -> cases; printed as the audit's figures. */
    static final Map<String, Map<String, Long>> COUNTS = new ConcurrentHashMap<>();

    final String assetId;
    final LocalDate base;
    final List<Lic> oracle = new ArrayList<>();

    AuditRun(String prefix, LocalDate base, World w) {
        this.assetId = prefix + "-" + ASSETS.incrementAndGet();
        this.base = base;
        int n = 0;
        for (LicGen g : w.licenses()) {
            // ids do not follow end dates, so "first by id" and "ends first" differ
            String id = assetId + "-L" + (char) ('c' - n++);
            LocalDate start = g.startOffset() == null ? null : base.plusDays(g.startOffset());
            LocalDate end = g.length() == null ? null : (start != null ? start : base).plusDays(g.length());
            oracle.add(new Lic(id, g.territories(), g.channels(), start, end, g.limit(), g.clauses(), 0));
        }
    }

    List<License> licenses() {
        return oracle.stream().map(l -> license(l)).toList();
    }

    License license(String id) {
        return license(oracle.stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow());
    }

    License license(Lic l) {
        return new License(l.id(), "audit", assetId, null, null, null, null, l.territories(), l.channels(), l.start(),
                l.end(), null, null, null, null, l.restrictionText(), l.limit(), l.used(), null);
    }

    /** The use day: a random offset, or the named boundary of a license that has it. */
    LocalDate day(DayPick p) {
        if (!p.boundary().equals("random") && !oracle.isEmpty()) {
            Lic l = oracle.get(p.license() % oracle.size());
            switch (p.boundary()) {
                case "day before start" -> { if (l.start() != null) return l.start().minusDays(1); }
                case "start day" -> { if (l.start() != null) return l.start(); }
                case "end day" -> { if (l.end() != null) return l.end(); }
                case "day after end" -> { if (l.end() != null) return l.end().plusDays(1); }
                default -> { }
            }
        }
        return base.plusDays(p.offset());
    }

    /** The boundary a use day sits on, for the case counts (the first that applies). */
    String boundary(LocalDate day) {
        for (Lic l : oracle) {
            if (l.start() != null && day.equals(l.start().minusDays(1))) return "day before start";
            if (l.start() != null && day.equals(l.start())) return "start day";
            if (l.end() != null && day.equals(l.end())) return "end day";
            if (l.end() != null && day.equals(l.end().plusDays(1))) return "day after end";
        }
        return null;
    }

    static void count(String entryPoint, String label, String value) {
        if (value == null) {
            return;
        }
        Statistics.label(entryPoint + " " + label).collect(value);
        COUNTS.computeIfAbsent(entryPoint, k -> new ConcurrentHashMap<>()).merge(label + " " + value, 1L, Long::sum);
    }

    static String figures(String entryPoint) {
        Map<String, Long> m = new TreeMap<>(COUNTS.getOrDefault(entryPoint, Map.of()));
        StringBuilder b = new StringBuilder("[figures] license audit, " + entryPoint + ":");
        m.forEach((k, v) -> b.append("\n  ").append(k).append(" = ").append(v));
        return b.toString();
    }

    static Set<String> ids(List<Lic> l) {
        return Set.copyOf(l.stream().map(Lic::id).toList());
    }
}
