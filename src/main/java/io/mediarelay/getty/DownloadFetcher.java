package io.mediarelay.getty;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.OptionalLong;

import io.mediarelay.connector.RetryPolicy;
import io.mediarelay.connector.SecureUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GETs a licensed download URI as a stream. Redirects are followed by hand (any 3xx, at most 5) so
 * every hop is checked for https; no Api-Key or token is sent, because the URI is pre-signed and the
 * delivery/CDN hosts are not the API host. A GET of the same URI does not license again, so it is
 * retried like any idempotent call.
 */
public final class DownloadFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(DownloadFetcher.class);
    private static final int MAX_REDIRECTS = 5;

    /** An open download; the caller owns (and must close) the stream. */
    public record Download(InputStream stream, String fileName, long contentLength, String contentType) {
    }

    private final GettyHttpClient client;

    public DownloadFetcher(GettyHttpClient client) {
        this.client = client;
    }

    public Download fetch(String uri, String fallbackName) throws IOException, InterruptedException {
        GettyConfiguration cfg = client.config();
        RetryPolicy retry = client.retryPolicy();
        for (int attempt = 1; ; attempt++) {
            URI current = SecureUrls.requireSecure(uri, "download");
            DownloadHttpClient.Response resp = null;
            try {
                for (int hop = 0; ; hop++) {
                    resp = client.downloads().get(current);
                    int status = resp.status();
                    if (status < 300 || status >= 400) {
                        break;
                    }
                    String location = resp.header("Location").orElse(null);
                    resp.close();
                    if (location == null || hop >= MAX_REDIRECTS) {
                        throw new GettyApiException(status, "BadRedirect", "download redirect without usable Location");
                    }
                    current = SecureUrls.requireSecure(current.resolve(location), "download redirect");
                }
            } catch (IOException e) {
                if (!retry.canRetry(attempt)) {
                    throw new GettyApiException(0, "DownloadFailed", e.getClass().getSimpleName() + " fetching "
                            + SecureUrls.redact(current), e);
                }
                Thread.sleep(retry.backoffMillis(attempt, null));
                continue;
            }
            int status = resp.status();
            if (status == 200) {
                String name = ContentDisposition.fileName(resp.header("Content-Disposition").orElse(null), fallbackName);
                OptionalLong len = resp.contentLength();
                String type = resp.header("Content-Type").orElse("application/octet-stream");
                LOG.debug("Streaming download from {} ({} bytes)", SecureUrls.redact(current), len.orElse(-1));
                return new Download(new WatchdogInputStream(resp.body(), cfg.getReadTimeout()), name, len.orElse(-1), type);
            }
            byte[] err;
            try (InputStream body = resp.body()) {
                err = GettyHttpClient.readBounded(body);
            }
            String retryAfter = resp.header("Retry-After").orElse(null);
            if (ErrorBodies.isRetryable(status, resp::header) && retry.canRetry(attempt)) {
                Thread.sleep(retry.backoffMillis(attempt, RetryPolicy.parseRetryAfter(retryAfter)));
                continue;
            }
            throw new GettyApiException(status, ErrorBodies.code(err, ErrorBodies.fallbackCode(status)),
                    "download from " + SecureUrls.redact(current));
        }
    }
}
