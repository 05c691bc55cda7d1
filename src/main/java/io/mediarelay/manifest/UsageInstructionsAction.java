package io.mediarelay.manifest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.mediarelay.transfer.DeliveryHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The human-readable part of an agency package: replaces the body with {@code <asset base name>.instructions.txt}
 * carrying the agency's usage instructions and crop guidance (configured per agency, headers
 * {@code MediarelayUsageInstructions} / {@code MediarelayCropGuidance}) next to the asset's facts (title, credit,
 * restrictions, license event, file name). Plain text on purpose: agencies read it, no tool parses it.
 */
public final class UsageInstructionsAction implements Processor {
    public static final String INSTRUCTIONS = "MediarelayUsageInstructions";
    public static final String CROP = "MediarelayCropGuidance";
    private static final List<String> FACTS = List.of("agency", "title", "credit", "copyright", "restrictions",
            "usageTerms", "licenseEvent", "requestKey");

    @Override
    public void process(Exchange exchange) {
        var in = exchange.getMessage();
        String asset = in.getHeader(io.mediarelay.transfer.naming.RemoteNameAction.ASSET_FILE_NAME,
                in.getHeader(Exchange.FILE_NAME, String.class), String.class);
        StringBuilder t = new StringBuilder();
        t.append("Asset: ").append(in.getHeader(DeliveryHeaders.ASSET_ID)).append('\n');
        t.append("File: ").append(asset).append('\n');
        Map<String, Object> meta = AssetMetadata.fromHeaders(in.getHeaders());
        for (String f : FACTS) {
            Object v = meta.get(f);
            if (v != null) {
                t.append(Character.toUpperCase(f.charAt(0))).append(f.substring(1)).append(": ").append(oneLine(v)).append('\n');
            }
        }
        t.append("\nUSAGE INSTRUCTIONS\n").append(text(in.getHeader(INSTRUCTIONS, String.class))).append('\n');
        t.append("\nCROP GUIDANCE\n").append(text(in.getHeader(CROP, String.class))).append('\n');
        in.setBody(t.toString().getBytes(StandardCharsets.UTF_8));
        int dot = asset.lastIndexOf('.');
        int slash = asset.lastIndexOf('/');
        in.setHeader(Exchange.FILE_NAME, (dot > slash + 1 ? asset.substring(0, dot) : asset) + ".instructions.txt");
    }

    /** Configured text may carry "\n" escapes from a properties file; control characters are dropped. */
    private static String text(String s) {
        if (s == null || s.isBlank()) {
            return "(none given)";
        }
        return s.replace("\\n", "\n").replaceAll("[\\p{Cntrl}&&[^\n\t]]", "").trim();
    }

    private static String oneLine(Object v) {
        return String.valueOf(v).replaceAll("\\p{Cntrl}", " ");
    }
}
