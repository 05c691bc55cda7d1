package io.mediarelay.license;

/**
 * The answer of {@link LicenseRules#decide}: allowed (with the license that covers the use) or denied with a
 * machine code and a sentence an operator can act on.
 */
public record Decision(Verdict verdict, String reason, String licenseId) {

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

    public boolean allowed() {
        return verdict.allowed();
    }

    public String code() {
        return verdict.name();
    }
}
