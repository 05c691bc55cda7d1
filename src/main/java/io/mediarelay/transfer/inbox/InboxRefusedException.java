package io.mediarelay.transfer.inbox;

/**
 * A file an inbox will not take, with the reason a person can act on. An IllegalArgumentException, so the shared
 * error handling does not retry it (bad input does not get better) and files it in {@code .error} at once.
 */
public final class InboxRefusedException extends IllegalArgumentException {
    public InboxRefusedException(String message) {
        super(message);
    }
}
