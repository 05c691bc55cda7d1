package io.mediarelay.getty;

import java.util.Locale;

/** What a {@code getty:<operation>} endpoint does. */
public enum GettyOperation {
    SEARCH, METADATA, PRODUCTS, LICENSE, USAGE, BOARD, DOWNLOADS;

    public static GettyOperation fromUri(String remaining) {
        String r = remaining == null ? "" : remaining.replace("/", "").trim().toUpperCase(Locale.ROOT);
        try {
            return valueOf(r);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown getty operation '" + remaining
                    + "'; expected search, metadata, products, license, usage, board or downloads");
        }
    }

    public boolean isConsumer() {
        return this == BOARD || this == DOWNLOADS;
    }
}
