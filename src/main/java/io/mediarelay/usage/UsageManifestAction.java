package io.mediarelay.usage;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mediarelay.transfer.DeliveryHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * GF4 manifest out (bean {@code usageManifest}, kamelet {@code usage-manifest-action}): turns a license view from
 * the registry feed into the usage manifest a partner gets with a rights-managed asset: license terms, campaign,
 * approved channels, territories, validity window (expiry), usage limit and how to report use back (the usage-log
 * columns). Only rights-managed (and rights-ready) licenses get one: royalty-free terms are worldwide/all channels
 * and need no manifest; {@code MediarelayRightsManaged} says which it was, the flow filters on it.
 *
 * <p>The asset version is license id + a hash of the manifest's terms, so the delivery guard sends a changed license
 * again (new expiry, new channels) and an unchanged one never twice (recorded uses do not count as a change).
 */
public final class UsageManifestAction implements Processor {
    public static final String RIGHTS_MANAGED = "MediarelayRightsManaged";
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        Map<String, Object> view = in.getBody(Map.class);
        Map<String, Object> license = (Map<String, Object>) view.getOrDefault("license", Map.of());
        Map<String, Object> asset = (Map<String, Object>) view.getOrDefault("asset", Map.of());
        boolean rm = rightsManaged(license.get("licenseModel"));
        in.setHeader(RIGHTS_MANAGED, rm);
        if (!rm) {
            return;
        }
        String licenseId = String.valueOf(license.get("licenseId"));
        String assetId = String.valueOf(license.get("assetId"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("manifest", "mediarelay.usage-manifest/1");
        m.put("assetId", assetId);
        m.put("licenseId", licenseId);
        m.put("licenseModel", license.get("licenseModel"));
        m.put("agreement", license.get("agreement"));
        m.put("campaign", license.get("campaign"));
        m.put("approvedChannels", license.get("channels"));
        m.put("territories", license.get("territories"));
        m.put("validFrom", license.get("startDate"));
        m.put("expires", license.get("endDate"));
        m.put("usageLimit", license.get("usageLimit"));
        m.put("restrictions", license.get("restrictions"));
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("title", asset.get("title"));
        a.put("artist", asset.get("artist"));
        a.put("credit", asset.get("credit"));
        a.put("assetFamily", asset.get("assetFamily"));
        m.put("asset", a);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("how", "upload usage logs / proofs of publication as CSV (header row) or JSON (array of objects)"
                + " to the usage-log inbox; each line is recorded once and checked against these terms");
        report.put("columns", List.of("asset_id", "channel", "territory", "date (yyyy-MM-dd)", "quantity (optional)",
                "proof (optional URL or file)"));
        m.put("reportUsage", report);
        // the version covers the terms only: a recorded use changes the registry view, not the manifest
        String version = licenseId + "@" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(m)), 0, 8);
        m.put("version", version);
        byte[] body = json.writeValueAsBytes(m);
        in.setBody(body);
        in.setHeader(DeliveryHeaders.ASSET_ID, assetId);
        in.setHeader(DeliveryHeaders.ASSET_VERSION, version);
        in.setHeader(DeliveryHeaders.BYTES, (long) body.length);
        in.setHeader(Exchange.FILE_NAME, safe(assetId) + "/" + safe(licenseId) + ".usage-manifest.json");
    }

    /** Getty writes "rightsmanaged"/"rightsready"; other sources "Rights-Managed", "RM". */
    static boolean rightsManaged(Object model) {
        if (model == null) {
            return false;
        }
        String m = model.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        return m.equals("rightsmanaged") || m.equals("rm") || m.equals("rightsready");
    }

    /** Ids come from the registry, but a remote path must never climb out of its folder. */
    static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_");
    }
}
