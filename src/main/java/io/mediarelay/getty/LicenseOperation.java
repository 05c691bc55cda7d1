package io.mediarelay.getty;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Message;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * License + download. Every POST /v3/downloads costs a download from the customer's agreement, so:
 * the request key is claimed in {@code license_events} before the POST (a second node or a retry sees
 * the claim and does not POST), an unexpired recorded URI is reused instead of licensing again, and a
 * POST whose outcome is unknown is recorded as UNCERTAIN rather than retried.
 */
final class LicenseOperation {

    private static final Logger LOG = LoggerFactory.getLogger(LicenseOperation.class);
    static final Duration URI_VALIDITY = Duration.ofHours(24);
    /** A URI this close to expiry is not reused: the download could outlive it. */
    private static final Duration REUSE_MARGIN = Duration.ofMinutes(1);

    private final GettyEndpoint ep;
    private final GettyHttpClient client;
    private final LicenseEventRepository repo;
    private final DownloadFetcher fetcher;
    private final Duration staleClaim;
    private final Duration reconcileDelay;
    /** Getty's clock and ours may differ a little: history entries this much older than our claim still count. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);
    private volatile Expression keyExpression;

    LicenseOperation(GettyEndpoint ep, GettyHttpClient client, LicenseEventRepository repo) {
        this.ep = ep;
        this.client = client;
        this.repo = repo;
        this.fetcher = new DownloadFetcher(client);
        GettyConfiguration c = client.config();
        // the claim is refreshed right before each POST attempt goes out (after throttle waits), so a live claim is
        // never older than one connect + read plus one backoff between attempts; anything older was abandoned
        this.staleClaim = Duration.ofMillis(c.getConnectTimeout() + c.getReadTimeout() + c.getMaxBackoff() + 5_000);
        this.reconcileDelay = Duration.ofMillis(c.getReconcileDelay());
    }

    void process(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String type = QueryOperations.normalizeType(in.getHeader(GettyConstants.ASSET_TYPE, ep.getAssetType(), String.class));
        String assetId = in.getHeader(GettyConstants.ASSET_ID, ep.getAssetId(), String.class);
        if (assetId == null && in.getBody() instanceof String s && !s.isBlank()) {
            assetId = s.trim();
        }
        if (assetId == null || assetId.isBlank()) {
            throw new IllegalArgumentException("getty:license needs an asset id (header GettyAssetId, option assetId or body)");
        }
        String productId = in.getHeader(GettyConstants.PRODUCT_ID, ep.getProductId(), String.class);
        String productType = in.getHeader(GettyConstants.PRODUCT_TYPE, ep.getProductType(), String.class);
        String key = requestKey(exchange, type, assetId, productId, productType);

        boolean[] reused = new boolean[1];
        LicenseEvent event = acquire(exchange, key, type, assetId, productId, productType, reused);
        in.setHeader(GettyConstants.LICENSE_EVENT_ID, event.id());
        in.setHeader(GettyConstants.LICENSE_REUSED, reused[0]);
        in.setHeader(GettyConstants.REQUEST_KEY, key);
        in.setHeader(GettyConstants.URI_EXPIRES_AT, event.uriExpiresAt());
        if (!ep.isDownload()) {
            in.setBody(event);
            return;
        }
        DownloadFetcher.Download d = fetcher.fetch(event.uri(), "GettyImages-" + assetId + (type.equals("videos") ? ".mp4" : ".jpg"));
        // the stream must be closed whatever happens to the exchange (failure, filter, partial read)
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange ex) {
                try {
                    d.stream().close();
                } catch (IOException ignored) {
                    // already closed or connection gone; nothing left to release
                }
            }
        });
        in.setBody(d.stream());
        in.setHeader(GettyConstants.FILE_NAME, d.fileName());
        if (in.getHeader(Exchange.FILE_NAME) == null) {
            in.setHeader(Exchange.FILE_NAME, d.fileName());
        }
        in.setHeader(GettyConstants.CONTENT_TYPE, d.contentType());
        in.setHeader(Exchange.CONTENT_TYPE, d.contentType());
        if (d.contentLength() >= 0) {
            in.setHeader(GettyConstants.CONTENT_LENGTH, d.contentLength());
            in.setHeader(Exchange.CONTENT_LENGTH, d.contentLength());
        }
    }

    /** Header GettyRequestKey wins; else type:asset:product plus the endpoint's requestKey expression. */
    private String requestKey(Exchange exchange, String type, String assetId, String productId, String productType) {
        String explicit = exchange.getMessage().getHeader(GettyConstants.REQUEST_KEY, String.class);
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        String key = type + ":" + assetId + ":" + (productId != null ? productId : productType != null ? productType : "default");
        if (ep.getRequestKey() != null && !ep.getRequestKey().isBlank()) {
            Expression e = keyExpression;
            if (e == null) {
                e = exchange.getContext().resolveLanguage("simple").createExpression(ep.getRequestKey());
                e.init(exchange.getContext());
                keyExpression = e;
            }
            key += ":" + e.evaluate(exchange, String.class);
        }
        return key;
    }

