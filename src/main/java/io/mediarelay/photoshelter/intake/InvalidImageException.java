package io.mediarelay.photoshelter.intake;

/**
 * A file that must not be uploaded (truncated, not what its extension says, unsupported type, empty). Bad input:
 * an {@link IllegalArgumentException}, so the shared error handling does not retry it.
 */
public class InvalidImageException extends IllegalArgumentException {
    public InvalidImageException(String message) {
        super(message);
    }
}
