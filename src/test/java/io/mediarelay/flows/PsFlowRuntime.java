package io.mediarelay.flows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.transfer.DeliveryRecorder;
import io.mediarelay.transfer.EmbeddedFtpServer;
import org.apache.camel.ProducerTemplate;

/**
 * The real runtime in-process (embedded profile, project routes/ and config/) with the embedded FTP server and the
 * PhotoShelter sandbox, only the named PF flows switched on (sources fire every second). Sandbox changes go through
 * the real {@code photoshelter:} API, as a PhotoShelter user's edits would.
 */
final class PsFlowRuntime implements AutoCloseable {
    final MediarelayRuntime runtime;
    final Path ftpRoot;
    final DeliveryRecorder deliveries;
    final ProducerTemplate ps;

    private PsFlowRuntime(MediarelayRuntime runtime) {
        this.runtime = runtime;
        this.ftpRoot = runtime.embedded().find(EmbeddedFtpServer.class).orElseThrow().root();
        this.deliveries = new DeliveryRecorder(runtime.dataSource(), null);
        this.ps = runtime.context().createProducerTemplate();
    }

    static Properties overrides(Path data, String... flows) {
        Properties p = TestRuntimes.overrides(data);
        for (String f : flows) {
            p.setProperty("mediarelay." + f + ".enabled", "true");
        }
        return p;
    }

    static PsFlowRuntime start(Properties overrides) throws Exception {
        return new PsFlowRuntime(new MediarelayRuntime(TestRuntimes.config(overrides)).start());
    }

    List<DeliveryRecorder.Delivery> delivered(String flow) throws SQLException {
        return deliveries.all().stream().filter(d -> d.flowId().equals(flow) && d.outcome().equals("DELIVERED")).toList();
    }

    long count(String sql) throws SQLException {
        try (var c = runtime.dataSource().getConnection(); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Id of the media whose file name is {@code fileName} (the sandbox search matches file names). */
    @SuppressWarnings("unchecked")
    String mediaId(String fileName) {
        List<Map<String, Object>> found = ps.requestBody("photoshelter:search?terms=" + fileName, null, List.class);
        return found.stream().filter(m -> fileName.equals(m.get("file_name"))).map(m -> (String) m.get("id")).findFirst().orElseThrow();
    }

    /** Uploads {@code text} as {@code fileName} into gallery {@code gallery} under {@code collectionPath}; returns its id. */
    String upload(String collectionPath, String gallery, String fileName, String text) {
        return ps.request("photoshelter:upload?galleryName=" + gallery.replace(" ", "%20") + "&collectionPath=" + collectionPath,
                        e -> {
                            e.getMessage().setBody(text.getBytes(StandardCharsets.UTF_8));
                            e.getMessage().setHeader("CamelFileName", fileName);
                        })
                .getMessage().getHeader("PhotoShelterMediaId", String.class);
    }

    void updateMetadata(String mediaId, String type, Map<String, Object> fields) {
        ps.requestBodyAndHeader("photoshelter:metadata?action=update&metadataType=" + type, fields, "PhotoShelterMediaId", mediaId);
    }

    static String seedBytes(int n) {
        return ("sandbox seed image " + n + "\n").repeat(200);
    }

    @Override
    public void close() {
        runtime.close();
    }
}
