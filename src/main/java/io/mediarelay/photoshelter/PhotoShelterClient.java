package io.mediarelay.photoshelter;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
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
 * Sends PhotoShelter calls: API key + session token on every member call, client-side rate limit, 429/Retry-After
 * back-off with its own budget, bounded retries on 5xx and I/O errors, one re-authentication on an auth error
 * (401 or a v3 {@code status != "ok"} auth code), and {@link PhotoShelterApiException} naming PhotoShelter's error
 * otherwise. Only replayable bodies are retried: a one-shot InputStream upload gets exactly one attempt.
 */
public final class PhotoShelterClient {

    private static final Logger LOG = LoggerFactory.getLogger(PhotoShelterClient.class);
    private static final int MAX_JSON = 32 * 1024 * 1024;

    /** Produces the request body; {@code replayable} when it can be produced again for a retry. */
    public interface Body {
        HttpRequest.BodyPublisher open() throws IOException;

        boolean replayable();

        Body NONE = new Body() {
            public HttpRequest.BodyPublisher open() { return HttpRequest.BodyPublishers.noBody(); }
            public boolean replayable() { return true; }
        };

        static Body of(byte[] bytes) {
            return new Body() {
                public HttpRequest.BodyPublisher open() { return HttpRequest.BodyPublishers.ofByteArray(bytes); }
                public boolean replayable() { return true; }
            };
        }
    }

    /** One call. {@code token}: "member" uses the session, "none" none, anything else is sent as given. */
    record Call(String method, String path, Map<String, ?> query, String contentType, Body body, boolean member, String explicitToken) {
    }

    /** A successful response: parsed JSON, or the open stream for downloads. */
    public record Result(JsonNode json, HttpResponse<InputStream> stream) {
    }

    private final PhotoShelterConfiguration cfg;
    private final HttpClient http;
    private final RateLimiter limiter;
    private final RetryPolicy retry;
    private final SessionManager session;

