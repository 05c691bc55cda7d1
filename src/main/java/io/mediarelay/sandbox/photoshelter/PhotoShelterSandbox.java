package io.mediarelay.sandbox.photoshelter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * An embedded, offline stand-in for the PhotoShelter API on 127.0.0.1 (JDK HttpServer).
 *
 * <h2>Contract note</h2>
 * <ul>
 *   <li>Every call needs {@code X-PS-Api-Key} (or {@code ?api_key=}); otherwise 403 {@code ApiKeyInvalidException}.</li>
 *   <li>v3 ({@code /psapi/v3}): {@code POST mem/authenticate} (form email, password, mode=token →
 *       {@code data.token}, {@code data.org[]}), {@code POST mem/organization/{id}/authenticate},
 *       {@code POST mem/image/upload} (multipart gallery_id + file, streamed to disk), {@code mem/gallery/insert},
 *       {@code mem/collection/insert}, {@code GET mem/gallery/query?parent=}, {@code mem/collection/{id|root}/children},
 *       {@code mem/image/{id}}, {@code mem/image/{id}/iptc|xmp|custom}, {@code mem/image/{id}/download}.</li>
 *   <li>v4 ({@code /psapi/v4.0}): {@code POST authenticate}, {@code POST organization/authenticate} (JSON org_id),
 *       {@code GET galleries|collections[?name=&parent=&page=&per_page=]}, {@code GET galleries|collections/{id}},
 *       {@code GET media} (terms / galleries / modify_start, one required), {@code GET media/{id}},
 *       {@code GET|PATCH media/{id}/iptc|xmp|custom_metadata}, {@code GET media/{id}/download}.</li>
 *   <li>Ids: 16 characters, typed prefixes {@code G0000} gallery, {@code C0000} collection, {@code I0000} image.</li>
 *   <li>Errors: v4 {@code {"errors":[{id,status (string),title,detail}]}}; 401 carries {@code WWW-Authenticate: Bearer};
 *       429 {@code TooManyRequestsException} + {@code Retry-After: 1}.</li>
 * </ul>
 * Sandbox choices where PhotoShelter documents nothing: the v3 error body
 * {@code {"status":"error","code":..,"message":..}} with the HTTP status of the error; the v3 collection insert
 * endpoint; the v4 PATCH body {@code {"data":{"attributes":{..}}}}; pages are 1-based and per_page may be 1..500
 * (the draft says 50..500); media lists are sorted by modification time; downloads need organization
 * authentication when the account belongs to one; idle sessions expire after {@code sessionIdleSeconds}.
 * Knobs: {@code qpsLimit} (429), {@code errorRatio} (500/503), {@code latencyMs}, {@link #revokeSessions()},
 * {@code sessionIdleSeconds}, and {@code v3AuthErrorsAsHttp200} (v3 session errors as HTTP 200 + status "error").
 */
public final class PhotoShelterSandbox implements AutoCloseable {

    static {
        // without TCP_NODELAY every small response waits for the client's delayed ACK (~40 ms)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final PhotoShelterSandboxConfig config;
    private final SandboxStore store;
    private final Sessions sessions;
    private final Faults faults;
    private V3Api v3;
    private HttpServer server;
    private ExecutorService executor;
    private volatile int port = -1;

    public PhotoShelterSandbox(PhotoShelterSandboxConfig config) {
        this.config = config;
        try {
            Path dir = config.dataDir != null ? config.dataDir : Files.createTempDirectory("photoshelter-sandbox");
            this.store = new SandboxStore(dir, config.seed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.sessions = new Sessions(config.sessionIdleSeconds);
        this.faults = new Faults(config.seed, config.qpsLimit, config.errorRatio, config.latencyMs);
    }

    /** Binds 127.0.0.1 and serves; a second call does nothing. */
    public synchronized PhotoShelterSandbox start() {
        if (server != null) return this;
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port), 64);
            String base = "http://127.0.0.1:" + s.getAddress().getPort();
            v3 = new V3Api(config, store, sessions, faults);
            s.createContext("/psapi/v3/", v3);
            s.createContext("/psapi/v4.0/", new V4Api(base, config, store, sessions, faults));
            s.createContext("/", ex -> {
                try (ex) {
                    Http.sendError(ex, false, new SandboxError(404, "ResourceNotFoundException", "Not Found", ex.getRequestURI().getPath()));
                }
            });
            AtomicInteger n = new AtomicInteger();
            executor = Executors.newFixedThreadPool(config.threads, r -> {
                Thread t = new Thread(r, "photoshelter-sandbox-" + n.incrementAndGet());
                t.setDaemon(true); // never keep a test JVM alive
                return t;
            });
            s.setExecutor(executor);
            s.start();
            server = s;
            port = s.getAddress().getPort();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start PhotoShelter sandbox on port " + config.port, e);
        }
    }

    public synchronized void stop() {
        if (server == null) return;
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
        store.close(); // the changes of the last write delay; nothing is written after this
    }

    @Override
    public void close() {
        stop();
    }

    public int port() {
        if (port < 0) throw new IllegalStateException("PhotoShelter sandbox not started");
        return port;
    }

    /** Root of both API generations, e.g. {@code http://127.0.0.1:PORT} (the connector appends /psapi/...). */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public PhotoShelterSandboxConfig config() { return config; }

    public Path dataDir() { return store.dir(); }

    /** {@code java ... PhotoShelterSandbox [port] [dataDir]} for manual poking with curl. */
    public static void main(String[] args) throws InterruptedException {
        PhotoShelterSandboxConfig cfg = new PhotoShelterSandboxConfig().port(args.length > 0 ? Integer.parseInt(args[0]) : 8091);
        if (args.length > 1) cfg.dataDir(Path.of(args[1]));
        PhotoShelterSandbox sandbox = new PhotoShelterSandbox(cfg).start();
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::stop));
        System.out.println("PhotoShelter sandbox on " + sandbox.baseUrl() + " (X-PS-Api-Key " + cfg.apiKey + ", data " + sandbox.dataDir() + ")");
        Thread.currentThread().join();
    }

    // ---- fault knobs ----------------------------------------------------------------------------

    /** Every open session becomes invalid (401 on next use). */
    public void revokeSessions() { sessions.revokeAll(); }

    /** Sessions idle longer than this expire (applies immediately). */
    public void setSessionIdleSeconds(int s) { sessions.setIdleSeconds(s); }

    public void setQpsLimit(double qps) { faults.setQpsLimit(qps); }

    public void setErrorRatio(double ratio) { faults.setErrorRatio(ratio); }

    public void setLatencyMs(int ms) { faults.setLatencyMs(ms); }

    // ---- observation ----------------------------------------------------------------------------

    /** Successful member authentications ({@code mem/authenticate} and v4 {@code authenticate}). */
    public int authCount() { return sessions.authCount(); }

    public int orgAuthCount() { return sessions.orgAuthCount(); }

    /** Images stored by upload calls since start. */
    public int uploadCount() { return v3 == null ? 0 : v3.uploadCount(); }

    /** Times state.json was written since start (changes are written together, issue 15). */
    public long stateWrites() { return store.writes(); }

    /** Id, file_name, file_size, sha256 and the on-disk path of every image in a gallery. */
    public List<Map<String, Object>> findImagesInGallery(String galleryId) {
        return store.images().stream().filter(i -> i.galleryIds.contains(galleryId)).map(this::describe).toList();
    }

    public Map<String, Object> image(String imageId) { return describe(store.image(imageId)); }

    public Map<String, Object> iptc(String imageId) { return Map.copyOf(store.image(imageId).iptc); }

    /** Gallery ids whose name equals {@code name} exactly (any parent). */
    public List<String> findGalleries(String name) {
        return store.containers("gallery").stream().filter(c -> c.name.equals(name)).map(c -> c.id).toList();
    }

    public List<String> findCollections(String name) {
        return store.containers("collection").stream().filter(c -> c.name.equals(name)).map(c -> c.id).toList();
    }

    /** Touches an image's IPTC (as an editor in the PhotoShelter UI would), bumping its modification time. */
    public void editIptc(String imageId, Map<String, Object> fields) { store.updateMetadata(imageId, "iptc", fields); }

    /** Changes custom metadata fields (null removes one) as a library user would; bumps the modification time. */
    public void editCustom(String imageId, Map<String, Object> fields) { store.updateMetadata(imageId, "custom", fields); }

    /** The custom metadata fields of an image. */
    public Map<String, Object> custom(String imageId) { return Map.copyOf(store.image(imageId).custom); }

    private Map<String, Object> describe(SandboxStore.Image i) {
        return Map.of("id", i.id, "file_name", i.fileName, "file_size", i.fileSize, "sha256", i.sha256,
                "path", store.fileOf(i.id), "gallery_ids", List.copyOf(i.galleryIds));
    }
}
