package io.mediarelay.getty;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediarelay.connector.Json;
import io.mediarelay.connector.RateLimiter;
import io.mediarelay.connector.RetryPolicy;
import io.mediarelay.connector.SecureUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the Getty API: Api-Key and bearer token on every call, client-side rate limit, retries with
 * backoff for throttling/5xx/IO errors, one token renewal + retry on 401, and typed errors otherwise.
 *
 * <p>{@link Mode#UNSAFE_ONCE} is for license POSTs, which cost money: they are retried only when the
 * server certainly did not act (throttled, 503, connection never established); any other failure is
 * reported as {@link GettyUncertainException} instead of being retried blindly.
 */
public final class GettyHttpClient {

    private static final Logger LOG = LoggerFactory.getLogger(GettyHttpClient.class);
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final int MAX_THROTTLE_RETRIES = 20;

    public enum Mode { IDEMPOTENT, UNSAFE_ONCE }

    /** Status + parsed JSON body of a successful call. */
    public record ApiResponse(int status, JsonNode body) {
    }

    private final GettyConfiguration cfg;
    private final HttpClient http;
    private final TokenProvider tokens;
    private final RateLimiter limiter;
    private final RetryPolicy retry;

    public GettyHttpClient(GettyConfiguration cfg) {
        this.cfg = cfg.copy();
        SharedCredentials.Entry shared = SharedCredentials.forConfig(cfg);
        this.tokens = shared.tokens();
        this.limiter = shared.limiter();
        this.retry = cfg.retryPolicy();
        this.http = HttpClient.newBuilder().connectTimeout(cfg.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public HttpClient http() {
        return http;
    }

    private volatile DownloadHttpClient downloads;

    /** The client of downloads (see {@link DownloadHttpClient}), made when the first download starts. */
    DownloadHttpClient downloads() {
        DownloadHttpClient d = downloads;
        if (d == null) {
            synchronized (this) {
                if (downloads == null) {
                    downloads = new DownloadHttpClient(cfg);
                }
                d = downloads;
            }
        }
        return d;
    }

    /** Closes the connections of downloads (the API client of java.net.http needs no closing on Java 17). */
    synchronized void close() {
        DownloadHttpClient d = downloads;
        downloads = null; // a component started again makes a new one
        if (d != null) {
            try {
                d.close();
            } catch (IOException e) {
                LOG.debug("Closing the download client failed", e);
            }
        }
    }

    public GettyConfiguration config() {
        return cfg;
    }

    public RateLimiter limiter() {
        return limiter;
    }

    public RetryPolicy retryPolicy() {
        return retry;
    }

    public JsonNode get(String path, Map<String, ?> query) throws IOException, InterruptedException {
        return call("GET", path, query, null, Mode.IDEMPOTENT).body();
    }

    /** Sends a JSON body (or none); returns status and parsed body for 2xx and 409 (callers decide about 409). */
    public ApiResponse call(String method, String path, Map<String, ?> query, Object jsonBody, Mode mode)
            throws IOException, InterruptedException {
        return call(method, path, query, jsonBody, mode, null);
    }

    /**
     * As {@link #call(String, String, Map, Object, Mode)}; {@code beforeSend} runs right before each attempt goes
     * out (after throttle waits): a license POST refreshes its claim there, so a claim older than one attempt can
     * take is known to be abandoned.
     */
    public ApiResponse call(String method, String path, Map<String, ?> query, Object jsonBody, Mode mode, Runnable beforeSend)
            throws IOException, InterruptedException {
        URI uri = SecureUrls.requireSecure(cfg.getBaseUrl() + path + queryString(query), "Getty API call");
        byte[] body = jsonBody == null ? new byte[0] : Json.MAPPER.writeValueAsBytes(jsonBody);
        boolean renewedAfter401 = false;
        int throttles = 0;
        for (int attempt = 1; ; attempt++) {
            limiter.acquire();
            String token = tokens.token();
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(cfg.readTimeout())
                    .header("Api-Key", cfg.getApiKey() == null ? "" : cfg.getApiKey())
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json");
            if (jsonBody != null) {
                b.header("Content-Type", "application/json");
            }
            // Getty wants an explicit empty body (Content-Length: 0) on body-less PUT/POST
            b.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<InputStream> resp;
            if (beforeSend != null) {
                beforeSend.run();
            }
            try {
                resp = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                boolean neverSent = e instanceof HttpConnectTimeoutException || e instanceof ConnectException;
                if (mode == Mode.UNSAFE_ONCE && !neverSent) {
                    throw new GettyUncertainException(method + " " + path + " failed after sending: " + e.getClass().getSimpleName(), e);
                }
                if (!retry.canRetry(attempt)) {
                    throw new GettyApiException(0, "ConnectionFailed", method + " " + path + " after " + attempt + " attempts: "
                            + e.getClass().getSimpleName(), e);
                }
                long wait = retry.backoffMillis(attempt, null);
                LOG.debug("{} {} failed ({}), retrying in {} ms", method, path, e.getClass().getSimpleName(), wait);
                Thread.sleep(wait);
                continue;
            }
            int status = resp.statusCode();
            if (status >= 200 && status < 300 || status == 409) {
                try (InputStream in = resp.body()) {
                    byte[] bytes = in.readAllBytes();
                    return new ApiResponse(status, bytes.length == 0 ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(bytes));
                }
            }
            byte[] err = readBounded(resp.body());
            if (status == 401 && !renewedAfter401) {
                // token revoked or expired early: renew once and retry; a second 401 is a real error
                renewedAfter401 = true;
                tokens.invalidate(token);
                attempt--;
                LOG.debug("{} {} got 401, renewing token and retrying once", method, path);
                continue;
            }
            boolean throttled = ErrorBodies.isThrottle(status, resp.headers()::firstValue);
            boolean retryable = ErrorBodies.isRetryable(status, resp.headers()::firstValue);
            if (mode == Mode.UNSAFE_ONCE && retryable && !throttled && status != 503) {
                throw new GettyUncertainException(method + " " + path + " answered HTTP " + status
                        + " (" + ErrorBodies.code(err, ErrorBodies.fallbackCode(status)) + ")", null);
            }
            if (throttled && throttles < MAX_THROTTLE_RETRIES) {
                // being throttled is not a failure of the call: it gets its own, larger budget
                throttles++;
                attempt--;
            }
            if (retryable && retry.canRetry(attempt)) {
                long wait = retry.backoffMillis(attempt, RetryPolicy.parseRetryAfter(resp.headers().firstValue("Retry-After").orElse(null)));
                LOG.debug("{} {} answered {}, retrying in {} ms", method, path, status, wait);
                if (throttled) {
                    limiter.pause(wait);
                } else {
                    Thread.sleep(wait);
                }
                continue;
            }
            throw new GettyApiException(status, ErrorBodies.code(err, ErrorBodies.fallbackCode(status)),
                    method + " " + path + (retryable ? " (gave up after " + attempt + " attempts)" : ""));
        }
    }

    /** The token for calls outside {@link #call} (none today; downloads go to a signed URI without it). */
    TokenProvider tokens() {
        return tokens;
    }

    static byte[] readBounded(InputStream in) throws IOException {
        try (in) {
            return in.readNBytes(MAX_ERROR_BODY);
        }
    }

    static String queryString(Map<String, ?> query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        return "?" + query.entrySet().stream().filter(e -> e.getValue() != null && !e.getValue().toString().isEmpty())
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue().toString()).replace("%2C", ","))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
