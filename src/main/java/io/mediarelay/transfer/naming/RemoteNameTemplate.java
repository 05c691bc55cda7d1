package io.mediarelay.transfer.naming;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a remote file name from a template such as {@code {campaign}/{assetId}_{width}x{height}.{ext}}.
 *
 * <p>Values come from partners and from Getty metadata, so every value is treated as hostile: the result is
 * always a relative path that cannot leave the destination root. Sanitizing happens per value (a value can
 * never introduce a '/') and again per segment of the rendered path (the template itself may be wrong).
 * Rules: NFC-normalized; control chars, NUL, backslash and Windows-reserved chars {@code <>:"|?*} become
 * '_'; segments that are empty, "." or ".." are dropped or replaced; leading dots are stripped so nothing
 * renders as a hidden or relative name; each segment is cut to {@link #MAX_SEGMENT_BYTES} UTF-8 bytes and the
 * whole path to {@link #MAX_PATH_BYTES}, keeping the extension and never splitting a code point.
 */
public final class RemoteNameTemplate {
    public static final int MAX_SEGMENT_BYTES = 255;
    public static final int MAX_PATH_BYTES = 1024;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");
    private static final int MAX_EXT_BYTES = 16;

    private final String template;

    public RemoteNameTemplate(String template) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("remote name template is empty");
        }
        this.template = template;
    }

    /** Renders with values looked up by placeholder name; a missing value fails, as a silent "null" name would. */
    public String render(Function<String, Object> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object v = values.apply(m.group(1));
            if (v == null || v.toString().isBlank()) {
                throw new IllegalArgumentException("remote name template " + template + ": no value for {" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(cleanValue(v.toString())));
        }
        m.appendTail(out);
        return sanitizePath(out.toString());
    }

    public String render(Map<String, ?> values) {
        return render(values::get);
    }

    /** A value may not contain path separators: '/' and '\' become '_' so it stays inside its segment. */
    static String cleanValue(String value) {
        return value.replace('/', '_').replace('\\', '_');
    }

    /** Turns any string into a safe relative path (segments joined with '/'). */
    public static String sanitizePath(String raw) {
        String s = Normalizer.normalize(raw, Normalizer.Form.NFC).replace('\\', '/');
        List<String> segments = new ArrayList<>();
        for (String seg : s.split("/")) {
            String clean = sanitizeSegment(seg);
            if (!clean.isEmpty()) {
                segments.add(clean);
            }
        }
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("remote name renders empty: " + printable(raw));
        }
        String joined = String.join("/", segments);
        while (utf8(joined) > MAX_PATH_BYTES && segments.size() > 1) {
            // Drop leading directories first: the file name is what partners match on.
            segments.remove(0);
            joined = String.join("/", segments);
        }
        return joined;
    }

    static String sanitizeSegment(String seg) {
        StringBuilder b = new StringBuilder(seg.length());
        seg.codePoints().forEach(cp -> b.appendCodePoint(safe(cp) ? cp : '_'));
        String s = b.toString().strip();
        while (s.startsWith(".")) {
            s = s.substring(1); // ".." and hidden names: no traversal, nothing a listing hides
        }
        while (s.endsWith(".") || s.endsWith(" ")) {
            s = s.substring(0, s.length() - 1); // Windows servers silently drop these, making names collide
        }
        return truncate(s, MAX_SEGMENT_BYTES);
    }

    private static boolean safe(int cp) {
        if (Character.isISOControl(cp) || cp == 0x7F) {
            return false;
        }
        int type = Character.getType(cp);
        if (type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE || type == Character.PRIVATE_USE || type == Character.UNASSIGNED) {
            return false; // bidi overrides and zero-width chars make names that look like other names
        }
        return "<>:\"|?*/\\".indexOf(cp) < 0;
    }

    /** Cuts to maxBytes UTF-8 keeping a short extension, never splitting a code point. */
    static String truncate(String s, int maxBytes) {
        if (utf8(s) <= maxBytes) {
            return s;
        }
        int dot = s.lastIndexOf('.');
        String ext = dot > 0 && utf8(s.substring(dot)) <= MAX_EXT_BYTES ? s.substring(dot) : "";
        String stem = ext.isEmpty() ? s : s.substring(0, dot);
        return prefix(stem, maxBytes - utf8(ext)) + ext;
    }

    /** The longest prefix of s that fits maxBytes of UTF-8, never splitting a code point. */
    public static String prefix(String stem, int budget) {
        StringBuilder b = new StringBuilder();
        int used = 0;
        for (int i = 0; i < stem.length(); ) {
            int cp = stem.codePointAt(i);
            int len = utf8(new String(Character.toChars(cp)));
            if (used + len > budget) {
                break;
            }
            b.appendCodePoint(cp);
            used += len;
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    public static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String printable(String s) {
        return s.codePoints().collect(StringBuilder::new,
                (b, cp) -> b.append(Character.isISOControl(cp) ? String.format("\\u%04x", cp) : new String(Character.toChars(cp))),
                StringBuilder::append).toString();
    }

    public String template() {
        return template;
    }
}
