package io.mediarelay.runtime.cli;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.type.TypeReference;
import io.mediarelay.config.ConfigException;
import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.runtime.admin.CliQueries;

/**
 * Read-only CLI commands answer from the database file when they can open it; while a runtime holds it (H2 never
 * listens on the network) they ask that runtime's admin API for the same data ({@link CliQueries} on both sides),
 * so the command prints the same either way. No runtime on the admin port: the one-line "held" error stays.
 */
final class FromDatabaseOrRuntime {
    private FromDatabaseOrRuntime() {
    }

    static <T> T read(RuntimeConfig config, CliQueries.Query<T> local, String adminPath, TypeReference<T> type) throws Exception {
        DataSource ds;
        try {
            ds = CliDatabase.open(config);
        } catch (CliDatabase.HeldByRuntime held) {
            return fromRuntime(config, held, adminPath, type);
        }
        return local.run(ds);
    }

    /** {@code path?k=v&...} with the null values left out and the rest URL-encoded. */
    static String path(String path, Object... keyValues) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                params.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return params.isEmpty() ? path : path + "?" + params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(String.valueOf(e.getValue()), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static <T> T fromRuntime(RuntimeConfig config, CliDatabase.HeldByRuntime held, String adminPath,
                                     TypeReference<T> type) throws Exception {
        HttpResponse<String> response;
        try {
            response = new AdminClient(config).call("GET", adminPath);
        } catch (AdminClient.NotRunningException e) {
            throw held;
        }
        if (response.statusCode() == 200) {
            return CliQueries.JSON.readValue(response.body(), type);
        }
        String error = errorOf(response.body());
        if (response.statusCode() == 400) {
            throw new ConfigException(error); // bad input: the same line the command prints when it reads the file
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new ConfigException("the running mediarelay holds the database and refused the admin API call ("
                    + response.statusCode() + ": " + error + "); check mediarelay.admin.token");
        }
        throw new ConfigException("the running mediarelay holds the database; its admin API answered "
                + response.statusCode() + ": " + error);
    }

    /** The {@code error} field of an admin API error, on one line. */
    private static String errorOf(String body) {
        try {
            var node = CliQueries.JSON.readTree(body);
            if (node != null && node.hasNonNull("error")) {
                return node.get("error").asText().replaceAll("\\s+", " ");
            }
        } catch (Exception ignored) {
            // not JSON: fall through to the raw text
        }
        return String.valueOf(body).replaceAll("\\s+", " ");
    }
}
