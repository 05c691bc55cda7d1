package io.mediarelay.license;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides whether one use of an asset (channel, territory, date) is covered by a license.
 *
 * <p>Each license is checked in a fixed order: date window (NOT_YET_VALID / EXPIRED), territory, channel,
 * restriction (editorial-only asset on a commercial channel), usage limit. Any one license that passes every
 * check allows the use (the first by license id, so the answer is stable). When all deny, the reason reported is
 * the one of the license that got furthest through the checks, see {@link Verdict} for the precedence; on a tie
 * the first license by id. No license at all is NO_LICENSE.
 *
 * <p>Restrictions: a license whose restrictions text says "editorial use only" (Getty's wording) may not be used
 * on a commercial channel. Which channels are commercial is configuration, because "email" is marketing in one
 * company and a newsletter in another.
 */
public final class LicenseRules {
    /** Channels that carry advertising/marketing by default; editorial-only material may not go there. */
    public static final Set<String> DEFAULT_COMMERCIAL_CHANNELS = Set.of("advertising", "ads", "marketing", "email",
            "promotion", "commercial", "ecommerce", "packaging", "merchandise", "out-of-home");

    private final Function<String, List<License>> licensesOf;
    private final Set<String> commercialChannels;

    /** @param licensesOf the licenses recorded for an asset id, e.g. {@code registry::licensesOf} */
    public LicenseRules(Function<String, List<License>> licensesOf, Set<String> commercialChannels) {
        this.licensesOf = licensesOf;
        this.commercialChannels = Set.copyOf(commercialChannels.stream().map(Tokens::channel).toList());
    }

    public LicenseRules(LicenseRegistry registry) {
        this(registry::licensesOf, DEFAULT_COMMERCIAL_CHANNELS);
    }

    public Decision decide(String assetId, String channel, String territory, LocalDate date) {
        if (assetId == null || assetId.isBlank() || channel == null || channel.isBlank() || territory == null
                || territory.isBlank() || date == null) {
            throw new IllegalArgumentException("a license decision needs asset id, channel, territory and date (got "
                    + assetId + ", " + channel + ", " + territory + ", " + date + ")");
        }
        String ch = Tokens.channel(channel);
        String terr = Tokens.territory(territory);
        List<License> licenses = licensesOf.apply(assetId).stream()
                .sorted(Comparator.comparing(License::licenseId)).toList();
        if (licenses.isEmpty()) {
            return Decision.deny(Verdict.NO_LICENSE, "asset " + assetId + " has no license on record", null);
        }
        Decision best = null;
        for (License license : licenses) {
            Decision d = check(license, ch, terr, date);
            if (d.allowed()) {
                return d;
            }
            if (best == null || Verdict.mostRelevant(best.verdict(), d.verdict()) != best.verdict()) {
                best = d;
            }
        }
        return best;
    }

    /** One license against one use; the first failing check is the answer. */
    Decision check(License l, String channel, String territory, LocalDate date) {
        String id = l.licenseId();
        String about = "asset " + l.assetId() + ": license " + id;
        if (l.startDate() != null && date.isBefore(l.startDate())) {
            return Decision.deny(Verdict.NOT_YET_VALID, about + " is valid from " + l.startDate() + ", not on " + date, id);
        }
        if (l.endDate() != null && date.isAfter(l.endDate())) {
            return Decision.deny(Verdict.EXPIRED, about + " expired on " + l.endDate() + " (use date " + date + ")", id);
        }
        if (!l.territories().contains(Tokens.WORLDWIDE) && !l.territories().contains(territory)) {
            return Decision.deny(Verdict.TERRITORY_NOT_ALLOWED, about + " covers " + String.join(",",
                    l.territories().stream().sorted().toList()) + ", not territory " + territory, id);
        }
        if (!l.channels().contains(Tokens.ALL_CHANNELS) && !l.channels().contains(channel)) {
            return Decision.deny(Verdict.CHANNEL_NOT_APPROVED, about + " approves channels " + String.join(",",
                    l.channels().stream().sorted().toList()) + ", not " + channel, id);
        }
        if (editorialOnly(l.restrictions()) && commercialChannels.contains(channel)) {
            return Decision.deny(Verdict.RESTRICTED, about + " is restricted (" + l.restrictions().trim()
                    + "): not for commercial channel " + channel, id);
        }
        if (l.usageLimit() != null && l.usedCount() >= l.usageLimit()) {
            return Decision.deny(Verdict.USAGE_LIMIT_REACHED, about + " allows " + l.usageLimit() + " uses, "
                    + l.usedCount() + " used", id);
        }
        return Decision.allow(l);
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
