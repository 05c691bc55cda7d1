package io.mediarelay.license;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import io.mediarelay.config.RuntimeConfig;

/**
 * Decides whether one use of an asset (channel, territory, date, quantity) is covered by a license: the rule table
 * of docs/GOVERNANCE.md (R1 per license, R2 for the use), the one decision service behind the license gate, GF4
 * usage logs ({@link LicenseRegistry#recordDecided}), the Getty pre-license check, {@code plan} and
 * {@code licenses check}.
 *
 * <p>Restrictions are read through the {@link RestrictionTable}: a text with a part no row interprets refuses the
 * use ({@link Verdict#RESTRICTION_UNINTERPRETED}, fail closed), a rule that forbids the use refuses it
 * ({@link Verdict#RESTRICTED}, with the rule's sentence).
 */
public final class LicenseRules {
    /** R2: the license charged is the covering one that ends first (open-ended last), then by id. */
    static final Comparator<License> CHARGE_ORDER = Comparator
            .comparing(License::endDate, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(License::licenseId);

    private final Function<String, List<License>> licensesOf;
    private final RestrictionTable table;

    /** @param licensesOf the licenses recorded for an asset id, e.g. {@code registry::licensesOf} */
    public LicenseRules(Function<String, List<License>> licensesOf, RestrictionTable table) {
        this.licensesOf = licensesOf;
        this.table = table;
    }

    public LicenseRules(LicenseRegistry registry, RestrictionTable table) {
        this(registry::licensesOf, table);
    }

    /** With the working directory's {@code config/restrictions.csv} (tests and tools). */
    public LicenseRules(LicenseRegistry registry) {
        this(registry::licensesOf, RestrictionTable.defaults());
    }

    /**
     * The restriction table of a runtime: {@code mediarelay.license.restrictions-file} (must exist), else
     * {@code restrictions.csv} of the config directory, else of ./config; with none, an empty table: every
     * restriction text then fails closed (RESTRICTION_UNINTERPRETED), nothing forbidden gets through.
     */
    public static RestrictionTable table(RuntimeConfig config) {
        String file = config.get("mediarelay.license.restrictions-file", "");
        if (!file.isBlank()) {
            return new RestrictionTable(Path.of(file));
        }
        Path inConfig = config.configDir() == null ? null : config.configDir().resolve("restrictions.csv");
        if (inConfig != null && java.nio.file.Files.isRegularFile(inConfig)) {
            return new RestrictionTable(inConfig);
        }
        Path cwd = Path.of("config", "restrictions.csv");
        return java.nio.file.Files.isRegularFile(cwd) ? new RestrictionTable(cwd) : RestrictionTable.empty(cwd);
    }

    public RestrictionTable table() {
        return table;
    }

    /** Rules over another set of licenses (a forecast that adds the license a run would register). */
    public LicenseRules over(Function<String, List<License>> licenses) {
        return new LicenseRules(licenses, table);
    }

    public Decision decide(String assetId, String channel, String territory, LocalDate date) {
        return decide(assetId, channel, territory, date, 1);
    }

    public Decision decide(String assetId, String channel, String territory, LocalDate date, int quantity) {
        requireUse(assetId, channel, territory, date, quantity);
        return decide(licensesOf.apply(assetId), assetId, channel, territory, date, quantity);
    }

    /** R2 over the given licenses (the recorder passes the rows it has locked). */
    public Decision decide(List<License> licenses, String assetId, String channel, String territory, LocalDate date,
                           int quantity) {
        requireUse(assetId, channel, territory, date, quantity);
        String ch = Tokens.channel(channel);
        String terr = Territories.require(territory);
        if (licenses.isEmpty()) {
            return Decision.deny(Verdict.NO_LICENSE, "asset " + assetId + " has no license on record", null)
                    .because("R2: no license on record", null, List.of());
        }
        Decision best = null;
        for (License license : licenses.stream().sorted(CHARGE_ORDER).toList()) {
            Decision d = check(license, ch, terr, date, quantity);
            if (d.allowed()) {
                return d;
            }
        }
        for (License license : licenses.stream().sorted(Comparator.comparing(License::licenseId)).toList()) {
            Decision d = check(license, ch, terr, date, quantity);
            if (best == null || d.verdict().ordinal() > best.verdict().ordinal()) {
                best = d;
            }
        }
        return best;
    }

    /** R1: one license against one use; the first row that applies is the answer. */
    Decision check(License l, String channel, String territory, LocalDate date, int quantity) {
        String id = l.licenseId();
        String about = "asset " + l.assetId() + ": license " + id;
        String text = l.restrictions();
        RestrictionTable.Interpretation meaning = table.interpret(text);
        List<String> sentences = meaning.rules().stream().map(RestrictionRule::sentence).toList();
        if (l.startDate() != null && date.isBefore(l.startDate())) {
            return Decision.deny(Verdict.NOT_YET_VALID, about + " is valid from " + l.startDate() + ", not on " + date, id)
                    .because("R1.1 start date " + l.startDate(), text, sentences);
        }
        if (l.endDate() != null && date.isAfter(l.endDate())) {
            return Decision.deny(Verdict.EXPIRED, about + " expired on " + l.endDate() + " (use date " + date + ")", id)
                    .because("R1.2 end date " + l.endDate(), text, sentences);
        }
        if (!l.territories().contains(Tokens.WORLDWIDE) && !l.territories().contains(territory)) {
            String covers = String.join(",", l.territories().stream().sorted().toList());
            return Decision.deny(Verdict.TERRITORY_NOT_ALLOWED, about + " covers " + covers + ", not territory "
                    + territory, id).because("R1.3 territories " + covers, text, sentences);
        }
        if (!l.channels().contains(Tokens.ALL_CHANNELS) && !l.channels().contains(channel)) {
            String approves = String.join(",", l.channels().stream().sorted().toList());
            return Decision.deny(Verdict.CHANNEL_NOT_APPROVED, about + " approves channels " + approves + ", not "
                    + channel, id).because("R1.4 channels " + approves, text, sentences);
        }
        if (!meaning.complete()) {
            return Decision.deny(Verdict.RESTRICTION_UNINTERPRETED, about + " has a restriction no rule interprets: '"
                    + meaning.uninterpreted() + "' (map it in " + table.file() + ")", id)
                    .because("R1.5 restriction table: '" + meaning.uninterpreted() + "' uninterpreted", text, sentences);
        }
        for (RestrictionRule rule : meaning.rules()) {
            if (rule.refuses(channel, territory, date)) {
                return Decision.deny(Verdict.RESTRICTED, about + " is restricted (" + text.strip() + "): "
                        + rule.sentence(), id).because("R1.6 " + rule.sentence(), text, sentences);
            }
        }
        if (l.usageLimit() != null && (long) l.usedCount() + quantity > l.usageLimit()) {
            return Decision.deny(Verdict.USAGE_LIMIT_REACHED, about + " allows " + l.usageLimit() + " uses, "
                    + l.usedCount() + " used, " + quantity + " more asked", id)
                    .because("R1.7 usage limit " + l.usageLimit(), text, sentences);
        }
        return Decision.allow(l).because("R2 covered by " + id + " (first covering license by end date, then id)",
                text, sentences);
    }

    private static void requireUse(String assetId, String channel, String territory, LocalDate date, int quantity) {
        if (assetId == null || assetId.isBlank() || channel == null || channel.isBlank() || territory == null
                || territory.isBlank() || date == null || quantity < 1) {
            throw new IllegalArgumentException("a license decision needs asset id, channel, territory, date and"
                    + " quantity >= 1 (got " + assetId + ", " + channel + ", " + territory + ", " + date + ", "
                    + quantity + ")");
        }
    }

    /** Getty writes "Editorial use only."; people typing custom fields write "editorial only" or "Editorial-only". */
    static boolean editorialOnly(String restrictions) {
        if (restrictions == null) {
            return false;
        }
        String t = restrictions.toLowerCase(Locale.ROOT).replace('-', ' ');
        return t.contains("editorial use only") || t.contains("editorial only");
    }
}
