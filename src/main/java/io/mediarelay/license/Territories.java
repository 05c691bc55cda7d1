package io.mediarelay.license;

import java.util.Locale;
import java.util.Set;

/**
 * The territory codes mediarelay accepts wherever it reads one (usage logs, gate headers, license terms, restriction
 * rules, the CLI): an officially assigned ISO 3166-1 alpha-2 code, or {@link Tokens#WORLDWIDE}. "Two capital
 * letters" is not enough: {@code ZZ}, {@code UK} or {@code EU} would silently never match a license.
 */
public final class Territories {
    private static final Set<String> ISO = Set.copyOf(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2));

    private Territories() {
    }

    public static boolean valid(String code) {
        return code != null && (Tokens.WORLDWIDE.equals(code) || ISO.contains(code));
    }

    /** The normalised code (upper case); IllegalArgumentException naming it when it is not a territory. */
    public static String require(String code) {
        String t = Tokens.territory(code);
        if (!valid(t)) {
            throw new IllegalArgumentException("territory '" + code + "' is not an ISO 3166-1 alpha-2 code or "
                    + Tokens.WORLDWIDE);
        }
        return t;
    }
}
