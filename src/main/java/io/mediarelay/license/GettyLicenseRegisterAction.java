package io.mediarelay.license;

import java.util.Map;

import io.mediarelay.getty.GettyMetadataHeaders;
import io.mediarelay.getty.LicenseEvent;
import io.mediarelay.getty.LicenseEventRepository;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * A Getty -> FTP flow has just licensed (or reused the license of) an asset: put that license into the registry so
 * the license gate that follows judges the delivery against it, and so expiry alerts and audits see it.
 *
 * <p>Input: header {@code GettyLicenseEventId} (set by {@code getty:license}) and the asset's {@code getty:metadata}
 * Map as body. Royalty-free licenses are worldwide on every channel; a rights-managed license takes its scope
 * from the flow's agreement (properties {@code MediarelayAgreementTerritories} / {@code MediarelayAgreementChannels},
 * comma-separated): without one the asset is refused with that reason rather than given a guessed scope.
 * Output: header {@code MediarelayLicenseId}.
 */
public final class GettyLicenseRegisterAction implements Processor {
    public static final String TERRITORIES = "MediarelayAgreementTerritories";
    public static final String CHANNELS = "MediarelayAgreementChannels";

    private final LicenseEventRepository events;
    private final GettyLicenseImport importer;

    public GettyLicenseRegisterAction(LicenseEventRepository events, GettyLicenseImport importer) {
        this.events = events;
        this.importer = importer;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        Long eventId = exchange.getMessage().getHeader("GettyLicenseEventId", Long.class);
        if (eventId == null) {
            throw new IllegalStateException("no GettyLicenseEventId: register the license after getty:license");
        }
        LicenseEvent event = events.findById(eventId)
                .orElseThrow(() -> new IllegalStateException("Getty license event " + eventId + " not found"));
        Map<String, Object> metadata = GettyMetadataHeaders.first(exchange.getMessage().getBody(Map.class));
        if (metadata == null) {
            throw new IllegalArgumentException("Getty has no metadata for asset " + event.assetId());
        }
        Terms terms = GettyLicenseImport.agreementTerms(metadata, exchange.getProperty(TERRITORIES, "", String.class),
                exchange.getProperty(CHANNELS, "", String.class));
        License license = importer.importLicense(metadata, event, terms);
        exchange.getMessage().setHeader(LicenseHeaders.LICENSE_ID, license.licenseId());
    }
}
