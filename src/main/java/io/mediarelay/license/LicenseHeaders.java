package io.mediarelay.license;

/** Headers the license gate reads and writes (the kamelet license-gate-action sets the inputs). */
public final class LicenseHeaders {
    /** In: the intended channel (web, social, print, email, broadcast, ...). */
    public static final String CHANNEL = "MediarelayChannel";
    /** In: the intended territory, ISO 3166 alpha-2 (or WORLDWIDE). */
    public static final String TERRITORY = "MediarelayTerritory";
    /** In, optional: the use date (yyyy-MM-dd or LocalDate) instead of today; plans and back-dated reports. */
    public static final String USE_DATE = "MediarelayUseDate";
    /** In, optional: {@code fail} (default) or {@code skip}. */
    public static final String ON_DENY = "MediarelayGateOnDeny";
    /** Out: ALLOW or DENY. */
    public static final String DECISION = "MediarelayGateDecision";
    /** Out: the machine code ({@link Verdict} name). */
    public static final String CODE = "MediarelayGateCode";
    /** Out: the human reason. */
    public static final String REASON = "MediarelayGateReason";
    /** In, optional: how many uses this is (default 1); the chosen license must cover all of them. */
    public static final String QUANTITY = "MediarelayQuantity";
    /** Out: the rule that decided (docs/GOVERNANCE.md R1/R2/R4). */
    public static final String RULE = "MediarelayGateRule";
    /** Out: the restriction text of the license the decision is about (null when none). */
    public static final String RESTRICTIONS = "MediarelayRestrictions";
    /** Out: the sentences of the restriction rules read from that text (a List). */
    public static final String RESTRICTION_RULES = "MediarelayRestrictionRules";
    /** Out, on allow: the license that covers the use. */
    public static final String LICENSE_ID = "MediarelayLicenseId";

    private LicenseHeaders() {
    }
}
