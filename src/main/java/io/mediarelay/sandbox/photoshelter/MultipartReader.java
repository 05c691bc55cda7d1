package io.mediarelay.sandbox.photoshelter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Streaming multipart/form-data reader: part bodies are copied straight to an {@link OutputStream} with a
 * 64 KB window, so a 200 MB upload never sits in memory (the sandbox shares the JVM with the tests that
 * measure the connector's heap). Only what the upload endpoint needs: part headers + body.
 */
final class MultipartReader {

    /** Headers of one part; {@code name} and {@code fileName} come from Content-Disposition. */
    record PartHeaders(String name, String fileName, Map<String, String> headers) {
    }

    private static final int WINDOW = 64 * 1024;
    private static final int MAX_HEADER_LINE = 8 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf;
    private int start;
    private int end;
    private boolean eof;
    private boolean finished;

    MultipartReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[WINDOW + delimiter.length + 4];
        // a virtual CRLF lets the first boundary (which has none before it) match the same delimiter
        buf[0] = '\r';
        buf[1] = '\n';
        end = 2;
    }

    static String boundaryOf(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) return null;
        for (String p : contentType.split(";")) {
            String t = p.trim();
            if (t.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = t.substring(9);
                return b.startsWith("\"") && b.endsWith("\"") && b.length() > 1 ? b.substring(1, b.length() - 1) : b;
            }
        }
        return null;
    }

    /** Skips the preamble; then {@link #nextPart()} until it returns null. */
    void begin() throws IOException {
        copyBody(OutputStream.nullOutputStream());
    }

    /** Headers of the next part, or null after the closing boundary; then call {@link #copyBody}. */
    PartHeaders nextPart() throws IOException {
        if (finished) return null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon > 0) headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        String cd = headers.getOrDefault("content-disposition", "");
        return new PartHeaders(param(cd, "name"), param(cd, "filename"), headers);
    }

    /** Copies the current part's body to {@code out}; returns its length. */
    long copyBody(OutputStream out) throws IOException {
        long total = 0;
        while (true) {
            int idx = indexOf();
            if (idx >= 0) {
                out.write(buf, start, idx - start);
                total += idx - start;
                start = idx + delimiter.length;
                fill(2);
                if (end - start < 2) throw new IOException("truncated multipart body");
                finished = buf[start] == '-' && buf[start + 1] == '-';
                start += 2;
                return total;
            }
            int safe = Math.max(start, end - delimiter.length + 1);
            out.write(buf, start, safe - start);
            total += safe - start;
            start = safe;
            if (eof) throw new IOException("multipart body ended without closing boundary");
            compactAndRead();
        }
    }

    private int indexOf() {
        outer:
        for (int i = start; i <= end - delimiter.length; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (buf[i + j] != delimiter[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            fill(1);
            if (start >= end) throw new IOException("truncated multipart headers");
            byte b = buf[start++];
            if (b == '\n') break;
            if (b != '\r') sb.append((char) (b & 0xff));
            if (sb.length() > MAX_HEADER_LINE) throw new IOException("multipart header line too long");
        }
        // header values are UTF-8 on the wire (browsers and java.net.http clients send them so)
        return new String(sb.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private void fill(int need) throws IOException {
        while (end - start < need && !eof) compactAndRead();
    }

    private void compactAndRead() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) eof = true; else end += n;
    }

    private static String param(String header, String name) {
        for (String p : header.split(";")) {
            String t = p.trim();
            int eq = t.indexOf('=');
            if (eq > 0 && t.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String v = t.substring(eq + 1).trim();
                return v.length() > 1 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }
}
