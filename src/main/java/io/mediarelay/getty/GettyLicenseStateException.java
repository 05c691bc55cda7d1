package io.mediarelay.getty;

/**
 * A license request cannot proceed safely because its request key is held by another attempt
 * ({@code PENDING}) or a previous attempt's outcome is unknown ({@code UNCERTAIN}).
 *
 * <p>Re-POSTing in either case could license (and pay for) the asset twice, so the exchange stops here. It is a
 * transient failure (FailureClassifier): the durable retry comes back later, when the other attempt has finished
 * (PENDING) or Getty's download history can settle the outcome (UNCERTAIN, see LicenseOperation#reconcile).
 */
public class GettyLicenseStateException extends RuntimeException {

    private final String requestKey;
    private final String state;

    public GettyLicenseStateException(String requestKey, String state, String detail) {
        super("License request '" + requestKey + "' is " + state + ": " + detail);
        this.requestKey = requestKey;
        this.state = state;
    }

    public String getRequestKey() {
        return requestKey;
    }

    public String getState() {
        return state;
    }
}
