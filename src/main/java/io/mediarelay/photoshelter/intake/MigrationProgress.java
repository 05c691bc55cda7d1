package io.mediarelay.photoshelter.intake;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

/**
 * The per-file progress of PF2 in table {@code pf2_migration} (V9). Protocol: a row is STARTED (attempts+1)
 * before its upload and DONE with the media id after it, each in its own commit. A crash in between leaves
 * STARTED: the next run then looks the name up in the gallery before uploading, so a file is never uploaded twice.
 */
public final class MigrationProgress {

    public static final String PENDING = "PENDING";
    public static final String STARTED = "STARTED";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";
    public static final String INVALID = "INVALID";

    /** What the table says about one file. */
    public record Row(String fileKey, String relPath, String status, int attempts, String mediaId, String galleryPath,
                      String uploadName, String detail) {
    }

    private final DataSource dataSource;

    public MigrationProgress(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Rows of an archive root, by file key. */
    public Map<String, Row> rows(String root) throws SQLException {
        Map<String, Row> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT file_key, rel_path, status, attempts, media_id, gallery_path,"
                     + " upload_name, detail FROM pf2_migration WHERE source_root = ?")) {
            ps.setString(1, root);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                }
            }
        }
        return out;
    }

    /**
     * Adds a row for every planned file that has none (PENDING, or INVALID with its reason) and refreshes rows that
     * are not DONE (a file fixed since the last run becomes PENDING again). Returns the rows after the update.
     */
    public Map<String, Row> register(ArchivePlan plan) throws SQLException {
        String root = plan.root().toString();
        Map<String, Row> existing = rows(root);
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO pf2_migration (file_key, source_root, rel_path, gallery_path,"
                    + " upload_name, bytes, status, attempts, detail, updated_at) VALUES (?,?,?,?,?,?,?,0,?,?)");
                 PreparedStatement upd = c.prepareStatement("UPDATE pf2_migration SET status = ?, detail = ?, gallery_path = ?,"
                         + " upload_name = ?, bytes = ?, updated_at = ? WHERE file_key = ? AND status <> 'DONE'")) {
                int n = 0;
                for (ArchivePlan.Item i : plan.items()) {
                    Row r = existing.get(i.fileKey());
                    String status = i.invalid() != null ? INVALID : PENDING;
                    if (r == null) {
                        ins.setString(1, i.fileKey());
                        ins.setString(2, root);
                        ins.setString(3, cut(i.relPath(), 2048));
                        ins.setString(4, cut(i.galleryPath(), 1024));
                        ins.setString(5, cut(i.uploadName(), 300));
                        ins.setLong(6, i.bytes());
                        ins.setString(7, status);
                        ins.setString(8, cut(i.invalid(), 2000));
                        ins.setTimestamp(9, now);
                        ins.addBatch();
                        n++;
                    } else if (!r.status().equals(DONE) && (status.equals(INVALID) || r.status().equals(INVALID))) {
                        // STARTED and FAILED keep their status: it tells the next attempt to look before uploading
                        upd.setString(1, status);
                        upd.setString(2, cut(i.invalid(), 2000));
                        upd.setString(3, cut(i.galleryPath(), 1024));
                        upd.setString(4, cut(i.uploadName(), 300));
                        upd.setLong(5, i.bytes());
                        upd.setTimestamp(6, now);
                        upd.setString(7, i.fileKey());
                        upd.addBatch();
                        n++;
                    }
                    if (n >= 500) {
                        ins.executeBatch();
                        upd.executeBatch();
                        c.commit();
                        n = 0;
                    }
                }
                ins.executeBatch();
                upd.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
        return rows(root);
    }

    /**
     * Marks the file STARTED and returns its previous row; null when it is DONE already (nothing to do). A previous
     * status of STARTED or FAILED means an earlier attempt may have reached PhotoShelter.
     */
    public Row claim(String fileKey) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Row before;
            try (PreparedStatement ps = c.prepareStatement("SELECT file_key, rel_path, status, attempts, media_id, gallery_path,"
                    + " upload_name, detail FROM pf2_migration WHERE file_key = ?")) {
                ps.setString(1, fileKey);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new IllegalStateException("no pf2_migration row for " + fileKey);
                    before = new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8));
                }
            }
            if (before.status().equals(DONE)) return null;
            try (PreparedStatement ps = c.prepareStatement("UPDATE pf2_migration SET status = 'STARTED', attempts = attempts + 1,"
                    + " updated_at = ? WHERE file_key = ? AND status <> 'DONE'")) {
                ps.setTimestamp(1, Timestamp.from(Instant.now()));
                ps.setString(2, fileKey);
                return ps.executeUpdate() == 1 ? before : null;
            }
        }
    }

    /**
     * Makes the registered rows durable before uploads start: an embedded H2 writes commits to disk with a delay
     * (WRITE_DELAY, 500 ms), so without this a kill -9 right after the start could lose rows of uploaded files.
     * PostgreSQL commits are durable already.
     */
    public void flush() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("h2")) {
                try (var st = c.createStatement()) {
                    st.execute("CHECKPOINT SYNC");
                }
            }
        }
    }

    public void done(String fileKey, String mediaId, String galleryId, String detail) throws SQLException {
        update(fileKey, DONE, mediaId, galleryId, detail);
    }

    public void failed(String fileKey, String reason) throws SQLException {
        update(fileKey, FAILED, null, null, reason);
    }

    private void update(String fileKey, String status, String mediaId, String galleryId, String detail) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE pf2_migration SET status = ?, media_id = COALESCE(?, media_id),"
                     + " gallery_id = COALESCE(?, gallery_id), detail = ?, updated_at = ? WHERE file_key = ?")) {
            ps.setString(1, status);
            ps.setString(2, mediaId);
            ps.setString(3, galleryId);
            ps.setString(4, cut(detail, 2000));
            ps.setTimestamp(5, Timestamp.from(Instant.now()));
            ps.setString(6, fileKey);
            ps.executeUpdate();
        }
    }

    /** Rows per status for an archive root. */
    public Map<String, Integer> counts(String root) throws SQLException {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM pf2_migration WHERE source_root = ? GROUP BY status")) {
            ps.setString(1, root);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    public List<Row> all(String root) throws SQLException {
        return rows(root).values().stream().sorted(java.util.Comparator.comparing(Row::relPath)).toList();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
