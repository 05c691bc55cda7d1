package io.mediarelay.license;

/**
 * The machine codes of a license decision. The declaration order of the deny codes is their precedence when every
 * license of an asset denies: a later constant means the license got further through the checks (date, then
 * territory, then channel, then restriction, then usage limit; docs/GOVERNANCE.md R2), so it is the more useful thing to tell an
 * operator ("buy more uses" beats "this license is for Canada"). NOT_YET_VALID ranks above EXPIRED because a
 * license that starts later is usually the renewal of the one that expired.
 */
public enum Verdict {
    NO_LICENSE,
    EXPIRED,
    NOT_YET_VALID,
    TERRITORY_NOT_ALLOWED,
    CHANNEL_NOT_APPROVED,
    RESTRICTED,
    /** A restriction text (or part of it) that no row of the restriction table interprets: fails closed. */
    RESTRICTION_UNINTERPRETED,
    USAGE_LIMIT_REACHED,
    /** Not a deny: at least one license covers the use. */
    ALLOWED;

    public boolean allowed() {
        return this == ALLOWED;
    }

    /** The deny that should be reported when two licenses deny for different reasons. */
    public static Verdict mostRelevant(Verdict a, Verdict b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
