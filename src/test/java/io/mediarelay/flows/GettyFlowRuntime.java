package io.mediarelay.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.sandbox.getty.GettySandbox;
import io.mediarelay.transfer.DeliveryRecorder;
import io.mediarelay.transfer.EmbeddedFtpServer;

/**
 * The real runtime in-process (embedded profile, project routes/ and config/) with the embedded FTP server and
 * the Getty sandbox, only the named Getty flows switched on, poll delays small.
 */
final class GettyFlowRuntime implements AutoCloseable {
    final MediarelayRuntime runtime;
    final GettySandbox sandbox;
    final Path ftpRoot;
    final DeliveryRecorder deliveries;

    private GettyFlowRuntime(MediarelayRuntime runtime) {
        this.runtime = runtime;
        this.sandbox = runtime.embedded().find(GettySandbox.class).orElseThrow();
        this.ftpRoot = runtime.embedded().find(EmbeddedFtpServer.class).orElseThrow().root();
        this.deliveries = new DeliveryRecorder(runtime.dataSource(), null);
    }

    static Properties overrides(Path data, String... flows) {
        Properties p = TestRuntimes.overrides(data);
        for (String f : flows) {
            p.setProperty("mediarelay." + f + ".enabled", "true");
        }
        return p;
    }

    static GettyFlowRuntime start(Properties overrides) throws Exception {
        return new GettyFlowRuntime(new MediarelayRuntime(TestRuntimes.config(overrides)).start());
    }

    List<DeliveryRecorder.Delivery> delivered(String flow) throws SQLException {
        return deliveries.all().stream().filter(d -> d.flowId().equals(flow) && d.outcome().equals("DELIVERED")).toList();
    }

    /**
     * Fills the sandbox's "Editorial picks" board (seeded with the catalog's first 3 editorial images) with other
     * catalog images until it holds {@code total} assets.
     */
    @SuppressWarnings("unchecked")
    void fillEditorialBoard(String boardId, int total) {
        List<String> ids = sandbox.catalogImageIds();
        java.util.Map<String, Object> meta = runtime.context().createProducerTemplate()
                .requestBody("getty:metadata?assetType=images&fields=id,asset_family", String.join(",", ids), java.util.Map.class);
        List<java.util.Map<String, Object>> images = (List<java.util.Map<String, Object>>) meta.get("images");
        java.util.Set<String> onBoard = new java.util.LinkedHashSet<>();
        ids.stream().filter(id -> images.stream().anyMatch(m -> id.equals(String.valueOf(m.get("id")))
                && "editorial".equals(m.get("asset_family")))).limit(3).forEach(onBoard::add);
        for (String id : ids) {
            if (onBoard.size() >= total) {
                break;
            }
            if (onBoard.add(id)) {
                sandbox.addAssetToBoard(boardId, id);
            }
        }
    }

    /** Every regular file under dir, relative names. */
    static List<String> files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    static void assertNoPartFiles(Path dir) throws Exception {
        assertTrue(files(dir).stream().noneMatch(f -> f.endsWith(".part")), "no .part left: " + files(dir));
    }

    static void assertNoDuplicateRows(List<DeliveryRecorder.Delivery> rows) {
        assertEquals(rows.size(), rows.stream().map(r -> r.assetId() + "@" + r.destination() + ":" + r.remotePath())
                .distinct().count(), "one delivery row per asset and destination");
    }

    @Override
    public void close() {
        runtime.close();
    }
}
