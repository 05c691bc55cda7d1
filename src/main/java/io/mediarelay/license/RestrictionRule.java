package io.mediarelay.license;

import java.time.LocalDate;
import java.util.Set;

/**
 * One machine rule read from a restriction text by {@link RestrictionTable} (docs/GOVERNANCE.md R4): what it refuses,
 * and the sentence an operator reads when it does. {@code text} is the part of the restriction text it interprets.
 */
public record RestrictionRule(Kind kind, Set<String> values, LocalDate date, String sentence, String text) {

    public enum Kind { EXCLUDE_CHANNELS, ONLY_CHANNELS, EXCLUDE_TERRITORIES, ONLY_TERRITORIES, NOT_BEFORE, NOT_AFTER, OBLIGATION }

    public RestrictionRule {
        values = values == null ? Set.of() : Set.copyOf(values);
    }

    /** True when this rule forbids the use (channel lower case, territory normalised). */
    public boolean refuses(String channel, String territory, LocalDate useDate) {
        return switch (kind) {
            case EXCLUDE_CHANNELS -> values.contains(channel);
            case ONLY_CHANNELS -> !values.contains(channel);
            // a WORLDWIDE use includes every excluded territory
            case EXCLUDE_TERRITORIES -> Tokens.WORLDWIDE.equals(territory) || values.contains(territory);
            case ONLY_TERRITORIES -> !values.contains(territory);
            case NOT_BEFORE -> useDate.isBefore(date);
            case NOT_AFTER -> useDate.isAfter(date);
            case OBLIGATION -> false;
        };
    }
}
