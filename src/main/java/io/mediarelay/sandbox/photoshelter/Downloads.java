package io.mediarelay.sandbox.photoshelter;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.net.httpserver.HttpExchange;

/** Sends an original as application/octet-stream with Content-Length and an RFC 6266 Content-Disposition. */
final class Downloads {

    private Downloads() {
    }

    static void send(HttpExchange ex, SandboxStore store, SandboxStore.Image image) throws IOException {
        Path file = store.fileOf(image.id);
        long size = Files.size(file);
        String ascii = image.fileName.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "_");
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(image.fileName, StandardCharsets.UTF_8).replace("+", "%20"));
        ex.sendResponseHeaders(200, size == 0 ? -1 : size);
        try (OutputStream out = ex.getResponseBody()) {
            Files.copy(file, out);
        }
    }
}
