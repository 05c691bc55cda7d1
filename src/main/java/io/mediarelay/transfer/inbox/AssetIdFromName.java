package io.mediarelay.transfer.inbox;

import io.mediarelay.transfer.DeliveryHeaders;
import io.mediarelay.transfer.naming.RemoteNamePolicy;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Bean {@code inboxAssetId}: the asset id of a dropped file is its name, but a partner's name can carry control
 * characters and be 255 bytes long: the id is the printable form ({@code \\uXXXX} escapes), at most
 * {@value #MAX} characters (the records' column) with a hash of the whole name when cut, so two long names never
 * share an id.
 */
public final class AssetIdFromName implements Processor {
    static final int MAX = 200;

    @Override
    public void process(Exchange exchange) {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        exchange.getIn().setHeader(DeliveryHeaders.ASSET_ID, of(name));
    }

    static String of(String name) {
        String printable = RemoteNamePolicy.printable(name);
        if (printable.length() <= MAX && !printable.endsWith("...")) {
            return printable;
        }
        return printable.substring(0, MAX - 9) + "~" + RemoteNamePolicy.shortHash(name);
    }
}
