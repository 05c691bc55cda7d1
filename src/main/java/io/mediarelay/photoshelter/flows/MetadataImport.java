package io.mediarelay.photoshelter.flows;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.mediarelay.photoshelter.PhotoShelterApiException;
import io.mediarelay.photoshelter.PhotoShelterConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code psMetadataImport} (PF5): one metadata batch file in, PhotoShelter metadata updated, a report out.
 * The whole batch is validated first ({@link MetadataBatch}, then every media id is looked up), and only then is
 * anything changed, according to the policy in header {@code MediarelayBatchPolicy}:
 * <ul>
 *   <li>{@code all-or-nothing}: one problem anywhere and no row is applied;</li>
 *   <li>{@code per-row}: the valid rows are applied, the others rejected.</li>
 * </ul>
 * The body becomes the report (CSV: line, mediaId, status APPLIED/REJECTED/NOT_APPLIED/FAILED, message), named
 * {@code <reports dir>/<file>.report.csv}; header {@code MediarelayBatchMove} says where the batch file goes:
 * {@code .error} when nothing could be applied because of problems, else {@code .done}.
 */
public final class MetadataImport implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataImport.class);
    public static final String POLICY = "MediarelayBatchPolicy";
    public static final String SEPARATOR = "MediarelayBatchSeparator";
    public static final String REPORTS = "MediarelayBatchReports";
    public static final String MOVE = "MediarelayBatchMove";
    public static final String FILE = "MediarelayBatchFile";
    public static final String APPLIED = "MediarelayBatchApplied";
    public static final String REJECTED = "MediarelayBatchRejected";

    record ReportRow(int line, String mediaId, String status, String message) {
    }

    private volatile ProducerTemplate template;

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        String file = in.getHeader(Exchange.FILE_NAME, String.class);
        String name = file.substring(file.lastIndexOf('/') + 1);
        in.setHeader(FILE, file);
        in.setHeader(MOVE, ".error"); // until the batch was handled: a dead-lettered batch ends up in .error
        boolean perRow = policy(in.getHeader(POLICY, "all-or-nothing", String.class));
        String sep = in.getHeader(SEPARATOR, ",", String.class);
        char separator = sep.equals("\\t") || sep.equals("tab") ? '\t' : sep.isEmpty() ? ',' : sep.charAt(0);
        String text = in.getBody(String.class);
        if (text != null && text.startsWith("\uFEFF")) text = text.substring(1); // Excel's BOM

        MetadataBatch batch = MetadataBatch.parse(name, text, separator);
        ProducerTemplate pt = template(exchange.getContext());
        if (batch.fatal == null) {
            for (MetadataBatch.Row row : batch.valid()) {
                if (!exists(pt, row.mediaId())) batch.problems.add(new MetadataBatch.Problem(row.line(), row.mediaId(), "unknown media id " + row.mediaId()));
            }
        }

        List<ReportRow> report = new ArrayList<>();
        int applied = 0;
        int failed = 0;
        if (batch.fatal != null) {
            report.add(new ReportRow(batch.fatal.line(), "", "REJECTED", batch.fatal.message()));
        } else {
            boolean apply = perRow || batch.clean();
            Map<Integer, MetadataBatch.Problem> problems = batch.problemsByLine();
            List<MetadataBatch.Row> rows = new ArrayList<>(batch.rows);
            rows.sort(Comparator.comparingInt(MetadataBatch.Row::line));
            for (MetadataBatch.Row row : rows) {
                if (problems.containsKey(row.line())) continue; // reported below with the others
                if (!apply) {
                    report.add(new ReportRow(row.line(), row.mediaId(), "NOT_APPLIED",
                            "batch rejected (all-or-nothing): " + batch.problems.size() + " problem(s) in the file"));
                } else if (failed > 0 && !perRow) {
                    report.add(new ReportRow(row.line(), row.mediaId(), "NOT_APPLIED", "stopped after a failed update"));
                } else {
                    try {
                        if (!row.iptc().isEmpty()) update(pt, row.mediaId(), "iptc", row.iptc());
                        if (!row.custom().isEmpty()) update(pt, row.mediaId(), "custom", row.custom());
                        report.add(new ReportRow(row.line(), row.mediaId(), "APPLIED", fieldsOf(row)));
                        applied++;
                    } catch (Exception e) {
                        failed++;
                        report.add(new ReportRow(row.line(), row.mediaId(), "FAILED", e.getMessage()));
                    }
                }
            }
            batch.problems.forEach(p -> report.add(new ReportRow(p.line(), p.mediaId() == null ? "" : p.mediaId(), "REJECTED", p.message())));
            report.sort(Comparator.comparingInt(ReportRow::line));
        }
        int rejected = (int) report.stream().filter(r -> r.status().equals("REJECTED")).count();
        boolean error = batch.fatal != null || (applied == 0 && (rejected > 0 || failed > 0));
        in.setHeader(MOVE, error ? ".error" : ".done");
        in.setHeader(APPLIED, applied);
        in.setHeader(REJECTED, rejected);
        in.setBody(csv(report));
        String reports = in.getHeader(REPORTS, "", String.class);
        in.setHeader(Exchange.FILE_NAME, (reports.isBlank() ? "" : reports + "/") + name + ".report.csv");
        LOG.info("Metadata batch {} ({}): {} applied, {} rejected, {} failed -> {}", name, perRow ? "per-row" : "all-or-nothing",
                applied, rejected, failed, error ? ".error" : ".done");
    }

    /**
     * The batch file's {@code move} target for the FTP consumer ({@code ${bean:psMetadataImport?method=moveTarget}}):
     * {@code .done/<file>} or {@code .error/<file>}; {@code .error} when the batch never got as far as this bean
     * (dead-lettered: the error handler restores the original message, without our headers).
     */
    public String moveTarget(Exchange exchange) {
        Message in = exchange.getIn();
        String file = in.getHeader(FILE, in.getHeader(Exchange.FILE_NAME, String.class), String.class);
        String name = file == null ? "unknown" : file.substring(file.lastIndexOf('/') + 1);
        String dir = in.getHeader(MOVE, ".error", String.class);
        return (dir.equals(".done") ? ".done" : ".error") + "/" + name;
    }

    private static boolean policy(String p) {
        return switch (p.trim().toLowerCase(Locale.ROOT)) {
            case "per-row" -> true;
            case "all-or-nothing" -> false;
            default -> throw new IllegalArgumentException("mediarelay.pf5.policy must be all-or-nothing or per-row, not " + p);
        };
    }

    private static boolean exists(ProducerTemplate pt, String mediaId) throws Exception {
        Exchange r = pt.request("photoshelter:metadata?metadataType=iptc", e -> e.getMessage().setHeader(PhotoShelterConstants.MEDIA_ID, mediaId));
        if (r.getException() == null) return true;
        if (r.getException() instanceof PhotoShelterApiException api && api.getStatus() == 404) return false;
        throw r.getException(); // PhotoShelter unreachable: retried by the flow's error handler, nothing applied yet
    }

    private static void update(ProducerTemplate pt, String mediaId, String type, Map<String, Object> fields) throws Exception {
        Exchange r = pt.request("photoshelter:metadata?action=update&metadataType=" + type, e -> {
            e.getMessage().setHeader(PhotoShelterConstants.MEDIA_ID, mediaId);
            e.getMessage().setBody(fields);
        });
        if (r.getException() != null) throw r.getException();
    }

    private static String fieldsOf(MetadataBatch.Row row) {
        List<String> f = new ArrayList<>(row.iptc().keySet());
        row.custom().keySet().forEach(k -> f.add("custom:" + k));
        return "updated " + String.join(", ", f);
    }

    static byte[] csv(List<ReportRow> rows) throws Exception {
        CsvMapper mapper = CsvMapper.builder().enable(com.fasterxml.jackson.dataformat.csv.CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
        CsvSchema schema = CsvSchema.builder().addColumn("line").addColumn("mediaId").addColumn("status").addColumn("message")
                .build().withHeader();
        StringWriter out = new StringWriter();
        mapper.writer(schema).writeValues(out).writeAll(rows.stream()
                .map(r -> new Object[] {r.line(), r.mediaId(), r.status(), r.message()}).toList());
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private ProducerTemplate template(CamelContext context) {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                if (template == null) template = context.createProducerTemplate();
                t = template;
            }
        }
        return t;
    }
}
