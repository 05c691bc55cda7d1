package io.mediarelay.photoshelter.intake;

import io.mediarelay.transfer.naming.RemoteNamePolicy;

/**
 * One file name that is safe to send and to show: the shared {@link RemoteNamePolicy} (NFC, no control/format
 * characters, no {@code ..}, no leading dots or dashes, 250 UTF-8 bytes keeping the extension plus a hash when
 * shortened), with any separator folded into the name, so the result is always a single segment inside the target.
 */
final class SafeUploadName {

    private SafeUploadName() {
    }

    static String of(String raw) {
        if (raw == null || raw.isBlank()) throw new IllegalArgumentException("file name is empty");
        try {
            return RemoteNamePolicy.name(raw, false); // PhotoShelter takes UTF-8 names (multipart, JSON)
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("file name " + printable(raw) + " has nothing usable left after sanitizing");
        }
    }

    /** For logs and reason files: control characters shown as \\uXXXX, bounded. */
    static String printable(String s) {
        return RemoteNamePolicy.printable(s);
    }
}
