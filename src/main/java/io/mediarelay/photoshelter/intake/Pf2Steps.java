package io.mediarelay.photoshelter.intake;

import io.mediarelay.photoshelter.PhotoShelterConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/** The progress steps of route pf2-archive-migration: claim (STARTED) before the upload, DONE after it. */
public final class Pf2Steps {

    /** Header: the file's key in pf2_migration. */
    public static final String FILE_KEY = "MediarelayPf2FileKey";
    /** Header set by claim: what the row said before (PENDING, STARTED, FAILED). */
    public static final String PREVIOUS_STATUS = "MediarelayPf2PreviousStatus";
    /** Header: true when the route stopped because the file was DONE already. */
    public static final String ALREADY_DONE = "MediarelayPf2AlreadyDone";

    private Pf2Steps() {
    }

    public static final class Claim implements Processor {
        private final MigrationProgress progress;

        public Claim(MigrationProgress progress) {
            this.progress = progress;
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            Message msg = exchange.getMessage();
            String key = msg.getHeader(FILE_KEY, String.class);
            if (key == null) throw new IllegalArgumentException("pf2: header " + FILE_KEY + " missing");
            MigrationProgress.Row before = progress.claim(key);
            if (before == null) {
                msg.setHeader(ALREADY_DONE, true);
                exchange.setRouteStop(true);
                return;
            }
            msg.setHeader(PREVIOUS_STATUS, before.status());
            // an earlier attempt may have reached PhotoShelter without being recorded: look before uploading
            boolean mayExist = Boolean.TRUE.equals(msg.getHeader(IntakeHeaders.CHECK_EXISTING, Boolean.class))
                    || before.status().equals(MigrationProgress.STARTED) || before.status().equals(MigrationProgress.FAILED)
                    || before.attempts() > 0;
            msg.setHeader(IntakeHeaders.CHECK_EXISTING, mayExist);
        }
    }

    public static final class Done implements Processor {
        private final MigrationProgress progress;

        public Done(MigrationProgress progress) {
            this.progress = progress;
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            Message msg = exchange.getMessage();
            String mediaId = msg.getHeader(PhotoShelterConstants.MEDIA_ID, String.class);
            if (mediaId == null) throw new IllegalStateException("pf2: upload returned no media id");
            boolean existing = Boolean.TRUE.equals(msg.getHeader(IntakeHeaders.EXISTING, Boolean.class));
            progress.done(msg.getHeader(FILE_KEY, String.class), mediaId, msg.getHeader(PhotoShelterConstants.GALLERY_ID, String.class),
                    existing ? "found in the gallery after an interrupted attempt; not uploaded again" : null);
        }
    }
}
