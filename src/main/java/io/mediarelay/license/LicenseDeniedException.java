package io.mediarelay.license;

/**
 * Thrown by the license gate when no license covers a use. It extends {@link IllegalArgumentException} on
 * purpose: the shared route configuration {@code mediarelay-errors} sends IllegalArgumentException to the
 * dead-letter store without redelivery (bad input does not get better by retrying), so a denied asset is
 * dead-lettered at once with the reason as its message.
 */
public class LicenseDeniedException extends IllegalArgumentException {
    private final transient Decision decision;

    public LicenseDeniedException(Decision decision) {
        super("license denied [" + decision.code() + "]: " + decision.reason());
        this.decision = decision;
    }

    public Decision decision() {
        return decision;
    }
}
