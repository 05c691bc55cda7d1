package io.mediarelay.transfer.inbox;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import io.mediarelay.transfer.naming.RemoteNamePolicy;
import io.mediarelay.transfer.naming.RemoteNameTemplate;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Ordered;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to an inbox file whose message ended in the dead-letter store: it is NOT filed as delivered.
 *
 * <p>The shared dead-letter channel handles the failure, so the exchange completes "successfully" and the file
 * consumer would move the source to {@code .done} (seen after a 530 wrong password or a 501: dead-lettered, yet
 * in {@code .done}). {@link #refile} therefore (1) writes {@code <name>.reason.txt} into the inbox's {@code .error}
 * folder (local disk or the FTP/SFTP server the file came from), (2) puts header {@value #ERROR_FILE_HEADER} with
 * the file's {@code .error} location on the message before the dead letter is stored, so the dead letter points at
 * it, and (3) marks the exchange failed again just before the file consumer's completion runs, so the consumer
 * rolls back and applies its {@code moveFailed} ({@code .error/...}). Replay works from the dead letter's payload
 * copy either way. Flows that file their own failures (PF1 sets property {@value #SELF_FILED}) are left alone.
 */
public final class InboxFailure {
    private static final Logger LOG = LoggerFactory.getLogger(InboxFailure.class);
    public static final String ERROR_FILE_HEADER = "MediarelayInboxErrorFile";
    /** A flow that decides .done/.error itself (PF1: move=${exchangeProperty.MediarelayIntakeFolder}). */
    public static final String SELF_FILED = "MediarelayIntakeFolder";
    static final String REASON_SUFFIX = ".reason.txt";

    private InboxFailure() {
    }

    /**
     * Called by the dead-letter store before it stores the message; does nothing for non-inbox exchanges.
     * {@code flowRouteId}: the flow's route, whose consumer is the inbox (inside a kamelet the exchange's "from"
     * endpoint is the kamelet's source, not the file consumer).
     */
    public static void refile(Exchange exchange, String reason, String flowRouteId) {
        Object f = exchange.getProperty(ExchangePropertyKey.FILE_EXCHANGE_FILE);
        Endpoint from = exchange.getFromEndpoint();
        if (!(from instanceof GenericFileEndpoint<?>) && flowRouteId != null && exchange.getContext().getRoute(flowRouteId) != null) {
            from = exchange.getContext().getRoute(flowRouteId).getEndpoint();
        }
        if (!(f instanceof GenericFile<?> file) || !(from instanceof GenericFileEndpoint<?>)
                || exchange.getProperty(SELF_FILED) != null) {
            return;
        }
        String relative = file.getRelativeFilePath();
        exchange.getIn().setHeader(ERROR_FILE_HEADER, location(file) + "/.error/" + RemoteNamePolicy.printable(relative));
        try {
            writeReason(exchange, from, file, relative, reason, flowRouteId != null ? flowRouteId : exchange.getFromRouteId());
        } catch (Exception e) {
            // the move to .error and the dead letter still happen; only the note next to the file is missing
            LOG.warn("Could not write the reason file for {}: {}", RemoteNamePolicy.printable(relative), e.toString());
        }
        exchange.getExchangeExtension().addOnCompletion(new MarkFailed(reason));
    }

    private static String location(GenericFile<?> file) {
        String endpointPath = file.getEndpointPath();
        return endpointPath == null ? "" : endpointPath.replaceAll("/+$", "");
    }

    private static void writeReason(Exchange exchange, Endpoint from, GenericFile<?> file, String relative, String reason,
                                    String flow) throws Exception {
        String text = reasonText(relative, reason, flow);
        String reasonName = reasonName(relative);
        if (file.getFile() instanceof File local && !file.getEndpointPath().isEmpty() && isLocal(from)) {
            Path target = Path.of(file.getEndpointPath()).resolve(".error").resolve(reasonName);
            Files.createDirectories(target.getParent());
            Files.writeString(target, text, StandardCharsets.UTF_8);
            return;
        }
        // FTP/SFTP inbox: write it where the file will go, over the consumer's own endpoint (same server, login)
        Exchange note = ExchangeHelper.createCopy(exchange, false);
        note.getIn().setHeaders(new java.util.HashMap<>());
        note.getIn().setHeader(Exchange.FILE_NAME, ".error/" + reasonName);
        note.getIn().setBody(text.getBytes(StandardCharsets.UTF_8));
        note.setException(null);
        try (ProducerTemplate producer = exchange.getContext().createProducerTemplate()) {
            Exchange sent = producer.send(from, note);
            if (sent.getException() != null) {
                throw sent.getException();
            }
        }
    }

    private static String reasonText(String relative, String reason, String flow) {
        return "file: " + RemoteNamePolicy.printable(relative) + "\n"
                + "flow: " + RemoteNamePolicy.printable(flow) + "\n"
                + "failed at: " + Instant.now() + "\n"
                + "reason: " + RemoteNamePolicy.printable(reason) + "\n"
                + "what now: fix the cause, then put the file back into the inbox (or replay its dead letter)\n";
    }

    /**
     * Writes {@code .error/<relative>.reason.txt} into a remote inbox over the inbox's own endpoint, for a file that
     * never became an exchange (refused while listing, see {@link OverlongNameFilter}).
     */
    public static void writeRemoteReason(Endpoint inbox, String relative, String reason, String flow) throws Exception {
        Exchange note = inbox.createExchange();
        note.getIn().setHeader(Exchange.FILE_NAME, ".error/" + reasonName(relative));
        note.getIn().setBody(reasonText(relative, reason, flow).getBytes(StandardCharsets.UTF_8));
        try (ProducerTemplate producer = inbox.getCamelContext().createProducerTemplate()) {
            Exchange sent = producer.send(inbox, note);
            if (sent.getException() != null) {
                throw sent.getException();
            }
        }
    }

    private static boolean isLocal(Endpoint from) {
        return from.getEndpointUri().startsWith("file:");
    }

    /**
     * {@code <relative name>.reason.txt}; the file name part made safe (RemoteNamePolicy) when it carries control
     * characters or would be too long for one file-system name with the suffix.
     */
    static String reasonName(String relative) {
        int slash = relative.lastIndexOf('/');
        String dir = slash < 0 ? "" : relative.substring(0, slash + 1);
        String name = relative.substring(slash + 1);
        boolean plain = name.codePoints().noneMatch(cp -> Character.isISOControl(cp) || cp == '\\')
                && RemoteNameTemplate.utf8(name + REASON_SUFFIX) <= RemoteNameTemplate.MAX_SEGMENT_BYTES
                && !dir.contains("..");
        if (plain) {
            return dir + name + REASON_SUFFIX;
        }
        String safeDir = dir.isEmpty() ? "" : RemoteNamePolicy.path(dir, false) + "/";
        return safeDir + RemoteNamePolicy.name(name, false, RemoteNameTemplate.MAX_SEGMENT_BYTES - REASON_SUFFIX.length())
                + REASON_SUFFIX;
    }

    /**
     * Runs first among the exchange's completions (highest order): makes the exchange failed again, so the file
     * consumer's completion, which runs after it, rolls back (moveFailed) instead of committing (move).
     */
    private static final class MarkFailed extends SynchronizationAdapter implements Ordered {
        private final String reason;

        MarkFailed(String reason) {
            this.reason = reason;
        }

        @Override
        public void onComplete(Exchange exchange) {
            if (exchange.getException() == null) {
                exchange.setException(new InboxRefusedException("dead-lettered, not delivered: " + reason));
            }
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST;
        }
    }
}
