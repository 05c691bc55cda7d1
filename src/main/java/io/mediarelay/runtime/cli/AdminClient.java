package io.mediarelay.runtime.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.mediarelay.config.ConfigException;
import io.mediarelay.config.RuntimeConfig;

/** Talks to a running instance's admin API with the configured bearer token. */
final class AdminClient {
    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** Nothing listens on the admin port: commands that can answer from the files fall back to them. */
    static final class NotRunningException extends ConfigException {
        NotRunningException(String message) {
            super(message);
        }
    }

    AdminClient(RuntimeConfig config) {
        this.baseUrl = "http://127.0.0.1:" + config.getInt("camel.server.port", 8080);
        this.token = config.get("mediarelay.admin.token", "");
    }

    HttpResponse<String> call(String method, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new NotRunningException("no running mediarelay at " + baseUrl + " (start it with: mediarelay run)");
        } catch (IOException e) {
            throw new ConfigException("admin API at " + baseUrl + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted");
        }
    }
}