    private LicenseEvent acquire(Exchange exchange, String key, String type, String assetId, String productId,
                                 String productType, boolean[] reused) throws Exception {
        for (int round = 0; round < 4; round++) {
            Instant now = Instant.now();
            Optional<LicenseEvent> found = repo.find(key);
            if (found.isEmpty()) {
                if (repo.claim(key, assetId, type, productId, productType)) {
                    return post(key, type, assetId, productId, productType, exchange);
                }
                continue; // lost the race: read the winner's row
            }
            LicenseEvent ev = found.get();
            if (ev.uriValidAt(now.plus(REUSE_MARGIN))) {
                LOG.info("Reusing license event {} for {} (no new license)", ev.id(), key);
                reused[0] = true;
                return ev;
            }
            switch (ev.status()) {
                case LicenseEvent.LICENSED -> {
                    if (repo.reclaimExpired(ev.id(), now.plus(REUSE_MARGIN))) {
                        LOG.info("Download URI of {} expired; licensing again", key);
                        return post(key, type, assetId, productId, productType, exchange);
                    }
                }
                case LicenseEvent.PENDING -> {
                    if (ev.claimedAt().isBefore(now.minus(staleClaim)) && repo.markStaleUncertain(key, now.minus(staleClaim))) {
                        LOG.warn("License claim {} was abandoned mid-POST (claimed {}); reconciling with Getty", key, ev.claimedAt());
                        continue; // UNCERTAIN now: reconciled in the next round
                    }
                    throw new GettyLicenseStateException(key, LicenseEvent.PENDING, "being licensed by another attempt; retry later");
                }
                case LicenseEvent.UNCERTAIN -> {
                    LicenseEvent settled = reconcile(ev, now, exchange, type, assetId, productId, productType);
                    if (settled != null) {
                        return settled; // licensed now (Getty had nothing); a found license is reused in the next round
                    }
                }
                default -> throw new GettyLicenseStateException(key, ev.status(), "unexpected state (" + ev.detail() + ")");
            }
        }
        throw new GettyLicenseStateException(key, "CONTENDED", "could not claim the request key");
    }

    /**
     * Settles an UNCERTAIN license (a POST was sent, its answer lost, or its instance died) through Getty's own
     * record, {@code GET /v3/{images|videos}/{id}/downloadhistory}: a download of this asset since the claim means it
     * was licensed, and it is downloaded again under its product (a re-download, no new license); none, once Getty's record had time to
     * show it ({@code reconcileDelay} after the POST), means nothing was licensed and the key is claimed again to
     * license it. Never an operator, never licensed twice. Null when another attempt settled it meanwhile.
     */
    private LicenseEvent reconcile(LicenseEvent ev, Instant now, Exchange exchange, String type, String assetId,
                                   String productId, String productType) throws Exception {
        String key = ev.requestKey();
        Instant sent = ev.claimedAt() == null ? now : ev.claimedAt();
        if (now.isBefore(sent.plus(reconcileDelay))) {
            throw new GettyLicenseStateException(key, LicenseEvent.UNCERTAIN, "answer of the license POST was lost ("
                    + ev.detail() + "); Getty's download history is checked after " + sent.plus(reconcileDelay));
        }
        com.fasterxml.jackson.databind.JsonNode history = client.get("/v3/" + type + "/" + assetId + "/downloadhistory", Map.of());
        for (com.fasterxml.jackson.databind.JsonNode d : history.path("downloads")) {
            Instant at = parseInstant(d.path("date_downloaded").asText(null));
            boolean sameProduct = productId == null || !d.hasNonNull("product_id") || productId.equals(d.path("product_id").asText());
            if (at == null || at.isBefore(sent.minus(CLOCK_SKEW)) || !sameProduct) {
                continue;
            }
            // Getty's history carries no download link (the spec has no uri there): the license is recorded as ours
            // with no link, and one attempt re-downloads it under the product it was licensed with. ASSUMPTION (see
            // docs/GETTY.md): downloading an asset the account already licensed under that product is a re-download,
            // not a new license. Only the attempt that settled the row re-downloads (the others re-read it).
            if (!repo.markReconciled(key, null, at, at)) {
                return null;
            }
            LOG.info("Reconciled {}: Getty licensed {} at {}; re-downloading that license (no new license)", key, assetId, at);
            String licensedWith = d.hasNonNull("product_id") ? d.path("product_id").asText() : productId;
            return redownload(key, type, assetId, licensedWith, licensedWith == null ? productType : null, exchange);
        }
        if (repo.reclaimUncertain(key)) {
            LOG.info("Reconciled {}: Getty's download history has no license of {} since {}; licensing it now", key, assetId, sent);
            return post(key, type, assetId, productId, productType, exchange);
        }
        return null;
    }

