package io.mediarelay.photoshelter;

/**
 * PhotoShelter answered with an error (either envelope), or could not be reached. {@link #getErrorId()} is
 * PhotoShelter's own error name (v4 {@code errors[0].id}, v3 {@code code}) so routes can branch on it.
 */
public class PhotoShelterApiException extends RuntimeException {

    private final int status;
    private final String errorId;
    private final String title;

    public PhotoShelterApiException(int status, String errorId, String title, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorId = errorId;
        this.title = title;
    }

    /** HTTP status; 0 when no response arrived. */
    public int getStatus() { return status; }

    public String getErrorId() { return errorId; }

    public String getTitle() { return title; }

    public boolean isRetryable() {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }
}
