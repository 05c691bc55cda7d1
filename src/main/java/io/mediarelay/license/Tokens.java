package io.mediarelay.license;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The token lists stored in {@code licenses.territories} / {@code licenses.channels}: comma-separated, trimmed,
 * territories upper case, channels lower case. Kept as plain text (not arrays/JSON) so the SQL stays portable.
 */
public final class Tokens {
    /** Territory token meaning "every territory". */
    public static final String WORLDWIDE = "WORLDWIDE";
    /** Channel token meaning "every channel". */
    public static final String ALL_CHANNELS = "all";

    private Tokens() {
    }

    public static Set<String> territories(String csv) {
        return parse(csv, true);
    }

    public static Set<String> channels(String csv) {
        return parse(csv, false);
    }

    public static String territory(String code) {
        return code == null ? null : code.trim().toUpperCase(Locale.ROOT);
    }

    public static String channel(String name) {
        return name == null ? null : name.trim().toLowerCase(Locale.ROOT);
    }

    public static String join(Collection<String> tokens) {
        return String.join(",", tokens);
    }

    /** Accepts commas, semicolons and pipes, because custom fields typed by people use all three. */
    private static Set<String> parse(String csv, boolean upper) {
        Set<String> out = new LinkedHashSet<>();
        if (csv == null) {
            return out;
        }
        for (String raw : csv.split("[,;|]")) {
            String t = upper ? territory(raw) : channel(raw);
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }
}
