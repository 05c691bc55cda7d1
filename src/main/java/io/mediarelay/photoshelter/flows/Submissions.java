package io.mediarelay.photoshelter.flows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.mediarelay.photoshelter.PhotoShelterConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * PF8 partner submissions (table {@code pf_submissions}, V10): contributors drop files in
 * {@code <inbox>/<batch>/}; each is uploaded to the batch's review gallery ({@link #staged()}); a file named
 * {@code APPROVED} dropped into the batch folder publishes every staged file of the batch to the target gallery
 * ({@link #pending()} then {@link #published()} per file). A file is published once: a second APPROVED marker
 * publishes only what was staged since (or failed before).
 */
public final class Submissions {
    public static final String BATCH = "MediarelayBatchId";
    public static final String FILE = "MediarelaySubmissionFile";
    public static final String REVIEW_GALLERY = "MediarelayReviewGallery";
    public static final String STAGED = "STAGED";
    public static final String PUBLISHED = "PUBLISHED";

    private final DataSource dataSource;
    private final Clock clock;

    public Submissions(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Batch id and file from the consumer's relative name {@code <batch>/<file>}; header {@code PhotoShelterName} =
     * review gallery name ({@code <prefix> - <batch>}), for {@code photoshelter:gallery} find-or-create.
     */
    public Processor batch() {
        return exchange -> {
            Message in = exchange.getIn();
            String rel = in.getHeader(Exchange.FILE_NAME, String.class).replace('\\', '/');
            int slash = rel.indexOf('/');
            if (slash <= 0) throw new IllegalArgumentException("submission " + rel + " is not inside a batch folder");
            String batch = rel.substring(0, slash);
            in.setHeader(BATCH, batch);
            in.setHeader(FILE, rel.substring(rel.lastIndexOf('/') + 1));
            in.setHeader(PhotoShelterConstants.NAME, in.getHeader(REVIEW_GALLERY, "Review", String.class).trim() + " - " + batch);
        };
    }

    /** After the upload to the review gallery: the file is STAGED (again, if it was re-submitted). */
    public Processor staged() {
        return exchange -> {
            Message in = exchange.getIn();
            String batch = in.getHeader(BATCH, String.class);
            String file = in.getHeader(FILE, String.class);
            Object[] values = {in.getHeader(PhotoShelterConstants.GALLERY_ID, String.class), in.getHeader(PhotoShelterConstants.MEDIA_ID, String.class),
                    STAGED, Timestamp.from(clock.instant())};
            try (Connection c = dataSource.getConnection()) {
                int n = update(c, "UPDATE pf_submissions SET staging_gallery_id = ?, staging_media_id = ?, status = ?, staged_at = ?,"
                        + " published_media_id = NULL, published_at = NULL WHERE batch_id = ? AND file_name = ?", values[0], values[1], values[2], values[3], batch, file);
                if (n == 0) {
                    update(c, "INSERT INTO pf_submissions (staging_gallery_id, staging_media_id, status, staged_at, batch_id, file_name)"
                            + " VALUES (?, ?, ?, ?, ?, ?)", values[0], values[1], values[2], values[3], batch, file);
                }
            }
        };
    }

    /** Body: the batch's STAGED files, oldest first, as maps (file_name, staging_media_id). */
    public Processor pending() {
        return exchange -> {
            String batch = exchange.getIn().getHeader(BATCH, String.class);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT file_name, staging_media_id FROM pf_submissions WHERE batch_id = ? AND status = ?"
                         + " ORDER BY staged_at, file_name")) {
                ps.setString(1, batch);
                ps.setString(2, STAGED);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("file_name", rs.getString(1));
                        row.put("staging_media_id", rs.getString(2));
                        rows.add(row);
                    }
                }
            }
            exchange.getIn().setHeader("MediarelayBatchSize", rows.size());
            exchange.getIn().setBody(rows);
        };
    }

    /** After the upload to the target gallery. */
    public Processor published() {
        return exchange -> {
            Message in = exchange.getIn();
            try (Connection c = dataSource.getConnection()) {
                update(c, "UPDATE pf_submissions SET status = ?, published_media_id = ?, published_at = ? WHERE batch_id = ? AND file_name = ?",
                        PUBLISHED, in.getHeader(PhotoShelterConstants.MEDIA_ID, String.class), Timestamp.from(clock.instant()),
                        in.getHeader(BATCH, String.class), in.getHeader(FILE, String.class));
            }
        };
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            return ps.executeUpdate();
        }
    }
}
