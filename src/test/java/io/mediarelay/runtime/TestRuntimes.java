package io.mediarelay.runtime;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import io.mediarelay.config.RuntimeConfig;

/** Builds embedded-profile configurations for tests: the project's real config/ and routes/, a temp data dir, free ports. */
public final class TestRuntimes {
    public static final Path PROJECT = Path.of("").toAbsolutePath();

    public static final String[] GETTY_FLOWS = {"gf1", "gf2", "gf3", "gf4", "gf5", "gf6", "gf7", "gf8"};
    /** Scheduled governance flows (usage reporting, Getty metadata refresh, PhotoShelter expiry import). */
    public static final String[] GOVERNANCE_FLOWS = {"usage-reporting", "asset-refresh", "photoshelter-expiry"};
    /** PhotoShelter intake (PF1 polls its FTP folder; PF2 only runs via `migrate`, its switch is for symmetry). */
    public static final String[] PHOTOSHELTER_INTAKE_FLOWS = {"pf1", "pf2"};
    /** PhotoShelter -> FTP flows: sources are quartz crons, every second in tests. */
    public static final String[] PHOTOSHELTER_OUT_FLOWS = {"pf3", "pf4", "pf5", "pf6", "pf7", "pf8"};

    private TestRuntimes() {
    }

    public static Properties overrides(Path dataDir) {
        Properties p = new Properties();
        p.setProperty("mediarelay.data-dir", dataDir.toString());
        p.setProperty("mediarelay.routes-dir", PROJECT.resolve("routes").toString());
        // no AUTO_SERVER (it opens a TCP port; refused): tests reading the database while the runtime runs are in the
        // same JVM, where H2 shares the open file database between connections
        p.setProperty("mediarelay.db.url", "jdbc:h2:file:" + dataDir.resolve("db/mediarelay"));
        p.setProperty("mediarelay.embedded.ftp.port", "0");
        p.setProperty("mediarelay.embedded.ftp.passive-ports", "0");
        p.setProperty("mediarelay.embedded.receiver.port", "0");
        p.setProperty("mediarelay.embedded.photoshelter.port", "0");
        p.setProperty("mediarelay.embedded.getty.port", "0");
        p.setProperty("camel.management.port", String.valueOf(freePort()));
        p.setProperty("camel.server.port", String.valueOf(freePort()));
        p.setProperty("mediarelay.dropfolder.poll-delay-ms", "100");
        // tests add work whenever they like and wait for it: pollers never rest (IdlePollersRestTest turns it on)
        p.setProperty("mediarelay.polling.idle-backoff-multiplier", "0");
        p.setProperty("mediarelay.polling.idle-interval-ms", "0");
        p.setProperty("mediarelay.dropfolder.read-lock-min-age-ms", "200");
        p.setProperty("mediarelay.errors.redelivery-delay-ms", "50");
        p.setProperty("mediarelay.errors.maximum-redeliveries", "2");
        p.setProperty("mediarelay.errors.license-pending-delay-ms", "200");
        p.setProperty("mediarelay.dead-letters.catch-up.interval-ms", "1000");
        // Getty -> FTP flows are off unless a test turns its flow on: they would license the sandbox boards
        // in the background and change the counts other tests assert
        for (String flow : GETTY_FLOWS) {
            p.setProperty("mediarelay." + flow + ".enabled", "false");
            p.setProperty("mediarelay." + flow + ".poll-delay-ms", "100");
        }
        for (String flow : GOVERNANCE_FLOWS) {
            p.setProperty("mediarelay." + flow + ".enabled", "false");
        }
        for (String flow : PHOTOSHELTER_INTAKE_FLOWS) {
            p.setProperty("mediarelay." + flow + ".enabled", "false");
        }
        p.setProperty("mediarelay.pf1.poll-delay-ms", "100");
        p.setProperty("mediarelay.pf1.read-lock-min-age-ms", "300");
        // PhotoShelter -> FTP flows likewise (they would deliver the seeded library and change sandbox counts)
        for (String flow : PHOTOSHELTER_OUT_FLOWS) {
            p.setProperty("mediarelay." + flow + ".enabled", "false");
            p.setProperty("mediarelay." + flow + ".cron", "0/1 * * * * ?");
        }
        return p;
    }

    public static RuntimeConfig config(Path dataDir) {
        return RuntimeConfig.load(PROJECT.resolve("config"), "embedded", overrides(dataDir));
    }

    public static RuntimeConfig config(Properties overrides) {
        return RuntimeConfig.load(PROJECT.resolve("config"), "embedded", overrides);
    }

    /**
     * A port for a runtime to bind later, below the kernel's ephemeral range (32768-60999 here): a free port the
     * kernel picked (bind to 0) was handed out again to the next bind to 0 (a sandbox, a passive data socket) before
     * the runtime bound it ("Address already in use"). Ports are taken in turn from a random start, so test JVMs and
     * calls do not ask for the same one, and each is checked free by binding it.
     */
    public static synchronized int freePort() {
        for (int i = 0; i < 2000; i++) {
            int port = NEXT_PORT.getAndUpdate(p -> p >= 32000 ? 20000 : p + 1);
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException taken) {
                // in use: the next one
            }
        }
        throw new IllegalStateException("no free port in 20000-32000");
    }

    private static final java.util.concurrent.atomic.AtomicInteger NEXT_PORT =
            new java.util.concurrent.atomic.AtomicInteger(20000 + new java.util.Random().nextInt(12000));

    public static HttpResponse<String> get(String url, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> post(String url, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
