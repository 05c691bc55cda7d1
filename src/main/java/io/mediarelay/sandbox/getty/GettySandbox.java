package io.mediarelay.sandbox.getty;

import com.sun.net.httpserver.HttpServer;
import io.mediarelay.sandbox.getty.StateModel.Product;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An embedded, offline stand-in for the Getty Images API v3 (plus its OAuth2 token endpoint and
 * delivery/CDN hosts) on 127.0.0.1, built on the JDK's HttpServer.
 *
 * <h2>Contract note</h2>
 * Implemented operations (paths, parameters, field names, status codes and ErrorCodes follow Getty's
 * OpenAPI v3 spec in {@code shared/specs/getty} and the research notes):
 * <ul>
 *   <li>{@code POST /oauth2/token}: grant_type {@code client_credentials}, {@code password},
 *       {@code refresh_token}. {@code expires_in} is a JSON <b>string</b> ("1800"). Bad client
 *       credentials: 401 {@code {"error":"invalid_client"}}; bad user/refresh token: 400
 *       {@code {"error":"unauthorized_client"}} (the body Getty's forum shows); unknown grant: 400
 *       {@code unsupported_grant_type}. Only password/refresh grants return a refresh_token.
 *       Client credentials are read from the form (as Getty documents) or from HTTP Basic.</li>
 *   <li>Every {@code /v3} call: header {@code Api-Key}; missing: 401 {@code {"message":"Unauthorized"}},
 *       wrong: 403 {@code {"message":"Forbidden"}} (the AWS gateway shapes). Token errors: 401
 *       {@code AuthorizationTokenRequired} + {@code WWW-Authenticate: Bearer realm="Download",
 *       error="invalid_token",error_description="..."}.</li>
 *   <li>{@code GET /v3/search/images[/creative|/editorial]}, {@code /v3/search/videos/creative|editorial} (no
 *       blended video search: the current spec has none, 404):
 *       phrase (all words must match title/caption/keywords), page, page_size (1..100), fields,
 *       sort_order. Token optional.</li>
 *   <li>{@code GET /v3/images?ids=}, {@code /v3/images/{id}}, {@code /v3/videos?ids=}, {@code /v3/videos/{id}}:
 *       &le;100 ids (else 400 InvalidParameterValue), unknown ids in {@code *_not_found}; unknown single
 *       id: 404 {@code ImageNotFound} / {@code VideosNotFound} (the spec's plural spelling for video
 *       metadata; the video <i>download</i> 404 is {@code VideoNotFound}). Token optional.</li>
 *   <li>{@code POST /v3/downloads/images/{id}} (auto_download default true, height, file_type=jpg,
 *       product_id, product_type, optional body download_notes/project_code) and
 *       {@code POST /v3/downloads/videos/{id}} (auto_download default false, size = hd1|sd1):
 *       200 {@code {"uri":..}} or 303; each call licenses (decrements the product); at 0 remaining 403
 *       {@code OverageLimitReached}; unknown product 403 {@code NoAccessToProductType}.</li>
 *   <li>The returned URI needs no auth, is valid 24 h, answers 302 to {@code /cdn/...} which serves the
 *       bytes with Content-Disposition {@code attachment; filename=<id>.jpg|.mp4}, Content-Length, ETag
 *       and single-range Range support (206/416).</li>
 *   <li>{@code GET /v3/downloads} (date_from, date_to, use_time, page, page_size, product_type,
 *       company_downloads), {@code GET /v3/{images|videos}/{id}/downloadhistory}.</li>
 *   <li>{@code GET /v3/products[?fields=download_requirements]}.</li>
 *   <li>{@code GET /v3/boards} (page, pageSize or page_size, board_relationship, sort_order),
 *       {@code GET /v3/boards/{id}}, {@code PUT /v3/boards/{id}/assets}, {@code PUT /v3/boards/{id}/assets/{asset_id}}.</li>
 *   <li>{@code PUT /v3/usage-batches/{id}}: 201 {@code {"invalid_assets":[],"total_asset_usages_processed":N}},
 *       &gt;1000 or none: 400 InvalidRequest, repeated id: 409 TransactionIdDuplicated.</li>
 * </ul>
 * Deliberate deviations / sandbox choices:
 * <ul>
 *   <li>Token endpoint lives on the same host ({@link #tokenUrl()}), not authentication.gettyimages.com.</li>
 *   <li>429 carries {@code Retry-After: 1} (Getty documents no such header) plus Getty's
 *       {@code X-Error-Detail} and {@code {"message":"Account Over Queries Per Second Limit"}}. The
 *       QPS bucket and injected 5xx apply to /v3 only, not to /oauth2/token or delivery.</li>
 *   <li>Usage batch with unknown asset ids: 400 InvalidRequest whose body also lists
 *       {@code invalid_assets}; nothing is recorded and the batch id stays unused.</li>
 *   <li>Boards need a token carrying a user (password/refresh grant); a client_credentials token
 *       gets 403 {@code UserTokenRequired}. Everything else accepts any valid token.</li>
 *   <li>Files are named {@code <id>.jpg}/{@code <id>.mp4} (real Getty: {@code GettyImages-<id>.jpg},
 *       videos often .mov); max_dimensions are capped at 3000 px so that real JPEGs of exactly the
 *       advertised size can be rendered quickly. Videos are ISO-BMFF-looking noise, not playable.</li>
 *   <li>Display sizes (thumb/comp/preview) are JPEGs for videos too. Search ignores facets and most filters.</li>
 *   <li>Access and refresh tokens are in memory only: a restart invalidates them (as a revocation
 *       would). {@link #revokeAllTokens()} kills access tokens but keeps refresh tokens usable.</li>
 *   <li>Every deviation is listed in docs/GETTY.md; tests validate all /v3 traffic against Getty's current
 *       OpenAPI document ({@link SandboxTrafficCheck}).</li>
 * </ul>
 */
public final class GettySandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GettySandbox.class);

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY every small response
        // waits ~40 ms for the client's delayed ACK (Nagle). Read once by the JDK, hence set early.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Map<String, AtomicInteger> metadataLookups = new ConcurrentHashMap<>();
    private final GettySandboxConfig config;
    private final SandboxCatalog catalog;
    private final SandboxState state;
    private final TokenService tokens;
    private final FaultInjector faults;
    private final JpegRenderer jpegs;
    private final UrlSigner signer;
    private final AtomicInteger usageFaults = new AtomicInteger();
    private final CallGauge apiCalls = new CallGauge();

    private HttpServer server;
    private ExecutorService executor;
    private volatile int port = -1;

    public GettySandbox(GettySandboxConfig config) {
        this.config = config;
        this.catalog = new SandboxCatalog(config.seed, config.catalogImages, config.catalogVideos);
        this.state = new SandboxState(config.dataDir, catalog, config);
        this.tokens = new TokenService(config.tokenLifetimeSeconds);
        this.faults = new FaultInjector(config.seed, config.qpsLimit, config.errorRatio, config.latencyMs);
        this.jpegs = new JpegRenderer(config.seed);
        this.signer = new UrlSigner(config.seed);
    }

    /** Binds 127.0.0.1 and starts serving; calling it on a running sandbox does nothing. */
    public synchronized GettySandbox start() {
        if (server != null) return this;
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port), 64);
            int boundPort = s.getAddress().getPort();
            String base = "http://127.0.0.1:" + boundPort;
            Product dflt = state.defaultProduct();
            AssetJson json = new AssetJson(base, config.videoBytes, Map.of(
                    "product_id", Integer.toString(dflt.id), "product_type", dflt.type,
                    "agreement_name", dflt.agreement_name));
            DeliveryHandler delivery = new DeliveryHandler(base, catalog, jpegs, signer, config);
            ApiRouter api = new ApiRouter(config.apiKey, tokens, faults, apiCalls);
            new SearchHandler(catalog, json, config.seed).register(api);
            new DownloadsHandler(catalog, state, delivery, json, config).register(api);
            new MetadataHandler(catalog, json, metadataLookups).register(api);
            new ProductsHandler(state).register(api);
            new BoardsHandler(state, catalog, json, base).register(api);
            new UsageBatchHandler(state, catalog, usageFaults).register(api);

            s.createContext("/oauth2/token", new OAuthHandler(config, tokens, faults));
            com.sun.net.httpserver.HttpContext v3 = s.createContext("/v3/", api);
            for (SandboxTrafficCheck check : java.util.ServiceLoader.load(SandboxTrafficCheck.class)) {
                v3.getFilters().add(check.filter()); // tests: every /v3 exchange checked against Getty's spec
            }
            s.createContext("/sandbox/", new FaultControlHandler(this, faults));
            s.createContext("/delivery/", delivery);
            s.createContext("/cdn/", delivery);
            s.createContext("/media/", delivery);
            s.createContext("/", ex -> {
                HttpIo.sendJson(ex, 404, Map.of("message", "Not Found"));
            });
            AtomicInteger n = new AtomicInteger();
            executor = Executors.newFixedThreadPool(config.threads, r -> {
                Thread t = new Thread(r, "getty-sandbox-" + n.incrementAndGet());
                t.setDaemon(true); // never keep a test JVM alive
                return t;
            });
            s.setExecutor(executor);
            s.start();
            server = s;
            port = boundPort;
            LOG.debug("Getty sandbox listening on {}", base);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Getty sandbox on port " + config.port, e);
        }
    }

    /** Stops immediately (in-flight downloads are cut); state stays in memory / on disk. */
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
        executor = null;
        LOG.debug("Getty sandbox on port {} stopped", port);
    }

    @Override
    public void close() {
        stop();
    }

    public int port() {
        if (port < 0) throw new IllegalStateException("Getty sandbox not started");
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public String tokenUrl() {
        return baseUrl() + "/oauth2/token";
    }

    /**
     * Runs a sandbox standalone for manual poking with curl:
     * {@code java ... io.mediarelay.sandbox.getty.GettySandbox [port] [dataDir]}.
     */
    public static void main(String[] args) throws InterruptedException {
        GettySandboxConfig cfg = new GettySandboxConfig().port(args.length > 0 ? Integer.parseInt(args[0]) : 8089);
        if (args.length > 1) cfg.dataDir(java.nio.file.Path.of(args[1]));
        GettySandbox sandbox = new GettySandbox(cfg).start();
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::stop));
        System.out.println("Getty sandbox on " + sandbox.baseUrl() + " (Api-Key " + cfg.apiKey()
                + ", board " + sandbox.defaultBoardId() + ", product " + sandbox.defaultProductId() + ")");
        Thread.currentThread().join();
    }

    public GettySandboxConfig config() {
        return config;
    }

    // ---- fault knobs ----------------------------------------------------------------------------

    /** Every access token issued so far becomes invalid (401); refresh tokens keep working. */
    public void revokeAllTokens() {
        tokens.revokeAllAccessTokens();
    }

    public void setQpsLimit(double qps) {
        faults.setQpsLimit(qps);
    }

    public void setErrorRatio(double ratio) {
        faults.setErrorRatio(ratio);
    }

    public void setLatencyMs(int ms) {
        faults.setLatencyMs(ms);
    }

    /** Applies to tokens issued from now on. */
    public void setTokenLifetimeSeconds(int seconds) {
        tokens.setLifetimeSeconds(seconds);
    }

    /**
     * Getty changed an asset: metadata calls return the new title / usage restrictions / license model from now on
     * (null keeps the current value). In memory only: a restarted sandbox serves the seeded catalog again.
     */
    public void updateAsset(String assetId, String title, List<String> usageRestrictions, String licenseModel) {
        catalog.edit(assetId, a -> new CatalogAsset(a.id(), a.type(), a.assetFamily(),
                licenseModel != null ? licenseModel : a.licenseModel(), title != null ? title : a.title(),
                a.caption(), a.artist(), a.collectionCode(), a.collectionId(), a.collectionName(), a.dateCreated(),
                a.width(), a.height(), a.keywords(), a.qualityRank(), a.graphicalStyle(), a.editorialSegment(),
                a.releaseInfo(), usageRestrictions != null ? List.copyOf(usageRestrictions) : a.usageRestrictions(),
                a.city(), a.country(), a.clipSeconds()));
    }

    /**
     * The next {@code n} usage-batch calls record their batch (if new) and then answer 500, as if the response was
     * lost between Getty and the caller: the case that tempts a client to re-send under a new batch id. While the
     * knob lasts a repeated id gets 500 too (instead of 409), so a client's own retries cannot learn the outcome.
     */
    public void failUsageBatchesAfterRecording(int n) {
        usageFaults.set(Math.max(0, n));
    }

    /**
     * The next {@code times} requests whose method and path match (regex on the path, e.g.
     * {@code /v3/downloads/images/.*}) are refused with {@code status} at the gateway: nothing happens on Getty's side.
     */
    public void failRequests(String method, String pathRegex, int status, int times) {
        faults.failRequests(method, pathRegex, status, times, false);
    }

    /**
     * The next {@code times} license POSTs matching {@code pathRegex} are carried out (the license is recorded and
     * counted) and then answered with {@code status}: the answer was lost, the caller cannot know it was licensed.
     */
    public void loseLicenseAnswers(String pathRegex, int status, int times) {
        faults.failRequests("POST", pathRegex, status, times, true);
    }

    /** Forgets scripted failures not used yet. */
    public void clearScriptedFailures() {
        faults.clearRules();
    }

    // ---- observation ----------------------------------------------------------------------------

    /** Requests that reached the API (before faults), by method and a regex on the path. */
    public int requestCount(String method, String pathRegex) {
        return faults.requestCount(method, pathRegex);
    }

    /** Licence events per asset id (more than one for an asset = licensed twice). */
    public Map<String, Integer> licensesPerAsset() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        state.downloads().stream().filter(d -> !d.redownload).forEach(d -> out.merge(d.id, 1, Integer::sum));
        return out;
    }

    /** Downloads of an asset already licensed under the same product (free with re-download rights, no licence). */
    public int redownloadCount() {
        return (int) state.downloads().stream().filter(d -> d.redownload).count();
    }

    public int tokenRequestCount() {
        return tokens.grantCount();
    }

    /** How many metadata requests named this asset id (batch or single), since start. */
    public int metadataLookups(String assetId) {
        AtomicInteger n = metadataLookups.get(assetId);
        return n == null ? 0 : n.get();
    }

    /** The most /v3 calls that were in progress at once since start (or {@link #resetMaxConcurrentApiCalls}). */
    public int maxConcurrentApiCalls() {
        return apiCalls.max();
    }

    public void resetMaxConcurrentApiCalls() {
        apiCalls.reset();
    }

    /** JPEG pictures drawn since start: once per (width, height), whatever the number of assets or downloads. */
    public long imageRenders() {
        return jpegs.renders();
    }

    /** Licence events recorded so far (persisted with dataDir, so it survives a restart). */
    public int licenseCount() {
        return state.downloads().size();
    }

    public int usageBatchCount() {
        return state.usageBatchCount();
    }

    /** Reported quantity per asset id over every accepted usage batch (persisted with dataDir). */
    public Map<String, Integer> usageTotals() {
        return state.usageTotals();
    }

    public List<String> catalogImageIds() {
        return catalog.imageIds();
    }

    public List<String> catalogVideoIds() {
        return catalog.videoIds();
    }

    /** The owned "Approved - Spring Campaign" board (6 images and 2 videos at seed time). */
    public String defaultBoardId() {
        return state.boards().stream().filter(b -> "owned".equals(b.board_relationship))
                .findFirst().orElseThrow().id;
    }

    /** Adds an asset with {@code date_added = now}; idempotent. */
    public void addAssetToBoard(String boardId, String assetId) {
        CatalogAsset a = catalog.find(assetId);
        if (a == null) throw new IllegalArgumentException("Unknown asset " + assetId);
        if (!state.addToBoard(boardId, a.id(), a.type())) throw new IllegalArgumentException("Unknown board " + boardId);
    }

    /** Ids of the assets on a board now; empty for an unknown board. */
    public List<String> boardAssetIds(String boardId) {
        var b = state.board(boardId);
        return b == null ? List.of() : b.assets.stream().map(a -> a.asset_id).toList();
    }

    /** Assets on a board now; 0 for an unknown board. */
    public int boardAssetCount(String boardId) {
        var b = state.board(boardId);
        return b == null ? 0 : b.assets.size();
    }

    public int remainingDownloads(String productId) {
        Product p = state.product(Integer.parseInt(productId));
        if (p == null) throw new IllegalArgumentException("Unknown product " + productId);
        return p.downloads_remaining;
    }

    /** Product used when a download names neither product_id nor product_type (easyaccess). */
    public String defaultProductId() {
        return Integer.toString(state.defaultProduct().id);
    }
}
