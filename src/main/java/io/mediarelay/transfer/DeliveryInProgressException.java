package io.mediarelay.transfer;

import java.io.IOException;

/**
 * The delivery is claimed by another exchange or instance that is still at it after the guard waited a lease: a
 * transient failure (an I/O kind, so the failure policy keeps the message for the durable retry), never a skip — if
 * that holder died, nobody else would ever deliver the message.
 */
public final class DeliveryInProgressException extends IOException {
    public DeliveryInProgressException(String key, String holder, java.time.Duration waited) {
        super("delivery " + key + " is claimed by " + holder + " (still held after waiting " + waited.toSeconds()
                + " s); retried later");
    }
}
