package io.mediarelay.transfer;

import java.io.IOException;

/**
 * Another attempt at the same delivery (asset version and destination) is still running after the guard waited for
 * it. Transient (an {@link IOException}): this attempt is retried later by its own retry layer and then finds the
 * delivery done, or takes it over if the other attempt failed.
 */
public final class DeliveryInProgressException extends IOException {
    public DeliveryInProgressException(String key, java.time.Duration waited) {
        super("delivery " + key + " is in progress in another attempt (waited " + waited.toSeconds() + " s)");
    }
}
