package io.mediarelay.logging;

/**
 * Escapes what must never reach a log line raw: CR and LF (a file name with a newline would forge a whole log
 * line), NUL, ESC (terminal escape sequences), every other C0/C1 control, DEL and the Unicode line/paragraph
 * separators. They are written as {@code \n}, {@code \r}, {@code \t} or {@code \\uXXXX}, so the line stays
 * one line and the reader still sees what was there.
 */
final class ControlCharEscaping {
    private ControlCharEscaping() {
    }

    static void appendEscaped(CharSequence s, int from, StringBuilder out) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
    }

    static String escape(CharSequence s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        appendEscaped(s, 0, b);
        return b.toString();
    }
}
