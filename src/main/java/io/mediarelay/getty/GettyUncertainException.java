package io.mediarelay.getty;

/**
 * A non-idempotent call (license POST) may or may not have taken effect on Getty's side: the request
 * was sent but no clear answer came back. It is deliberately not retried.
 */
public class GettyUncertainException extends RuntimeException {

    public GettyUncertainException(String message, Throwable cause) {
        super(message, cause);
    }
}