    PhotoShelterClient(PhotoShelterConfiguration cfg, RateLimiter limiter) {
        this.cfg = cfg.copy();
        this.limiter = limiter;
        this.retry = new RetryPolicy(cfg.getMaxAttempts(), cfg.getInitialBackoff(), cfg.getMaxBackoff());
        this.http = HttpClient.newBuilder().connectTimeout(cfg.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.session = new SessionManager(this, cfg);
    }

    public SessionManager session() { return session; }

    public RateLimiter limiter() { return limiter; }

    /** v3 member call; GET sends params as query, POST as an urlencoded form. Returns {@code data}. */
    public JsonNode v3(String method, String path, Map<String, ?> params) throws IOException, InterruptedException {
        return Envelopes.payload(json(form(method, "/psapi/v3" + path, params, true, null)));
    }

    /** v4 member call with an optional JSON body. Returns the whole document (data + meta). */
    public JsonNode v4(String method, String path, Map<String, ?> query, Object jsonBody) throws IOException, InterruptedException {
        Body body = jsonBody == null ? Body.NONE : Body.of(Json.MAPPER.writeValueAsBytes(jsonBody));
        return json(new Call(method, "/psapi/v4.0" + path, query, jsonBody == null ? null : "application/json", body, true, null));
    }

    /** A member call whose 2xx body is returned unread (downloads); the caller closes the stream. */
    public HttpResponse<InputStream> stream(String path, Map<String, ?> query) throws IOException, InterruptedException {
        return send(new Call("GET", path, query, null, Body.NONE, true, null), false).stream();
    }

    /** A member POST with a custom body (multipart upload); returns v3 {@code data}. */
    public JsonNode post(String path, String contentType, Body body) throws IOException, InterruptedException {
        return Envelopes.payload(json(new Call("POST", path, null, contentType, body, true, null)));
    }

    Call form(String method, String path, Map<String, ?> params, boolean member, String token) {
        if (method.equals("GET")) return new Call(method, path, params, null, Body.NONE, member, token);
        return new Call(method, path, null, "application/x-www-form-urlencoded",
                Body.of(queryString(params).getBytes(StandardCharsets.UTF_8)), member, token);
    }

    JsonNode json(Call c) throws IOException, InterruptedException {
        return send(c, true).json();
    }

    Result send(Call c, boolean json) throws IOException, InterruptedException {
        String q = c.query() == null || c.query().isEmpty() ? "" : "?" + queryString(c.query());
        URI uri = SecureUrls.requireSecure(cfg.getBaseUrl() + c.path() + q, "PhotoShelter API call");
        String what = c.method() + " " + c.path();
        boolean reauthenticated = false;
        int throttles = 0;
        for (int attempt = 1; ; attempt++) {
            limiter.acquire();
            String token = c.member() ? session.token() : c.explicitToken();
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(cfg.readTimeout())
                    .header("X-PS-Api-Key", nz(c.path().startsWith("/psapi/v3") ? cfg.v3Key() : cfg.getApiKey()))
                    .header("Accept", "application/json")
                    .method(c.method(), c.body().open());
            if (token != null) b.header("X-PS-Auth-Token", token);
            if (c.contentType() != null) b.header("Content-Type", c.contentType());
            HttpResponse<InputStream> resp;
            try {
                resp = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                if (!c.body().replayable() || !retry.canRetry(attempt)) {
                    throw new PhotoShelterApiException(0, "ConnectionFailed", null, "PhotoShelter " + what + " failed after "
                            + attempt + " attempt(s): " + e.getClass().getSimpleName(), e);
                }
                long wait = retry.backoffMillis(attempt, null);
                LOG.debug("{} failed ({}), retrying in {} ms", what, e.getClass().getSimpleName(), wait);
                Thread.sleep(wait);
                continue;
            }
            int status = resp.statusCode();
            if (status >= 200 && status < 300 && !json) {
                return new Result(null, resp);
            }
            JsonNode body = readJson(resp.body(), status >= 300);
            Envelopes.ApiError err = Envelopes.error(status, body);
            if (err == null) {
                return new Result(body, null);
            }
            if (err.isAuth() && c.member() && !c.body().replayable()) {
                // a one-shot stream cannot be resent, but the next exchange must not reuse the dead session
                session.invalidate(token);
            }
            if (err.isAuth() && c.member() && !reauthenticated && c.body().replayable()) {
                // session expired or revoked: log in again once; a second auth error is a real failure
                reauthenticated = true;
                session.invalidate(token);
                attempt--;
                LOG.debug("{} answered {} {}, re-authenticating once", what, status, err.id());
                continue;
            }
            boolean retryable = status == 429 || status == 408 || status >= 500;
            if (status == 429 && throttles < cfg.getMaxThrottleRetries()) {
                // throttling is not a failure of the call: it has its own, larger budget
                throttles++;
                attempt--;
            }
            if (retryable && c.body().replayable() && retry.canRetry(attempt)) {
                long wait = retry.backoffMillis(Math.max(1, attempt), RetryPolicy.parseRetryAfter(resp.headers().firstValue("Retry-After").orElse(null)));
                LOG.debug("{} answered {}, retrying in {} ms", what, status, wait);
                if (status == 429) limiter.pause(wait); else Thread.sleep(wait);
                continue;
            }
            throw err.toException(what, retryable ? " after " + attempt + " attempt(s)" : "");
        }
    }

    private static JsonNode readJson(InputStream in, boolean error) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes(error ? 64 * 1024 : MAX_JSON);
            if (bytes.length == 0) return null;
            try {
                return Json.MAPPER.readTree(bytes);
            } catch (IOException e) {
                if (error) return null; // e.g. an HTML page from a proxy: the status speaks
                throw new PhotoShelterApiException(200, "InvalidResponse", null, "PhotoShelter returned a non-JSON body", e);
            }
        }
    }

    static String queryString(Map<String, ?> query) {
        return query.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue().toString())).collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
