package io.mediarelay.photoshelter;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * PhotoShelter's date forms: v3 {@code "2019-10-15 12:00:00 GMT"} (PHP {@code Y-m-d H:i:s e}, so other zone names
 * are possible), v4 ISO {@code "2019-04-25T14:54:12.136828"} without a zone (read as UTC, as v3 says GMT), and ISO
 * with an offset. Requests use the v4 form with microseconds, which both sandbox and the spec accept.
 */
public final class PsDates {

    private static final DateTimeFormatter V4_OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private PsDates() {
    }

    /** Null for null/blank; IllegalArgumentException naming the value otherwise. */
    public static Instant parse(String s) {
        if (s == null || s.isBlank()) return null;
        String t = s.trim();
        try {
            if (t.length() > 10 && t.charAt(10) == 'T') {
                boolean zoned = t.endsWith("Z") || t.matches(".*[+-]\\d\\d:?\\d\\d$");
                return zoned ? OffsetDateTime.parse(t).toInstant() : LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            }
            if (t.length() == 19) return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            // "<date> <time> <zone>": "GMT" / "UTC" / "America/New_York" are all zone ids
            int space = t.lastIndexOf(' ');
            return LocalDateTime.parse(t.substring(0, space).replace(' ', 'T')).atZone(ZoneId.of(t.substring(space + 1))).toInstant();
        } catch (java.time.DateTimeException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("Unrecognised PhotoShelter date '" + s + "'", e);
        }
    }

    public static String format(Instant at) {
        return V4_OUT.format(at);
    }
}
