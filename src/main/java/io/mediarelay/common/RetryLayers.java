package io.mediarelay.common;

/**
 * Names shared by a source that retries its own failed items and the dead-letter store that must then not retry them
 * a second time (one retry layer per kind of failure).
 */
public final class RetryLayers {
    /**
     * Exchange property a source sets when it polls a failed item again by itself (PhotoShelter {@code holdOnFailure}):
     * that source is the item's retry layer, so its letters are never replayed by the catch-up.
     */
    public static final String SOURCE_RETRIES = "MediarelaySourceRetries";

    private RetryLayers() {
    }
}
