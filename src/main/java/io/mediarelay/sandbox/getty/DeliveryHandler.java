package io.mediarelay.sandbox.getty;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "delivery" and "CDN" hosts. A licensed URI ({@code /delivery/...}, signed, valid 24 h, no auth)
 * answers 302 to {@code /cdn/...}, which serves the bytes with Content-Disposition, Content-Length and
 * single-range {@code Range} support (206/416), mirroring delivery.gettyimages.com + CloudFront.
 * {@code /media/...} serves the small watermark-free display renditions (thumb/comp/preview).
 */
final class DeliveryHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryHandler.class);
    static final Duration VALIDITY = Duration.ofHours(24);
    private static final Pattern ASSET_PATH =
            Pattern.compile("^/(delivery|cdn)/(image|video)s/([^/]+)/([^/]+)(?:/[^/]+)?$");
    private static final Pattern MEDIA_PATH = Pattern.compile("^/media/(image|video)s/([^/]+)/(thumb|comp|preview)\\.jpg$");
    private static final Pattern RANGE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");

    private final SandboxCatalog catalog;
    private final JpegRenderer jpegs;
    private final UrlSigner signer;
    private final GettySandboxConfig config;
    private final String baseUrl;

    DeliveryHandler(String baseUrl, SandboxCatalog catalog, JpegRenderer jpegs, UrlSigner signer,
                    GettySandboxConfig config) {
        this.baseUrl = baseUrl;
        this.catalog = catalog;
        this.jpegs = jpegs;
        this.signer = signer;
        this.config = config;
    }

    /** The opaque, signed download URI handed out by POST /v3/downloads/... */
    String deliveryUri(CatalogAsset a, String sizeName, Instant issuedAt) {
        long expires = issuedAt.plus(VALIDITY).getEpochSecond();
        String path = a.type() + "s/" + a.id() + "/" + sizeName;
        return baseUrl + "/delivery/" + path + "?e=" + expires + "&s=" + signer.sign(path + "|" + expires);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        LOG.debug("{} {}", ex.getRequestMethod(), path);
        try {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                plain(ex, 405, "Method Not Allowed");
                return;
            }
            Matcher media = MEDIA_PATH.matcher(path);
            if (media.matches()) {
                serveMedia(ex, media.group(1), media.group(2), media.group(3));
                return;
            }
            Matcher m = ASSET_PATH.matcher(path);
            CatalogAsset a = m.matches() ? catalog.find(m.group(3), m.group(2)) : null;
            DownloadSizes.Size size = a == null ? null : DownloadSizes.byName(a, config.videoBytes, m.group(4));
            if (size == null) {
                plain(ex, 404, "Not Found");
                return;
            }
            Map<String, String> q = HttpIo.query(ex);
            String signed = m.group(2) + "s/" + a.id() + "/" + size.name();
            long expires = parseLong(q.get("e"));
            if (!signer.verify(signed + "|" + expires, q.get("s"))) {
                plain(ex, 403, accessDenied("Invalid signature"));
                return;
            }
            if (Instant.now().getEpochSecond() >= expires) {
                plain(ex, 403, accessDenied("Request has expired"));
                return;
            }
            if ("delivery".equals(m.group(1))) {
                // like the real delivery host: bounce to the CDN edge which serves the file
                String filename = a.id() + "." + a.extension();
                HttpIo.redirect(ex, 302, baseUrl + "/cdn/" + signed + "/" + filename + "?" + ex.getRequestURI().getRawQuery());
                return;
            }
            serveAsset(ex, a, size);
        } catch (IOException e) {
            // usually the client went away mid-stream (e.g. testing resume); nothing to answer
            LOG.debug("delivery of {} aborted: {}", path, e.toString());
        } finally {
            ex.close();
        }
    }

    private void serveAsset(HttpExchange ex, CatalogAsset a, DownloadSizes.Size size) throws IOException {
        ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=" + a.id() + "." + a.extension());
        ex.getResponseHeaders().set("Cache-Control", "private, max-age=86400");
        if (a.isVideo()) {
            ex.getResponseHeaders().set("Content-Type", "video/mp4");
            long total = size.bytes();
            stream(ex, total, UrlSigner.digest(config.seed + a.id() + total),
                    (from, to) -> new VideoStream(config.seed, a.id(), total, from, to));
        } else {
            byte[] jpeg = jpegs.render(a.id(), size.width(), size.height());
            ex.getResponseHeaders().set("Content-Type", "image/jpeg");
            stream(ex, jpeg.length, UrlSigner.digest(config.seed + a.id() + size.name()),
                    (from, to) -> new ByteArrayInputStream(jpeg, (int) from, (int) (to - from)));
        }
    }

    private void serveMedia(HttpExchange ex, String type, String id, String name) throws IOException {
        CatalogAsset a = catalog.find(id, type);
        if (a == null) {
            plain(ex, 404, "Not Found");
            return;
        }
        // Getty: thumb ~170 px, preview ~406 px, comp 612 px on the longest side
        int longest = switch (name) {
            case "thumb" -> 170;
            case "preview" -> 406;
            default -> 612;
        };
        double scale = (double) longest / Math.max(a.width(), a.height());
        byte[] jpeg = jpegs.render(a.id(), Math.max(1, (int) Math.round(a.width() * scale)),
                Math.max(1, (int) Math.round(a.height() * scale)));
        ex.getResponseHeaders().set("Content-Type", "image/jpeg");
        ex.getResponseHeaders().set("Cache-Control", "public, max-age=86400");
        HttpIo.sendBytes(ex, 200, jpeg);
    }

    private interface Source {
        InputStream open(long from, long to) throws IOException;
    }

    /** Writes [from,to) of a resource honouring a single byte range; multi-range falls back to 200. */
    private static void stream(HttpExchange ex, long total, String etag, Source source) throws IOException {
        ex.getResponseHeaders().set("Accept-Ranges", "bytes");
        ex.getResponseHeaders().set("ETag", "\"" + etag + "\"");
        long from = 0;
        long to = total;
        int status = 200;
        String range = ex.getRequestHeaders().getFirst("Range");
        String ifRange = ex.getRequestHeaders().getFirst("If-Range");
        boolean rangeApplies = range != null && (ifRange == null || ifRange.equals("\"" + etag + "\""));
        Matcher m = rangeApplies ? RANGE.matcher(range.trim()) : null;
        if (m != null && m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
            if (m.group(1).isEmpty()) { // suffix range: last N bytes
                from = Math.max(0, total - parseLong(m.group(2)));
            } else {
                from = parseLong(m.group(1));
                if (!m.group(2).isEmpty()) to = Math.min(total, parseLong(m.group(2)) + 1);
            }
            if (from >= total || from >= to) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + total);
                ex.sendResponseHeaders(416, -1);
                return;
            }
            status = 206;
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (to - 1) + "/" + total);
        }
        long length = to - from;
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : length);
        if (head) return;
        try (InputStream in = source.open(from, to); OutputStream out = ex.getResponseBody()) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
        }
    }

    private static void plain(HttpExchange ex, int status, String text) throws IOException {
        ex.getResponseHeaders().set("Content-Type", text.startsWith("<") ? "application/xml" : "text/plain");
        HttpIo.sendBytes(ex, status, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String accessDenied(String message) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>"
                + message + "</Message></Error>";
    }

    private static long parseLong(String s) {
        try {
            return s == null ? -1 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