    /**
     * A fresh link for a license already recorded (reconciled): the same POST, but it is no new license, so the
     * row keeps its count and its "reconciled" detail. Any failure leaves the row LICENSED without a valid link:
     * the next attempt takes the expired-link path (claim, POST) - never UNCERTAIN again, never an operator.
     */
    private LicenseEvent redownload(String key, String type, String assetId, String productId, String productType,
                                    Exchange exchange) throws Exception {
        GettyHttpClient.ApiResponse r = client.call("POST", "/v3/downloads/" + type + "/" + assetId,
                downloadQuery(type, productId, productType), null, GettyHttpClient.Mode.UNSAFE_ONCE, () -> { });
        String uri = r.body().path("uri").asText(null);
        if (r.status() >= 300 || uri == null || uri.isBlank()) {
            throw new GettyApiException(r.status(), ErrorBodies.fallbackCode(r.status()), "re-download POST returned no uri");
        }
        Instant at = Instant.now();
        repo.markRedownloaded(key, uri, at.plus(URI_VALIDITY));
        LicenseEvent ev = repo.find(key).orElseThrow();
        LOG.info("Re-downloaded {} {} for license event {} (request key {}, no new license)", type, assetId, ev.id(), key);
        return ev;
    }

    private Map<String, Object> downloadQuery(String type, String productId, String productType) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("auto_download", "false");
        q.put("product_id", productId);
        q.put("product_type", productType);
        if (type.equals("images")) {
            q.put("file_type", ep.getFileType());
            q.put("height", ep.getHeight());
        } else {
            q.put("size", ep.getSize());
        }
        return q;
    }

    private static Instant parseInstant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
            } catch (java.time.format.DateTimeParseException e2) {
                return null;
            }
        }
    }

    private LicenseEvent post(String key, String type, String assetId, String productId, String productType, Exchange exchange)
            throws Exception {
        Message in = exchange.getMessage();
        Map<String, Object> q = downloadQuery(type, productId, productType);
        Map<String, Object> body = new LinkedHashMap<>();
        String notes = in.getHeader(GettyConstants.DOWNLOAD_NOTES, ep.getDownloadNotes(), String.class);
        String project = in.getHeader(GettyConstants.PROJECT_CODE, ep.getProjectCode(), String.class);
        if (notes != null) {
            body.put("download_notes", notes);
        }
        if (project != null) {
            body.put("project_code", project);
        }
        String path = "/v3/downloads/" + type + "/" + assetId;
        GettyHttpClient.ApiResponse r;
        try {
            r = client.call("POST", path, q, body.isEmpty() ? null : body, GettyHttpClient.Mode.UNSAFE_ONCE, () -> repo.touch(key));
        } catch (GettyApiException | IllegalArgumentException refused) {
            // Getty answered with a definite refusal (or we never got through): nothing was licensed
            repo.release(key);
            throw refused;
        } catch (Throwable unknown) {
            repo.markUncertain(key, unknown.getClass().getSimpleName() + ": " + unknown.getMessage());
            throw unknown;
        }
        String uri = r.body().path("uri").asText(null);
        if (r.status() >= 300 || uri == null || uri.isBlank()) {
            repo.markUncertain(key, "license POST answered HTTP " + r.status() + " without a uri");
            throw new GettyApiException(r.status(), ErrorBodies.fallbackCode(r.status()), "license POST returned no uri");
        }
        Instant licensedAt = Instant.now();
        repo.markLicensed(key, uri, licensedAt, licensedAt.plus(URI_VALIDITY));
        LicenseEvent ev = repo.find(key).orElseThrow();
        LOG.info("Licensed {} {} as event {} (request key {})", type, assetId, ev.id(), key);
        return ev;
    }
}
