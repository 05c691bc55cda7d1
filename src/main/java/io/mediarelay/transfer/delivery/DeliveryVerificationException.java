package io.mediarelay.transfer.delivery;

import java.io.IOException;

/** The upload finished but the server's copy is not what was sent; the temp file has been deleted. */
public final class DeliveryVerificationException extends IOException {
    public DeliveryVerificationException(String message) {
        super(message);
    }
}
