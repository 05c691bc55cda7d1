package io.mediarelay.getty;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.OptionalLong;

import javax.net.ssl.SSLContext;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP client of downloads (licensed media, up to gigabytes per file): Apache HttpClient 5 in its classic,
 * blocking form. The API calls keep {@code java.net.http}; for a large body it costs too much: every 16 KB buffer
 * goes from its selector thread through a queue to the reading thread (bench/getty-download.sh: 1 GiB at 0.55x
 * curl, 5x curl's CPU). The classic client reads the socket in the thread that reads the stream, straight into the
 * caller's buffer (Camel's file and FTP producers copy with 128 KB buffers).
 *
 * <p>Same contract as before: connect and read timeouts from the configuration, redirects not followed here
 * (every hop is checked for https by {@link DownloadFetcher}), bytes as sent (no content decoding), no cookies,
 * no automatic retry (the fetcher retries), the JVM's default TLS context (its trust store).
 */
final class DownloadHttpClient implements Closeable {

    /** An open response; {@link #close()} ends it, closing the connection when the body was not read to its end. */
    interface Response extends Closeable {
        int status();

        Optional<String> header(String name);

        OptionalLong contentLength();

        /** The body; closing it closes the response. */
        InputStream body() throws IOException;
    }

    private final CloseableHttpClient http;

    DownloadHttpClient(GettyConfiguration cfg) {
        ConnectionConfig timeouts = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.ofMilliseconds(cfg.getConnectTimeout()))
                .setSocketTimeout(Timeout.ofMilliseconds(cfg.getReadTimeout()))
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(timeouts)
                        .setTlsSocketStrategy(new DefaultClientTlsStrategy(defaultTls()))
                        // downloads of one flow run in parallel (gf1 concurrency); the pool must not be the limit
                        .setMaxConnPerRoute(64)
                        .setMaxConnTotal(128)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }

    Response get(URI uri) throws IOException {
        HttpGet get = new HttpGet(uri);
        ClassicHttpResponse resp = http.executeOpen(null, get, null);
        return new Response() {
            @Override
            public int status() {
                return resp.getCode();
            }

            @Override
            public Optional<String> header(String name) {
                Header h = resp.getFirstHeader(name);
                return h == null ? Optional.empty() : Optional.ofNullable(h.getValue());
            }

            @Override
            public OptionalLong contentLength() {
                HttpEntity e = resp.getEntity();
                return e == null || e.getContentLength() < 0 ? OptionalLong.empty() : OptionalLong.of(e.getContentLength());
            }

            @Override
            public InputStream body() throws IOException {
                HttpEntity e = resp.getEntity();
                InputStream in = e == null ? InputStream.nullInputStream() : e.getContent();
                // closing the entity's stream, or the response gracefully, reads the rest of the body to reuse the
                // connection (a gigabyte after a failed upload): a body closed before its end drops the connection
                // instead (GettyStubServerTest); one read to its end goes back to the pool
                return new FilterInputStream(in) {
                    private boolean ended;

                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        ended |= b < 0;
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = super.read(buf, off, len);
                        ended |= n < 0;
                        return n;
                    }

                    @Override
                    public void close() throws IOException {
                        if (ended) {
                            resp.close(); // nothing left to read: the connection goes back to the pool
                        } else {
                            abort();
                        }
                    }
                };
            }

            @Override
            public void close() {
                abort(); // a redirect or an error body: nothing more of it is read
            }

            private void abort() {
                if (resp instanceof ModalCloseable modal) {
                    modal.close(CloseMode.IMMEDIATE); // drops the connection, reads nothing more
                } else {
                    get.cancel();
                }
            }
        };
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
