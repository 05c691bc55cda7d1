package io.mediarelay.usage;

import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.mediarelay.common.FlowIdTagger;
import io.mediarelay.license.Decision;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.license.LicenseRules;
import io.mediarelay.license.UsageEvent;
import io.mediarelay.transfer.DeliveryHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GF4 usage logs in (bean {@code usageLog}, kamelet {@code usage-log-action}): parses one usage log / proof of
 * publication file, records every valid line as a use in the license registry (once per file content + line, see
 * {@link LicenseRegistry#recordDecided}), decided once when recorded by {@link LicenseRules} (the rules the license
 * gate uses, docs/GOVERNANCE.md) and replaces the body with the compliance report
 * (CSV, one row per line of the input). Bad lines are not recorded and are reported with their line number; the
 * good lines of the same file are kept. The file goes to the done folder, or to quarantine when any line was bad
 * (header {@code MediarelayUsageLogFolder}, used by the source's move expression).
 */
public final class UsageLogAction implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(UsageLogAction.class);
    public static final String FOLDER = "MediarelayUsageLogFolder";
    public static final String LOG_NAME = "MediarelayUsageLogName";
    public static final String REPORT_DIR = "MediarelayUsageReportDirectory";
    public static final String DONE_FOLDER = "MediarelayUsageDoneFolder";
    public static final String QUARANTINE_FOLDER = "MediarelayUsageQuarantineFolder";
    public static final String RECORDED = "MediarelayUsageRecorded";
    public static final String FLAGGED = "MediarelayUsageFlagged";
    public static final String INVALID = "MediarelayUsageInvalid";
    public static final String DUPLICATES = "MediarelayUsageDuplicates";

    /** Report statuses. OUTSIDE_LICENSE rows are recorded too: the use happened, compliance must see it. */
    public static final String OK = "RECORDED";
    public static final String OUTSIDE = "OUTSIDE_LICENSE";
    public static final String BAD = "INVALID";
    public static final String ALREADY = "ALREADY_RECORDED";

    static final CsvSchema REPORT = CsvSchema.builder().addColumn("line").addColumn("status").addColumn("asset_id")
            .addColumn("channel").addColumn("territory").addColumn("date").addColumn("quantity").addColumn("license_id")
            .addColumn("code").addColumn("reason").build().withHeader();

    private final LicenseRegistry registry;
    private final LicenseRules rules;
    private final UsageLogParser parser;
    private final CsvMapper csv = new CsvMapper();

    public UsageLogAction(LicenseRegistry registry, LicenseRules rules, Clock clock) {
        this.registry = registry;
        this.rules = rules;
        this.parser = new UsageLogParser(clock);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        String name = in.getHeader(Exchange.FILE_NAME_ONLY, in.getHeader(Exchange.FILE_NAME, String.class), String.class);
        String sha256 = in.getHeader(DeliveryHeaders.SHA256, String.class);
        if (sha256 == null) {
            throw new IllegalStateException("usage-log-action needs MediarelaySha256 (run file-fingerprint-action first)");
        }
        List<UsageLogParser.Row> rows;
        try (InputStream body = in.getBody(InputStream.class)) {
            rows = parser.parse(body, UsageLogParser.isJson(name));
        }
        String flow = FlowIdTagger.flowId(exchange);
        List<Map<String, Object>> report = new ArrayList<>();
        int recorded = 0;
        int flagged = 0;
        int invalid = 0;
        int duplicates = 0;
        for (UsageLogParser.Row row : rows) {
            if (!row.valid()) {
                invalid++;
                report.add(line(row, BAD, null, null, row.error()));
                continue;
            }
            UsageLogParser.Use u = row.use();
            // decided once, in the transaction that records it (R3): only an allowed use counts against a limit
            String proof = u.proof() != null ? u.proof() : name + "#L" + row.line();
            Optional<Decision> decided = registry.recordDecided(new UsageEvent(u.assetId(), null, u.channel(),
                    u.territory(), u.date(), u.quantity(), proof, flow), rules, sha256, row.line(), name);
            if (decided.isEmpty()) {
                duplicates++;
                report.add(line(row, ALREADY, null, null, "this line of this file was recorded before"));
                continue;
            }
            Decision d = decided.get();
            if (!d.allowed()) {
                flagged++;
                report.add(line(row, OUTSIDE, d.licenseId(), d.code(), d.reason()));
            } else {
                recorded++;
                report.add(line(row, OK, d.licenseId(), d.code(), d.reason()));
            }
        }
        String folder = invalid > 0
                ? in.getHeader(QUARANTINE_FOLDER, ".quarantine", String.class)
                : in.getHeader(DONE_FOLDER, ".done", String.class);
        LOG.info("Usage log {}: {} recorded, {} outside the license, {} invalid, {} already recorded -> {}", name,
                recorded, flagged, invalid, duplicates, folder);
        in.setHeader(FOLDER, folder);
        in.setHeader(LOG_NAME, in.getHeader(Exchange.FILE_NAME));
        in.setHeader(RECORDED, recorded);
        in.setHeader(FLAGGED, flagged);
        in.setHeader(INVALID, invalid);
        in.setHeader(DUPLICATES, duplicates);
        String dir = in.getHeader(REPORT_DIR, "reports", String.class);
        in.setHeader(Exchange.FILE_NAME, (dir.isBlank() ? "" : dir + "/") + name + ".compliance.csv");
        in.setBody(render(report));
    }

    private static Map<String, Object> line(UsageLogParser.Row row, String status, String licenseId, String code,
                                            String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("line", row.line());
        m.put("status", status);
        UsageLogParser.Use u = row.use();
        m.put("asset_id", u != null ? u.assetId() : CsvCells.safe(row.raw().get("asset_id")));
        m.put("channel", u != null ? u.channel() : CsvCells.safe(row.raw().get("channel")));
        m.put("territory", u != null ? u.territory() : CsvCells.safe(row.raw().get("territory")));
        m.put("date", u != null ? u.date().toString() : CsvCells.safe(row.raw().get("date")));
        m.put("quantity", u != null ? String.valueOf(u.quantity()) : CsvCells.safe(row.raw().get("quantity")));
        m.put("license_id", licenseId);
        m.put("code", code);
        m.put("reason", CsvCells.safe(reason));
        return m;
    }

    byte[] render(List<Map<String, Object>> rows) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (SequenceWriter w = csv.writer(REPORT).writeValues(out)) {
            for (Map<String, Object> r : rows) {
                w.write(r);
            }
        }
        return out.toByteArray();
    }
}
