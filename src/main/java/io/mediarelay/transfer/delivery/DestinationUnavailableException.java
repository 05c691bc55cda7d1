package io.mediarelay.transfer.delivery;

import java.io.IOException;

/** A destination failed its check (connect, login, writable directory); an I/O failure, so it is retried. */
public final class DestinationUnavailableException extends IOException {
    public DestinationUnavailableException(String message) {
        super(message);
    }
}
