package io.mediarelay.manifest;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Replaces the body with the asset's XMP sidecar and renames it {@code <name-without-extension>.xmp}, the
 * sidecar naming that Lightroom, Bridge and exiftool look for next to the asset. Run it after the asset upload
 * (so sha256/bytes are the delivered values) and follow it with a delivery sink.
 */
public final class XmpSidecarAction implements Processor {
    private final XmpSidecarWriter writer = new XmpSidecarWriter();

    @Override
    public void process(Exchange exchange) throws Exception {
        var in = exchange.getIn();
        in.setBody(writer.write(AssetMetadata.fromHeaders(in.getHeaders())));
        String name = in.getHeader(io.mediarelay.transfer.naming.RemoteNameAction.ASSET_FILE_NAME, String.class);
        if (name == null) {
            name = in.getHeader(Exchange.FILE_NAME, String.class);
        }
        if (name == null) {
            name = in.getHeader(io.mediarelay.transfer.DeliveryHeaders.ASSET_ID, "asset", String.class);
        }
        in.setHeader(Exchange.FILE_NAME, sidecarName(name));
    }

    static String sidecarName(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        return (dot > slash + 1 ? name.substring(0, dot) : name) + ".xmp";
    }
}
