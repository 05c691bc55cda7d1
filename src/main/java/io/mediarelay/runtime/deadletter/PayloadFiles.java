package io.mediarelay.runtime.deadletter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;

/**
 * The payload of a dead letter, kept as a file so a replay sends the same bytes (files, streams, bytes, text;
 * structured data as JSON).
 */
final class PayloadFiles {
    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();

    private PayloadFiles() {
    }

    /** Copies the message body to a new file under {@code payloadDir}; null when there is no body. */
    static Path save(Exchange exchange, Path payloadDir) throws IOException {
        Object body = exchange.getIn().getBody();
        if (body == null) {
            return null;
        }
        Files.createDirectories(payloadDir);
        Path target = payloadDir.resolve(UUID.randomUUID() + ".bin");
        try {
            return copyPayload(exchange, body, target);
        } catch (IOException e) {
            Files.deleteIfExists(target);
            throw e;
        }
    }

    private static Path copyPayload(Exchange exchange, Object body, Path target) throws IOException {
        if (body instanceof GenericFile<?> gf && gf.getFile() instanceof java.io.File f) {
            Files.copy(f.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } else if (body instanceof java.io.File f) {
            Files.copy(f.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } else if (body instanceof InputStream in) {
            try (in) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } else if (body instanceof byte[] bytes) {
            Files.write(target, bytes);
        } else if (body instanceof Map<?, ?> || body instanceof Collection<?> || body instanceof JsonNode) {
            // structured data (a license view of a registry feed): kept as JSON, which a replay reads back
            // (JsonMapping reads a file body as JSON); Map.toString() could not be read back at all
            JSON.writeValue(target.toFile(), body);
        } else {
            String text = exchange.getContext().getTypeConverter().tryConvertTo(String.class, exchange, body);
            Files.writeString(target, text == null ? String.valueOf(body) : text, StandardCharsets.UTF_8);
        }
        return target;
    }
}
