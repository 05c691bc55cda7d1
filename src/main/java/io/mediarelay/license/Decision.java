package io.mediarelay.license;

import java.util.List;

/**
 * The answer of {@link LicenseRules#decide}: allowed (with the license that covers the use) or denied with a
 * machine code and a sentence an operator can act on. {@code rule} names the rule that decided (docs/GOVERNANCE.md
 * R1/R4); {@code restrictions} and {@code appliedRules} are the restriction text of the license the decision is about
 * and the sentences of the rules read from it (companions and payloads carry them).
 */
public record Decision(Verdict verdict, String reason, String licenseId, String rule, String restrictions,
                       List<String> appliedRules) {

    public Decision {
        appliedRules = appliedRules == null ? List.of() : List.copyOf(appliedRules);
    }

    public Decision(Verdict verdict, String reason, String licenseId) {
        this(verdict, reason, licenseId, verdict.name(), null, List.of());
    }

    public static Decision allow(License license) {
        return new Decision(Verdict.ALLOWED, "covered by license " + license.licenseId(), license.licenseId());
    }

    /** @param licenseId the license the reason is about, or null (NO_LICENSE) */
    public static Decision deny(Verdict verdict, String reason, String licenseId) {
        if (verdict.allowed()) {
            throw new IllegalArgumentException("a deny needs a deny code");
        }
        return new Decision(verdict, reason, licenseId);
    }

    public Decision because(String rule, String restrictions, List<String> appliedRules) {
        return new Decision(verdict, reason, licenseId, rule, restrictions, appliedRules);
    }

    public boolean allowed() {
        return verdict.allowed();
    }

    public String code() {
        return verdict.name();
    }
}
