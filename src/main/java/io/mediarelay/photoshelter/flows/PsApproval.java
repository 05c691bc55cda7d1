package io.mediarelay.photoshelter.flows;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.mediarelay.license.License;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.license.PhotoShelterLicenseImport;
import io.mediarelay.manifest.AssetMetadata;
import io.mediarelay.transfer.DeliveryHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Bean {@code psApproval} (PF3): reads the media's custom metadata (body, after {@code photoshelter:metadata?
 * metadataType=custom}) and sets {@code MediarelayApproved} when field {@code MediarelayApprovalField} holds
 * {@code MediarelayApprovalValue} (case-insensitive; the flow sets both from its properties). An approved item's
 * rights fields (License Expiry, Territory, Channels, ...) are written to the license registry as
 * {@code photoshelter-<media id>} first, so the license gate that follows judges the rights PhotoShelter holds
 * now; the licence facts also go to the companion as {@code MediarelayMeta*} headers.
 */
public final class PsApproval implements Processor {
    public static final String APPROVED = "MediarelayApproved";
    public static final String FIELD = "MediarelayApprovalField";
    public static final String VALUE = "MediarelayApprovalValue";

    private final PhotoShelterLicenseImport rights;

    public PsApproval(LicenseRegistry registry) {
        this.rights = new PhotoShelterLicenseImport(registry, PhotoShelterLicenseImport.Fields.defaults());
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        Map<String, String> custom = new LinkedHashMap<>();
        if (in.getBody() instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (k != null && v != null) custom.put(k.toString(), v.toString());
            });
        }
        String field = in.getHeader(FIELD, "Approval", String.class);
        String expected = in.getHeader(VALUE, "approved", String.class);
        String actual = custom.get(field);
        boolean approved = actual != null && actual.trim().toLowerCase(Locale.ROOT).equals(expected.trim().toLowerCase(Locale.ROOT));
        in.setHeader(APPROVED, approved);
        if (!approved) return;
        License l = rights.importFields(in.getHeader(DeliveryHeaders.ASSET_ID, String.class), custom);
        in.setHeader(AssetMetadata.META_PREFIX + "LicenseStart", l.startDate() == null ? null : l.startDate().toString());
        in.setHeader(AssetMetadata.META_PREFIX + "LicenseEnd", l.endDate() == null ? null : l.endDate().toString());
        in.setHeader(AssetMetadata.META_PREFIX + "Territory", String.join(",", l.territories()));
        in.setHeader(AssetMetadata.META_PREFIX + "ApprovedChannels", String.join(",", l.channels()));
        in.setHeader(AssetMetadata.META_PREFIX + "Restrictions", l.restrictions());
    }
}
