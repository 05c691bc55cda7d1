package io.mediarelay.license;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.mediarelay.getty.LicenseEvent;

/**
 * What the license gate of a Getty -> FTP flow will decide for an asset before it is bought: the license the flow
 * would register after {@code getty:license} (royalty-free: worldwide, every channel; rights-managed: the flow's
 * agreement) plus the licenses the registry already holds for the asset, judged by the same rules for the flow's
 * channel and territory on the given day. Used by the flows' pre-license check (nothing is paid for a use the gate
 * would refuse) and by {@code mediarelay plan}.
 */
public final class GettyGateForecast {
    private final LicenseRegistry registry;
    private final GettyLicenseImport importer;
    private final Clock clock;

    private final LicenseRules rules;

    public GettyGateForecast(LicenseRegistry registry, LicenseRules rules, Clock clock) {
        this.registry = registry;
        this.rules = rules;
        this.importer = new GettyLicenseImport(registry, clock.getZone(), null);
        this.clock = clock;
    }

    /**
     * @param metadata            the asset as {@code getty:metadata} answers it (id, license_model, asset_family, allowed_use)
     * @param agreementTerritories scope of a rights-managed license (comma-separated), may be empty
     * @param agreementChannels    likewise
     */
    public Decision forecast(Map<String, Object> metadata, String assetId, String assetType, String agreementTerritories,
                             String agreementChannels, String channel, String territory) {
        Terms terms = GettyLicenseImport.agreementTerms(metadata, agreementTerritories, agreementChannels);
        Instant now = clock.instant();
        LicenseEvent hypothetical = new LicenseEvent(0, assetType + ":" + assetId + ":default", assetId, assetType,
                null, null, null, LicenseEvent.LICENSED, now, now, null, 1, null);
        List<License> licenses = new ArrayList<>(registry.licensesOf(assetId));
        try {
            licenses.add(importer.license(metadata, hypothetical, terms));
        } catch (IllegalArgumentException noAgreement) {
            if (licenses.isEmpty()) {
                return Decision.deny(Verdict.NO_LICENSE, noAgreement.getMessage(), null);
            }
        }
        return rules.decide(licenses, assetId, channel, territory, LocalDate.now(clock), 1);
    }
}
