package io.mediarelay.getty;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code usage_date} as Getty's spec declares it: {@code format: date-time} (the prose says "time is not needed",
 * but a validator built from the spec refuses {@code 2026-12-01}). A day becomes its start in UTC
 * ({@code 2026-12-01T00:00:00Z}); instants and offset times are written in ISO 8601; anything else is sent as given.
 */
final class UsageDates {
    private UsageDates() {
    }

    /** Copies of the usages with {@code usage_date} as an ISO 8601 date-time. */
    static List<Map<String, Object>> asDateTimes(List<Map<String, Object>> usages) {
        List<Map<String, Object>> out = new ArrayList<>(usages.size());
        for (Map<String, Object> u : usages) {
            Map<String, Object> copy = new LinkedHashMap<>(u);
            if (copy.containsKey("usage_date")) {
                copy.put("usage_date", dateTime(copy.get("usage_date")));
            }
            out.add(copy);
        }
        return out;
    }

    static Object dateTime(Object v) {
        if (v instanceof LocalDate d) {
            return d.atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        }
        if (v instanceof java.sql.Date d) {
            return dateTime(d.toLocalDate());
        }
        if (v instanceof Instant i) {
            return i.toString();
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant().toString();
        }
        if (v instanceof ZonedDateTime z) {
            return z.toInstant().toString();
        }
        if (v instanceof java.util.Date d) {
            return d.toInstant().toString();
        }
        if (v instanceof String s && s.trim().matches("\\d{4}-\\d{2}-\\d{2}")) {
            return dateTime(LocalDate.parse(s.trim()));
        }
        return v;
    }
}
