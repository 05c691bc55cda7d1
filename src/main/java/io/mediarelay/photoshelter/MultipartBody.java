package io.mediarelay.photoshelter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A multipart/form-data body built as a stream: small text fields + the file's InputStream + the closing
 * boundary, chained with SequenceInputStream, so the file is never buffered. With a known size it is sent with
 * Content-Length (some gateways refuse chunked uploads); otherwise chunked.
 */
final class MultipartBody implements PhotoShelterClient.Body {

    /** Opens the file content; called once per attempt. */
    interface Source {
        InputStream open() throws IOException;
    }

    private final String boundary = "mediarelay-" + UUID.randomUUID();
    private final Map<String, String> fields;
    private final String fileName;
    private final Source source;
    private final long size;
    private final boolean replayable;

    MultipartBody(Map<String, String> fields, String fileName, Source source, long size, boolean replayable) {
        this.fields = fields;
        this.fileName = fileName;
        this.source = source;
        this.size = size;
        this.replayable = replayable;
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    @Override
    public boolean replayable() {
        return replayable;
    }

    @Override
    public HttpRequest.BodyPublisher open() throws IOException {
        byte[] head = head();
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        // the file is opened when the client subscribes, i.e. once per attempt
        HttpRequest.BodyPublisher p = HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return new SequenceInputStream(java.util.Collections.enumeration(
                        List.of(new ByteArrayInputStream(head), source.open(), new ByteArrayInputStream(tail))));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return size >= 0 ? HttpRequest.BodyPublishers.fromPublisher(p, head.length + size + tail.length) : p;
    }

    private byte[] head() {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(k).append("\"\r\n\r\n").append(v).append("\r\n"));
        b.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"file\"; filename=\"").append(headerSafe(fileName)).append("\"; filename*=UTF-8''")
                .append(URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20")).append("\r\n")
                .append("Content-Type: application/octet-stream\r\n\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A hostile name must not break out of the quoted header value: CR/LF would inject headers or parts, a quote
     * would end the value. Path separators are kept out too; the server stores a display name only, but we never
     * send a path.
     */
    static String headerSafe(String name) {
        String s = name == null ? "" : name;
        int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        s = s.substring(slash + 1).replaceAll("[\\p{Cntrl}\"]", "_").trim();
        return s.isEmpty() || s.equals("..") || s.equals(".") ? "upload" : s;
    }
}
