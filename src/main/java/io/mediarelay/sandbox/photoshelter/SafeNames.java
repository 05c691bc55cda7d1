package io.mediarelay.sandbox.photoshelter;

/**
 * Turns a client-supplied file name into a display name: last path segment only, no control characters,
 * bounded length. It is stored as metadata only; bytes are stored under the image id, never under this name.
 */
final class SafeNames {

    private SafeNames() {
    }

    static String fileName(String raw) {
        String s = raw == null ? "" : raw;
        int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        s = s.substring(slash + 1).replaceAll("[\\p{Cntrl}\"]", "_").trim();
        if (s.equals(".") || s.equals("..") || s.isEmpty()) s = "upload";
        return s.length() > 255 ? s.substring(0, 255) : s;
    }
}
