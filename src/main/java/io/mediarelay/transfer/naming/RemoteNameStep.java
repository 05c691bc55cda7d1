package io.mediarelay.transfer.naming;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RemoteNamePolicy} as a step of the sinks that hand the name to a Camel producer (ftp-upload-sink:
 * camel-ftp sends {@code CamelFileName} - and its {@code .part} temp name - verbatim in STOR/RNFR/RNTO/MKD):
 * rewrites {@code CamelFileName} (and {@code CamelFileNameOnly}, which the temp name is built from) to the safe
 * path before the producer sees it. The safe name stays on the
 * message, so a companion named after it (e.g. {@code <name>.json}) matches what was delivered. The file consumer
 * is unaffected: it moves its file by the file's own name, and a dead letter keeps the original message.
 */
public final class RemoteNameStep implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteNameStep.class);

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        String raw = in.getHeader(Exchange.FILE_NAME, String.class);
        if (raw == null) {
            throw new IllegalArgumentException("the sink needs CamelFileName");
        }
        // UTF-8: the camel-ftp sinks set ftpClient.controlEncoding=UTF-8 (every server we deliver to with them does
        // RFC 2640); the verified ftp-delivery-sink negotiates it per server instead (FtpRemoteSession)
        String safe = RemoteNamePolicy.path(raw, false);
        if (!safe.equals(raw)) {
            LOG.warn("Unsafe remote name {} is sent as {}", RemoteNamePolicy.printable(raw), safe);
            in.setHeader(Exchange.FILE_NAME, safe);
        }
        // ${file:onlyname} (the sink's temp name "<name>.part") reads this header, not CamelFileName
        in.setHeader(Exchange.FILE_NAME_ONLY, safe.substring(safe.lastIndexOf('/') + 1));
    }
}
