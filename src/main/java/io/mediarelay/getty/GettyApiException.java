package io.mediarelay.getty;

/**
 * A call to Getty failed in a way that retrying will not fix (or the retry budget ran out).
 *
 * <p>The message always names the HTTP status and Getty's error code (ErrorCode / code / gateway
 * message) so route error handlers and operators can branch on it; it never carries request
 * headers, tokens or signed URIs.
 */
public class GettyApiException extends RuntimeException {

    private final int status;
    private final String errorCode;

    public GettyApiException(int status, String errorCode, String detail) {
        this(status, errorCode, detail, null);
    }

    public GettyApiException(int status, String errorCode, String detail, Throwable cause) {
        super("Getty API error " + errorCode + " (HTTP " + status + ")" + (detail == null || detail.isBlank() ? "" : ": " + detail),
                cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** HTTP status, or 0 when no response was received (connection error, timeout). */
    public int getStatus() {
        return status;
    }

    /** Getty's error code, e.g. {@code OverageLimitReached}, {@code ImageNotFound}, {@code UserTokenRequired}. */
    public String getErrorCode() {
        return errorCode;
    }
}
