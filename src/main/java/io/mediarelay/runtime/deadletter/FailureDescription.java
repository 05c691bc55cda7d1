package io.mediarelay.runtime.deadletter;

import io.mediarelay.transfer.DeliveryHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.util.URISupport;

/**
 * What a dead letter says about a failure: the step, the destination and the reason, each safe to show (no password,
 * no endpoint options). Kept apart from {@link DeadLetterStore}, which decides what happens to the failed message.
 */
final class FailureDescription {
    private FailureDescription() {
    }

    /** The step that failed: the id of the flow's node (e.g. gf1-upload-asset), else the route it failed in. */
    static String step(Exchange exchange) {
        String node = exchange.getExchangeExtension().getHistoryNodeId();
        String route = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        String endpoint = exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class);
        // a node without an explicit id (to39, inside a kamelet) says less than the route it ran in (ftp-upload-sink-3)
        boolean generated = node == null || node.matches("[a-zA-Z]+\\d+");
        String s = !generated ? node : route != null ? route + (node == null ? "" : "/" + node) : node != null ? node : "unknown";
        if (endpoint != null) {
            s += " (" + withoutQuery(URISupport.sanitizeUri(endpoint)) + ")";
        }
        return s;
    }

    /** Where the failed step was sending to, never with a secret: scheme://user@host:port/dir. */
    static String destination(Exchange exchange) {
        String failed = exchange.getProperty(DeadLetterStore.FAILED_DESTINATION, String.class);
        if (failed != null) {
            return failed;
        }
        // a component endpoint that failed (camel-ftp, http): its address without options (they may hold secrets)
        String endpoint = exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class);
        if (endpoint != null && endpoint.matches("(?i)(ftps?|sftp|https?|getty|photoshelter)://.*")) {
            String safe = URISupport.sanitizeUri(endpoint);
            java.util.regex.Matcher user = java.util.regex.Pattern.compile("[?&]username=([^&]+)").matcher(safe);
            String address = withoutQuery(safe).replaceFirst(":[^:@/]*@", "@");
            return user.find() && !address.contains("@") ? address.replaceFirst("://", "://" + user.group(1) + "@") : address;
        }
        Object named = exchange.getIn().getHeader(DeliveryHeaders.DESTINATION);
        return named == null ? null : String.valueOf(named);
    }

    private static String withoutQuery(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /** The exception's type and message, each address in it without a password. */
    static String reason(Throwable cause) {
        String msg = cause.getMessage();
        String text = cause.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
        // token by token: over the whole text Camel's user:password@ pattern spans two addresses ("to sftp://u@h:p/d
        // failed: SFTP connect to sftp://u@h...") and turned the port and path into xxxxxx
        StringBuilder out = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\S+|\\s+").matcher(text);
        while (m.find()) {
            String token = m.group();
            out.append(token.isBlank() ? token : URISupport.sanitizeUri(token));
        }
        return out.toString();
    }
}
