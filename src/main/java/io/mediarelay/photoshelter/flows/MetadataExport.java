package io.mediarelay.photoshelter.flows;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import javax.sql.DataSource;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.mediarelay.connector.CursorStore;
import io.mediarelay.connector.Watermark;
import io.mediarelay.license.License;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.photoshelter.PhotoShelterConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;

/**
 * PF5 export for reconciliation: every PhotoShelter media changed since the last export (durable cursor in the
 * cursors table) as one CSV row with its asset id, file, modification time, IPTC and custom metadata, the usage
 * status from the license registry (license, end date, ACTIVE/EXPIRED/NOT_YET/NONE) and where mediarelay delivered
 * it (deliveries table). {@link #changed()} builds the file (body null when nothing changed),
 * {@link #commit()} moves the cursor only after the file was uploaded, so a failed upload is exported again.
 */
public final class MetadataExport {
    public static final String CURSOR = "MediarelayExportCursor";
    public static final String NEXT = "MediarelayExportNext";
    public static final String COUNT = "MediarelayExportCount";
    private static final List<String> IPTC_COLUMNS = List.of("caption", "headline", "credit", "copyright", "keywords", "byline");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC); // two exports in one second overwrote each other

    private final DataSource dataSource;
    private final CursorStore cursors;
    private final LicenseRegistry licenses;
    private final Clock clock;
    private volatile ProducerTemplate template;

    public MetadataExport(DataSource dataSource, LicenseRegistry licenses, Clock clock) {
        this.dataSource = dataSource;
        this.cursors = new CursorStore(dataSource);
        this.licenses = licenses;
        this.clock = clock;
    }

    public Processor changed() {
        return this::changed;
    }

    public Processor commit() {
        return exchange -> {
            String next = exchange.getIn().getHeader(NEXT, String.class);
            if (next != null) cursors.put(exchange.getIn().getHeader(CURSOR, String.class), next);
        };
    }

    @SuppressWarnings("unchecked")
    private void changed(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        String cursor = in.getHeader(CURSOR, String.class);
        Watermark wm = cursors.get(cursor).map(Watermark::parse).orElse(new Watermark(Instant.EPOCH));
        ProducerTemplate pt = template(exchange);
        List<Map<String, Object>> items = new ArrayList<>(pt.requestBodyAndHeader("photoshelter:search", null,
                PhotoShelterConstants.MODIFIED_AT, wm.at(), List.class));
        items.removeIf(i -> i.get("modified_at") == null || !wm.isNew((Instant) i.get("modified_at"), (String) i.get("id")));
        items.sort(Comparator.comparing((Map<String, Object> i) -> (Instant) i.get("modified_at")).thenComparing(i -> (String) i.get("id")));
        List<Map<String, String>> rows = new ArrayList<>();
        TreeSet<String> customColumns = new TreeSet<>();
        for (Map<String, Object> item : items) {
            String id = (String) item.get("id");
            Map<String, Object> iptc = metadata(pt, id, "iptc");
            Map<String, Object> custom = metadata(pt, id, "custom");
            Map<String, String> row = new LinkedHashMap<>();
            row.put("mediaId", id);
            row.put("fileName", str(item.get("file_name")));
            row.put("modifiedAt", str(item.get("modified_at")));
            row.put("galleries", item.get("gallery_ids") instanceof List<?> l ? String.join(";", l.stream().map(String::valueOf).toList()) : "");
            IPTC_COLUMNS.forEach(c -> row.put(c, str(iptc.get(c))));
            custom.forEach((k, v) -> {
                customColumns.add("custom:" + k);
                row.put("custom:" + k, str(v));
            });
            usage(id, row);
            rows.add(row);
            wm.advance((Instant) item.get("modified_at"), id);
        }
        in.setHeader(COUNT, rows.size());
        if (rows.isEmpty()) {
            in.setBody(null);
            return;
        }
        List<String> columns = new ArrayList<>(List.of("mediaId", "fileName", "modifiedAt", "galleries"));
        columns.addAll(IPTC_COLUMNS);
        columns.addAll(customColumns);
        columns.addAll(List.of("licenseId", "licenseEnd", "usageStatus", "deliveredTo"));
        CsvSchema.Builder b = CsvSchema.builder();
        columns.forEach(b::addColumn);
        StringWriter out = new StringWriter();
        CsvMapper.builder().enable(com.fasterxml.jackson.dataformat.csv.CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build().writer(b.build().withHeader()).writeValues(out).writeAll(rows.stream()
                .map(r -> columns.stream().map(c -> r.getOrDefault(c, "")).toArray()).toList());
        in.setBody(out.toString().getBytes(StandardCharsets.UTF_8));
        in.setHeader(NEXT, wm.serialize());
        in.setHeader(Exchange.FILE_NAME, "metadata-export-" + STAMP.format(clock.instant()) + ".csv");
    }

    /** Usage status: the registry's license for the media and the destinations it was delivered to. */
    private void usage(String id, Map<String, String> row) throws Exception {
        LocalDate today = LocalDate.now(clock);
        License l = licenses.licensesOf(id).stream().findFirst().orElse(null);
        row.put("licenseId", l == null ? "" : l.licenseId());
        row.put("licenseEnd", l == null || l.endDate() == null ? "" : l.endDate().toString());
        row.put("usageStatus", l == null ? "NONE"
                : l.endDate() != null && l.endDate().isBefore(today) ? "EXPIRED"
                : l.startDate() != null && l.startDate().isAfter(today) ? "NOT_YET" : "ACTIVE");
        TreeSet<String> to = new TreeSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT destination FROM deliveries WHERE asset_id = ? AND outcome = 'DELIVERED'")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) to.add(rs.getString(1));
            }
        }
        row.put("deliveredTo", String.join(";", to));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(ProducerTemplate pt, String id, String type) {
        Map<String, Object> m = pt.requestBodyAndHeader("photoshelter:metadata?metadataType=" + type, null, PhotoShelterConstants.MEDIA_ID, id, Map.class);
        return m == null ? Map.of() : m;
    }

    private static String str(Object v) {
        return v == null ? "" : v.toString();
    }

    private ProducerTemplate template(Exchange exchange) {
        if (template == null) {
            synchronized (this) {
                if (template == null) template = exchange.getContext().createProducerTemplate();
            }
        }
        return template;
    }
}
