package io.mediarelay.license;

import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.mediarelay.getty.LicenseEvent;

/**
 * Fills the registry from Getty: the asset metadata (a {@code getty:metadata} image/video Map: title, artist,
 * credit_line, license_model, asset_family, allowed_use.usage_restrictions) plus one LICENSED
 * {@link LicenseEvent}. License id {@code getty-<event id>}, so a re-import updates the same row.
 *
 * <p>Royalty-free: worldwide, all channels, from the license date, no end date unless a term is configured
 * (company policy). Rights-managed / rights-ready: the scope comes from the agreement, so {@link Terms} with
 * territories and channels are required; guessing a scope would let assets out that the agreement forbids.
 * Editorial assets always carry "Editorial use only." so the rules keep them off commercial channels.
 */
public final class GettyLicenseImport {
    public static final String SOURCE = "getty";
    static final String EDITORIAL_ONLY = "Editorial use only.";

    private final LicenseRegistry registry;
    private final ZoneId zone;
    private final Period royaltyFreeTerm;

    /** @param royaltyFreeTerm end date = license date + term for royalty-free licenses; null = no end date */
    public GettyLicenseImport(LicenseRegistry registry, ZoneId zone, Period royaltyFreeTerm) {
        this.registry = registry;
        this.zone = zone;
        this.royaltyFreeTerm = royaltyFreeTerm;
    }

    /** Upserts the asset and its license; returns the license as stored (minus the running used count). */
    public License importLicense(Map<String, Object> metadata, LicenseEvent event, Terms terms) {
        if (!LicenseEvent.LICENSED.equals(event.status())) {
            throw new IllegalArgumentException("Getty license event " + event.id() + " is " + event.status()
                    + ", not LICENSED: nothing to register yet");
        }
        registry.upsertAsset(asset(metadata, event.assetId()));
        License license = license(metadata, event, terms);
        registry.putLicense(license);
        return license;
    }

    /**
     * The license {@link #importLicense} would register for this metadata, event and terms, without storing
     * anything: {@code mediarelay plan} judges a delivery with it before anything is bought.
     */
    public License license(Map<String, Object> metadata, LicenseEvent event, Terms terms) {
        Terms t = terms == null ? Terms.none() : terms;
        String assetId = str(metadata.getOrDefault("id", event.assetId()));
        String model = str(metadata.get("license_model"));
        String restrictions = restrictions(metadata);
        LocalDate licensed = (event.licensedAt() != null ? event.licensedAt() : event.claimedAt()).atZone(zone).toLocalDate();
        // an unknown or missing model is not treated as royalty-free: that would grant worldwide, all channels
        boolean royaltyFree = model != null && model.toLowerCase(Locale.ROOT).replace("-", "").equals("royaltyfree");
        Set<String> territories;
        Set<String> channels;
        LocalDate end;
        if (t.hasScope()) {
            territories = t.territories();
            channels = t.channels();
            end = t.endDate();
        } else if (royaltyFree) {
            territories = Set.of(Tokens.WORLDWIDE);
            channels = Set.of(Tokens.ALL_CHANNELS);
            end = t.endDate() != null ? t.endDate() : royaltyFreeTerm == null ? null : licensed.plus(royaltyFreeTerm);
        } else {
            throw new IllegalArgumentException("Getty asset " + assetId + " is " + (model == null ? "of unknown license model"
                    : model) + ": its license needs terms (territories and channels) from the agreement");
        }
        String allRestrictions = join(restrictions, t.restrictions());
        License license = new License("getty-" + event.id(), SOURCE, assetId, model, event.productType(),
                event.productId(), t.agreement(), normTerritories(territories), normChannels(channels),
                t.startDate() != null ? t.startDate() : licensed, end, t.campaign(), t.cost(), t.currency(),
                t.costCenter(), allRestrictions, t.usageLimit(), 0, String.valueOf(event.id()));
        return license;
    }

    /**
     * The registry's copy of a {@code getty:metadata} asset Map (id, title, artist, credit_line, license_model,
     * asset_family, allowed_use). Shared with the metadata refresh so both write identical rows.
     */
    public static Asset asset(Map<String, Object> metadata, String fallbackId) {
        return new Asset(SOURCE, str(metadata.getOrDefault("id", fallbackId)), str(metadata.get("title")),
                str(metadata.get("artist")), str(metadata.get("credit_line")), str(metadata.get("license_model")),
                str(metadata.get("asset_family")), restrictions(metadata));
    }

    /**
     * The terms a Getty -> FTP flow registers a license under: none for royalty-free (worldwide, every channel), the
     * agreement's territories and channels (comma-separated, may be empty) for rights-managed and rights-ready.
     */
    public static Terms agreementTerms(Map<String, Object> metadata, String territories, String channels) {
        String model = String.valueOf(metadata.get("license_model")).toLowerCase(Locale.ROOT).replace("-", "");
        return model.equals("royaltyfree") ? Terms.none()
                : Terms.of(Tokens.territories(territories), Tokens.channels(channels), null, null);
    }

    /** allowed_use.usage_restrictions joined, plus the editorial-only rule for editorial assets. */
    static String restrictions(Map<String, Object> metadata) {
        List<String> parts = new ArrayList<>();
        if (metadata.get("allowed_use") instanceof Map<?, ?> allowed
                && allowed.get("usage_restrictions") instanceof List<?> list) {
            list.forEach(r -> parts.add(String.valueOf(r).trim()));
        }
        boolean editorial = "editorial".equalsIgnoreCase(str(metadata.get("asset_family")));
        if (editorial && !LicenseRules.editorialOnly(String.join(" ", parts))) {
            parts.add(EDITORIAL_ONLY);
        }
        return parts.isEmpty() ? null : String.join(" ", parts);
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + " " + b;
    }

    static Set<String> normTerritories(Set<String> in) {
        return Tokens.territories(Tokens.join(in));
    }

    static Set<String> normChannels(Set<String> in) {
        return Tokens.channels(Tokens.join(in));
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
