package io.mediarelay.license;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * Fills the registry from PhotoShelter-style custom fields (a Map of field name to text, as exported in CSV/XML
 * sidecars or by the API). Every field name is configurable because each library names them differently; the
 * expiry field is the one that matters most. License id {@code photoshelter-<asset id>}: one rights record per
 * asset, updated by each sync.
 *
 * <p>Absent territory/channel fields mean WORLDWIDE / all channels: PhotoShelter libraries mostly hold the
 * company's own photography, where the only limits are the ones someone typed in. Dates must be ISO yyyy-MM-dd
 * (a time part is ignored); 03/04/2027 is refused rather than guessed.
 */
public final class PhotoShelterLicenseImport {
    public static final String SOURCE = "photoshelter";

    /** The custom field names to read. */
    public record Fields(String title, String artist, String credit, String start, String expiry, String territory,
                         String channels, String restrictions, String usageLimit, String campaign) {
        public static Fields defaults() {
            return withExpiry("License Expiry");
        }

        public static Fields withExpiry(String expiryField) {
            return new Fields("Title", "Photographer", "Credit", "License Start", expiryField, "Territory",
                    "Channels", "Restrictions", "Usage Limit", "Campaign");
        }
    }

    private final LicenseRegistry registry;
    private final Fields fields;

    public PhotoShelterLicenseImport(LicenseRegistry registry, Fields fields) {
        this.registry = registry;
        this.fields = fields;
    }

    public License importFields(String assetId, Map<String, String> custom) {
        String restrictions = blankToNull(custom.get(fields.restrictions()));
        registry.upsertAsset(new Asset(SOURCE, assetId, blankToNull(custom.get(fields.title())),
                blankToNull(custom.get(fields.artist())), blankToNull(custom.get(fields.credit())), null, null,
                restrictions));
        Set<String> territories = Tokens.territories(custom.get(fields.territory()));
        Set<String> channels = Tokens.channels(custom.get(fields.channels()));
        License license = new License("photoshelter-" + assetId, SOURCE, assetId, null, null, null, null,
                territories.isEmpty() ? Set.of(Tokens.WORLDWIDE) : territories,
                channels.isEmpty() ? Set.of(Tokens.ALL_CHANNELS) : channels,
                date(custom, fields.start()), date(custom, fields.expiry()),
                blankToNull(custom.get(fields.campaign())), null, null, null, restrictions,
                limit(custom, fields.usageLimit()), 0, null);
        registry.putLicense(license);
        return license;
    }

    private static LocalDate date(Map<String, String> custom, String field) {
        String v = blankToNull(custom.get(field));
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v.length() > 10 && v.charAt(10) == 'T' ? v.substring(0, 10) : v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("custom field '" + field + "' is not a yyyy-MM-dd date: " + v, e);
        }
    }

    private static Integer limit(Map<String, String> custom, String field) {
        String v = blankToNull(custom.get(field));
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("custom field '" + field + "' is not a usage count: " + v, e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
