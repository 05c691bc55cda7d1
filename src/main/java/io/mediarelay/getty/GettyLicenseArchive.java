package io.mediarelay.getty;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.mediarelay.connector.CursorStore;
import io.mediarelay.connector.Json;
import io.mediarelay.transfer.DeliveryHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The scheduled archive's source (GF8): license records that changed since the last run. The position is a
 * cursor in {@code cursors} (the newest {@code updated_at} archived), advanced only after the whole run went
 * through, so a crash repeats the run instead of skipping records; the delivery guard (version = updated_at)
 * makes the repeat cheap. The download URI is never archived: it is a signed, short-lived credential.
 */
public final class GettyLicenseArchive {
    static final String HIGH_WATER = "MediarelayArchiveHighWater";
    public static final String URI_VALID = "MediarelayArchiveUriValid";

    private final DataSource ds;
    private final CursorStore cursors;

    public GettyLicenseArchive(DataSource ds) {
        this.ds = ds;
        this.cursors = new CursorStore(ds);
    }

    /** Header naming the cursor, set by the kamelet (one cursor per flow). */
    public static final String CURSOR = "MediarelayArchiveCursor";

    /** The three steps as processors (bound by name; the kamelet chains them around a split). */
    public Processor changedStep() {
        return e -> changed(e, cursorName(e));
    }

    public Processor recordStep() {
        return this::record;
    }

    public Processor commitStep() {
        return e -> commit(e, cursorName(e));
    }

    private static String cursorName(Exchange e) {
        String name = e.getMessage().getHeader(CURSOR, String.class);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("license archive needs header " + CURSOR);
        }
        return name;
    }

    /** Body: list of changed LICENSED records, oldest first; property: the high-water mark to commit. */
    public void changed(Exchange exchange, String cursorName) throws SQLException {
        Instant since = cursors.get(cursorName).map(Instant::parse).orElse(Instant.EPOCH);
        List<Map<String, Object>> rows = new ArrayList<>();
        Instant high = since;
        // >= rather than >: a row written in the same instant as the last one archived is not lost (guard dedups)
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, request_key, asset_id, asset_type, product_id,"
                     + " product_type, status, licensed_at, uri_expires_at, updated_at FROM license_events"
                     + " WHERE status = 'LICENSED' AND updated_at >= ? ORDER BY updated_at, id")) {
            ps.setTimestamp(1, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("licenseEventId", rs.getLong(1));
                    r.put("requestKey", rs.getString(2));
                    r.put("assetId", rs.getString(3));
                    r.put("assetType", rs.getString(4));
                    r.put("productId", rs.getString(5));
                    r.put("productType", rs.getString(6));
                    r.put("status", rs.getString(7));
                    r.put("licensedAt", instant(rs.getTimestamp(8)));
                    r.put("uriExpiresAt", instant(rs.getTimestamp(9)));
                    Instant updated = rs.getTimestamp(10).toInstant();
                    r.put("updatedAt", updated.toString());
                    rows.add(r);
                    if (updated.isAfter(high)) {
                        high = updated;
                    }
                }
            }
        }
        exchange.setProperty(HIGH_WATER, high.toString());
        exchange.getMessage().setBody(rows);
    }

    /** One record: delivery headers, the request key to re-open its download, and the record as JSON body. */
    public void record(Exchange exchange) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = exchange.getMessage().getBody(Map.class);
        var m = exchange.getMessage();
        String asset = String.valueOf(r.get("assetId"));
        m.setHeader(DeliveryHeaders.ASSET_ID, asset);
        m.setHeader(DeliveryHeaders.ASSET_VERSION, r.get("updatedAt"));
        m.setHeader(DeliveryHeaders.LICENSE_EVENT, String.valueOf(r.get("licenseEventId")));
        m.setHeader(GettyConstants.ASSET_ID, asset);
        m.setHeader(GettyConstants.ASSET_TYPE, r.get("assetType"));
        m.setHeader(GettyConstants.REQUEST_KEY, r.get("requestKey"));
        Object exp = r.get("uriExpiresAt");
        // re-downloading only while the recorded URI is valid: an expired one would cost a new license
        boolean valid = exp != null && Instant.parse(exp.toString()).isAfter(Instant.now().plusSeconds(300));
        m.setHeader(URI_VALID, valid);
        byte[] json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(r).getBytes(StandardCharsets.UTF_8);
        m.setHeader(Exchange.FILE_NAME, "licenses/" + asset + "-" + r.get("licenseEventId") + ".json");
        m.setHeader(DeliveryHeaders.BYTES, (long) json.length);
        m.setBody(json);
    }

    /** After the whole run: the next run starts at this run's newest record. */
    public void commit(Exchange exchange, String cursorName) {
        String high = exchange.getProperty(HIGH_WATER, String.class);
        if (high != null) {
            cursors.put(cursorName, high);
        }
    }

    private static String instant(Timestamp t) {
        return t == null ? null : t.toInstant().toString();
    }
}
