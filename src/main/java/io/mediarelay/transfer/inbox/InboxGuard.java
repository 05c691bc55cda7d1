package io.mediarelay.transfer.inbox;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import io.mediarelay.transfer.naming.RemoteNamePolicy;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.file.GenericFile;

/**
 * First step of every inbox (bean {@code inboxGuard}): refuses a zero-byte file with a reason.
 *
 * <p>Why refuse instead of delivering: in a drop folder a zero-byte file is nearly always an aborted copy or a
 * placeholder created before the upload; delivering it would file an empty asset as "delivered" (and, by content
 * hash, mark every later empty file as already delivered), while the partner's real file never comes. Refused, it
 * lands in {@code .error} with {@code <name>.reason.txt} within one poll, where a person sees it. (Inboxes whose
 * zero-byte files are meaningful, such as PF8's {@code APPROVED} markers, do not use this step.)
 *
 * <p>The consumers are configured with {@code readLockMinLength=0} so that such a file is taken at all: with
 * Camel's default (1) a zero-byte file never gets its read lock, is never moved or reported, and every poll waits
 * the full read-lock timeout (~10 s) on it.
 */
public final class InboxGuard implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        Long length = exchange.getIn().getHeader(Exchange.FILE_LENGTH, Long.class);
        Path file = fileOf(exchange.getIn().getBody());
        long size = file != null && Files.isRegularFile(file) ? Files.size(file) : length == null ? -1 : length;
        if (size == 0) {
            String name = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
            throw new InboxRefusedException("empty file (0 bytes), refused: " + RemoteNamePolicy.printable(name)
                    + " - an aborted or unfinished copy? Put the complete file into the inbox again.");
        }
    }

    static Path fileOf(Object body) {
        if (body instanceof GenericFile<?> gf && gf.getFile() instanceof File f) {
            return f.toPath();
        }
        if (body instanceof File f) {
            return f.toPath();
        }
        return body instanceof Path p ? p : null;
    }
}
