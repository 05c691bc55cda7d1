package io.mediarelay.transfer.naming;

import java.util.Locale;

import io.mediarelay.transfer.DeliveryHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Sets {@code CamelFileName} and {@code MediarelayRemotePath} from a {@link RemoteNameTemplate}. The template
 * comes from the exchange property {@value #TEMPLATE_PROPERTY} (set by the remote-name-action kamelet) so one
 * bean serves every flow. Placeholders resolve, in order, to header {@code MediarelayMeta<Name>}, header
 * {@code <name>}, then built-ins: {@code assetId}, {@code ext} and {@code basename} (from CamelFileName),
 * {@code runId}. Uniqueness is per {@code MediarelayRunId} (or {@code MediarelayPackageId}).
 */
public final class RemoteNameAction implements Processor {
    public static final String TEMPLATE_PROPERTY = "MediarelayNameTemplate";
    public static final String PACKAGE_ID = "MediarelayPackageId";
    /** The asset's rendered name, kept so companion steps can name sidecars after it once CamelFileName changed. */
    public static final String ASSET_FILE_NAME = "MediarelayAssetFileName";

    private final NameReservations reservations = new NameReservations();

    @Override
    public void process(Exchange exchange) throws Exception {
        String template = exchange.getProperty(TEMPLATE_PROPERTY, String.class);
        exchange.removeProperty(TEMPLATE_PROPERTY);
        Message in = exchange.getIn();
        String original = in.getHeader(Exchange.FILE_NAME, String.class);
        String rendered = new RemoteNameTemplate(template).render(name -> lookup(in, original, name));
        String assetKey = firstNonNull(in.getHeader(DeliveryHeaders.ASSET_ID, String.class), original, rendered);
        String run = firstNonNull(in.getHeader(DeliveryHeaders.RUN_ID, String.class),
                in.getHeader(PACKAGE_ID, String.class), "default");
        String unique = reservations.reserve(run, rendered, assetKey);
        in.setHeader(Exchange.FILE_NAME, unique);
        in.setHeader(DeliveryHeaders.REMOTE_PATH, unique);
        in.setHeader(ASSET_FILE_NAME, unique);
    }

    static Object lookup(Message in, String original, String name) {
        String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        Object v = in.getHeader("MediarelayMeta" + cap);
        if (v == null) {
            v = in.getHeader(name);
        }
        if (v != null) {
            return v;
        }
        String file = original == null ? null : original.substring(original.lastIndexOf('/') + 1);
        int dot = file == null ? -1 : file.lastIndexOf('.');
        return switch (name) {
            case "assetId" -> in.getHeader(DeliveryHeaders.ASSET_ID);
            case "runId" -> in.getHeader(DeliveryHeaders.RUN_ID);
            case "ext" -> dot > 0 ? file.substring(dot + 1).toLowerCase(Locale.ROOT) : null;
            case "basename" -> dot > 0 ? file.substring(0, dot) : file;
            default -> null;
        };
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
