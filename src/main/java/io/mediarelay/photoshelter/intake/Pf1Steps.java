package io.mediarelay.photoshelter.intake;

import java.io.File;
import java.time.Instant;

import io.mediarelay.transfer.DeliveryHeaders;
import io.mediarelay.transfer.naming.RemoteNameTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PF1 drop-folder intake steps. {@link Prepare}: the name a partner gave the file is untrusted; it is made into
 * one safe segment for PhotoShelter and the records, and a changed name is reported (WARN + header). {@link Reason}
 * and {@link Restore}: on failure the flow writes {@code .error/<name>.reason.txt} next to the file it moves to
 * {@code .error}, saying why, and then puts the file consumer's name back so the move uses the real name.
 */
public final class Pf1Steps {

    private static final Logger LOG = LoggerFactory.getLogger(Pf1Steps.class);
    /** Where the file consumer moves the file when the exchange completes: .done or .error (the move expression reads it). */
    public static final String TARGET_FOLDER = "MediarelayIntakeFolder";
    static final String SAVED_FILE_NAME = "MediarelayPf1SavedFileName";

    private Pf1Steps() {
    }

    public static final class Prepare implements Processor {
        @Override
        public void process(Exchange exchange) {
            Message msg = exchange.getMessage();
            String original = msg.getHeader(Exchange.FILE_NAME_ONLY, String.class);
            String safe = SafeUploadName.of(original);
            if (!safe.equals(original)) {
                String change = SafeUploadName.printable(original) + " -> " + safe;
                msg.setHeader(IntakeHeaders.NAME_CHANGED, change);
                LOG.warn("PF1: unsafe file name {} is uploaded as {}", SafeUploadName.printable(original), safe);
            }
            msg.setHeader(IntakeHeaders.UPLOAD_NAME, safe);
            msg.setHeader(DeliveryHeaders.ASSET_ID, assetId(safe));
            // a remote consumer with a localWorkDirectory holds the downloaded copy: hand the steps that file
            if (msg.getBody() instanceof GenericFile<?> gf && gf.getBody() instanceof File f) {
                msg.setBody(f);
            }
            String gallery = msg.getHeader(IntakeHeaders.GALLERY_PATH, String.class);
            msg.setHeader(DeliveryHeaders.REMOTE_PATH, (gallery == null ? "" : gallery + "/") + safe);
        }
    }

    /** Fits the records' 200-character asset id column: long names keep a prefix and a hash of the whole. */
    static String assetId(String safe) {
        if (safe.length() <= 200) return safe;
        return safe.substring(0, 180) + "~" + Integer.toHexString(safe.hashCode());
    }

    /** Body becomes the reason text; CamelFileName the reason file's name under .error (the original is saved). */
    public static final class Reason implements Processor {
        @Override
        public void process(Exchange exchange) {
            Message msg = exchange.getMessage();
            Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            // the upload sink swaps CamelFileNameOnly for the safe name while it runs; a failure there leaves it swapped
            Object saved = exchange.getProperty(IntakeHeaders.SAVED_FILE_NAME_ONLY);
            String original = saved instanceof java.util.Optional<?> o && o.isPresent() ? String.valueOf(o.get())
                    : msg.getHeader(Exchange.FILE_NAME_ONLY, String.class);
            String fileName = msg.getHeader(Exchange.FILE_NAME, String.class);
            exchange.setProperty(SAVED_FILE_NAME, fileName);
            StringBuilder text = new StringBuilder();
            text.append("file: ").append(SafeUploadName.printable(original)).append('\n');
            text.append("flow: pf1-dropfolder-intake\n");
            text.append("failed at: ").append(Instant.now()).append('\n');
            Object changed = msg.getHeader(IntakeHeaders.NAME_CHANGED);
            if (changed != null) text.append("name: ").append(changed).append('\n');
            text.append("reason: ").append(cause == null ? "unknown" : reason(cause)).append('\n');
            msg.setBody(text.toString());
            msg.setHeader(Exchange.FILE_NAME, ".error/" + reasonName(original));
            LOG.warn("PF1: {} moved to .error: {}", SafeUploadName.printable(original), cause == null ? "unknown" : reason(cause));
        }

        /** {@code <name>.reason.txt} when the name is usable on the server as is, else the safe name's. */
        static String reasonName(String original) {
            String candidate = original + ".reason.txt";
            boolean plain = original != null && original.codePoints().noneMatch(cp -> Character.isISOControl(cp) || cp == '/' || cp == '\\')
                    && RemoteNameTemplate.utf8(candidate) <= RemoteNameTemplate.MAX_SEGMENT_BYTES;
            if (plain) return candidate;
            String safe;
            try {
                safe = SafeUploadName.of(original == null ? "unnamed" : original);
            } catch (IllegalArgumentException e) {
                safe = "unnamed";
            }
            return RemoteNameTemplate.prefix(safe, RemoteNameTemplate.MAX_SEGMENT_BYTES - ".reason.txt".length()) + ".reason.txt";
        }

        static String reason(Throwable t) {
            String m = t.getMessage();
            return t instanceof IllegalArgumentException ? m : t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        }
    }

    public static final class Restore implements Processor {
        @Override
        public void process(Exchange exchange) {
            String saved = exchange.getProperty(SAVED_FILE_NAME, String.class);
            if (saved != null) exchange.getMessage().setHeader(Exchange.FILE_NAME, saved);
        }
    }
}
