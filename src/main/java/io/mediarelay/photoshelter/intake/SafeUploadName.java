package io.mediarelay.photoshelter.intake;

import io.mediarelay.transfer.naming.RemoteNameTemplate;

/**
 * One file name that is safe to send and to show: the shared path sanitizer (NFC, no control/format characters,
 * no {@code ..}, no leading dots, 255 UTF-8 bytes keeping the extension) applied to the whole name, with any
 * separator it produced folded into the name, so the result is always a single segment inside the target.
 */
final class SafeUploadName {

    private SafeUploadName() {
    }

    static String of(String raw) {
        if (raw == null || raw.isBlank()) throw new IllegalArgumentException("file name is empty");
        String s;
        try {
            s = RemoteNameTemplate.sanitizePath(raw).replace('/', '_');
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("file name " + printable(raw) + " has nothing usable left after sanitizing");
        }
        if (RemoteNameTemplate.utf8(s) <= RemoteNameTemplate.MAX_SEGMENT_BYTES) return s;
        // folding "a/b" into "a_b" can exceed one segment's bytes: cut the stem, keep a short extension
        int dot = s.lastIndexOf('.');
        String ext = dot > 0 && s.length() - dot <= 16 ? s.substring(dot) : "";
        return RemoteNameTemplate.prefix(s.substring(0, s.length() - ext.length()),
                RemoteNameTemplate.MAX_SEGMENT_BYTES - RemoteNameTemplate.utf8(ext)) + ext;
    }

    /** For logs and reason files: control characters shown as \\uXXXX, bounded. */
    static String printable(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(300).forEach(cp -> {
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) b.append(String.format("\\u%04x", cp));
            else b.appendCodePoint(cp);
        });
        if (s.codePointCount(0, s.length()) > 300) b.append("...");
        return b.toString();
    }
}
