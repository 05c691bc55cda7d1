package io.mediarelay.license;

import java.util.Map;

import io.mediarelay.getty.GettyConstants;
import io.mediarelay.getty.GettyMetadataHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Before {@code getty:license}: refuses an asset whose delivery the license gate would refuse anyway, so nothing is
 * bought (and no download spent) for a use the license will not allow. Input: the {@code getty:metadata} answer as
 * body, the flow's agreement and use as exchange properties (set by kamelet {@code getty-prelicense-gate-action}).
 * A refusal is a {@link LicenseDeniedException}: dead-lettered at once with the reason.
 */
public final class GettyPreLicenseGate implements Processor {
    private final GettyGateForecast forecast;

    public GettyPreLicenseGate(GettyGateForecast forecast) {
        this.forecast = forecast;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        Map<String, Object> metadata = GettyMetadataHeaders.first(exchange.getMessage().getBody(Map.class));
        String assetId = exchange.getMessage().getHeader(GettyConstants.ASSET_ID, String.class);
        if (metadata == null) {
            throw new IllegalArgumentException("Getty has no metadata for asset " + assetId);
        }
        String type = exchange.getMessage().getHeader(GettyConstants.ASSET_TYPE, "images", String.class);
        Decision d = forecast.forecast(metadata, assetId, type,
                exchange.getProperty(GettyLicenseRegisterAction.TERRITORIES, "", String.class),
                exchange.getProperty(GettyLicenseRegisterAction.CHANNELS, "", String.class),
                exchange.getProperty("MediarelayUseChannel", String.class),
                exchange.getProperty("MediarelayUseTerritory", String.class));
        if (!d.allowed()) {
            throw new LicenseDeniedException(d);
        }
    }
}
