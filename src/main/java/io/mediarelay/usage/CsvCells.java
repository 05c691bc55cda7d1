package io.mediarelay.usage;

/**
 * Text from partner files and Getty ends up in CSV reports that people open in spreadsheets: a cell starting with
 * =, +, -, @ (or a tab/CR) would be run as a formula ("CSV injection"), so such cells get a leading apostrophe.
 * Quoting and separators are Jackson CSV's job; this only defuses formulas.
 */
public final class CsvCells {
    private CsvCells() {
    }

    public static String safe(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
    }
}
