package io.mediarelay.transfer.naming;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The one remote-naming policy every sink applies to the name it sends (FTP/FTPS/SFTP, PhotoShelter upload, HTTP
 * path segments and headers, reason files next to local inbox files). Names come from partners' drop folders, so
 * each one is hostile until it went through here:
 * <ul>
 *   <li>CR, LF, NUL and every other control or invisible (format, bidi) character becomes '_' ({@link
 *       RemoteNameTemplate#sanitizePath}): nothing can end an FTP command, an HTTP header or a log line early;</li>
 *   <li>{@code ..}, absolute paths and leading dots are dropped, so nothing leaves the target directory;</li>
 *   <li>a segment starting with '-' gets a '_' in front: a server-side script must never read it as an option;</li>
 *   <li>a segment longer than {@link #MAX_NAME_BYTES} UTF-8 bytes is shortened deterministically: a prefix, '~',
 *       8 hex digits of the SHA-256 of the whole raw name, then the extension. 250 and not 255 so that
 *       every sink's temporary {@code <name>.part} still fits the 255-byte limit of common file systems;</li>
 *   <li>{@code ascii}: for a server that did not announce UTF-8 (FEAT without UTF8) and for HTTP header values,
 *       accents are folded (é -> e) and anything else non-ASCII becomes '_'; a lossy fold adds the hash too, so two
 *       different Unicode names cannot collapse into one ASCII name.</li>
 * </ul>
 * The result is the same for the same input (re-runs and retries use the same names).
 */
public final class RemoteNamePolicy {
    /** Longest file name (one segment) sent to any target, in UTF-8 bytes; leaves room for ".part". */
    public static final int MAX_NAME_BYTES = 250;
    private static final int MAX_EXT_BYTES = 16;

    private RemoteNamePolicy() {
    }

    /** A safe relative path ('/' separates directories); {@code ascii} when the target cannot take UTF-8. */
    public static String path(String raw, boolean ascii) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("remote file name is empty");
        }
        String sanitized = RemoteNameTemplate.sanitizePath(raw);
        List<String> out = new ArrayList<>();
        for (String seg : sanitized.split("/")) {
            out.add(segment(seg, ascii, MAX_NAME_BYTES, raw));
        }
        return String.join("/", out);
    }

    /** A safe single file name: any separator becomes '_', so the result never names a directory. */
    public static String name(String raw, boolean ascii) {
        return name(raw, ascii, MAX_NAME_BYTES);
    }

    /** {@link #name(String, boolean)} bounded to {@code maxBytes}, e.g. to leave room for a ".reason.txt" suffix. */
    public static String name(String raw, boolean ascii, int maxBytes) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("remote file name is empty");
        }
        String folded = raw.replace('/', '_').replace('\\', '_');
        return segment(RemoteNameTemplate.sanitizePath(folded), ascii, maxBytes, raw);
    }

    /** A safe name, percent-encoded for use as one HTTP path segment (RFC 3986 unreserved characters kept). */
    public static String httpSegment(String raw) {
        byte[] bytes = name(raw, false).getBytes(StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(bytes.length + 8);
        for (byte x : bytes) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    /** A value safe for an HTTP header (e.g. X-Filename): ASCII only, no control characters. */
    public static String headerValue(String raw) {
        return name(raw, true);
    }

    /** For logs and reason files: control and invisible characters shown as {@code \\uXXXX}, bounded to 300 code points. */
    public static String printable(String s) {
        if (s == null) {
            return "null";
        }
        boolean cut = s.codePointCount(0, s.length()) > 300;
        return escaped(cut ? s.substring(0, s.offsetByCodePoints(0, 300)) : s) + (cut ? "..." : "");
    }

    /** Control and invisible characters (C0, C1, DEL, format, line/paragraph separators) shown as {@code \\uXXXX}. */
    public static String escaped(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) && cp != '\n' || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                b.append(String.format("\\u%04x", cp));
            } else if (cp == '\n') {
                b.append("\\n");
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }

    /** 8 hex digits of SHA-256: the deterministic tag of shortened names and ids. */
    public static String shortHash(String s) {
        return NameReservations.shortHash(s == null ? "" : s);
    }

    /** {@code original}: the raw name, whose hash tags a shortened segment (the sanitizer already cut at 255 bytes). */
    static String segment(String seg, boolean ascii, int maxBytes, String original) {
        String s = seg;
        boolean lossy = false;
        if (ascii) {
            String folded = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
            StringBuilder b = new StringBuilder(folded.length());
            for (int i = 0; i < folded.length(); i++) {
                char c = folded.charAt(i);
                if (c < 0x80) {
                    b.append(c);
                } else {
                    if (!Character.isLowSurrogate(c)) {
                        b.append('_');
                    }
                    lossy = true;
                }
            }
            s = b.toString();
        }
        if (s.startsWith("-")) {
            s = "_" + s; // never an option to a script or a command-line client on the other side
        }
        if (!lossy && RemoteNameTemplate.utf8(s) <= maxBytes) {
            return s;
        }
        // hash of the raw name: the same long/lossy name always maps to the same short name, two different ones never
        String tag = "~" + NameReservations.shortHash(original);
        int dot = s.lastIndexOf('.');
        String ext = dot > 0 && RemoteNameTemplate.utf8(s.substring(dot)) <= MAX_EXT_BYTES ? s.substring(dot) : "";
        String stem = ext.isEmpty() ? s : s.substring(0, dot);
        int budget = maxBytes - RemoteNameTemplate.utf8(tag + ext);
        return RemoteNameTemplate.prefix(stem, budget) + tag + ext;
    }
}
