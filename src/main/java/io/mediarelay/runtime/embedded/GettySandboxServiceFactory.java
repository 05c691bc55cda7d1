package io.mediarelay.runtime.embedded;

import java.nio.file.Path;
import java.util.Map;

import io.mediarelay.common.EmbeddedService;
import io.mediarelay.common.EmbeddedServiceFactory;
import io.mediarelay.config.ConfigException;
import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.sandbox.getty.GettySandbox;
import io.mediarelay.sandbox.getty.GettySandboxConfig;

/**
 * The embedded default's Getty Images sandbox: {@code mediarelay.embedded.getty.*}.
 * <ul>
 *   <li>{@code enabled} (false), {@code port} (8089; 0 = any free port, the bound one is published back as
 *       {@code mediarelay.embedded.getty.port}), {@code data-dir} ({@code {{mediarelay.data-dir}}/getty-sandbox}:
 *       products, licences, boards and usage batches survive a restart).</li>
 *   <li>Fault knobs, all off by default: {@code qps-limit} (0 = none), {@code error-ratio} (0..1 of /v3 calls
 *       answered 5xx), {@code latency-ms}, {@code token-lifetime-seconds} (1800), {@code video-bytes}
 *       (5000000, the size of every sandbox video file).</li>
 *   <li>Credentials it accepts: {@code api-key}, {@code client-id}, {@code client-secret}, {@code username},
 *       {@code password} (defaults are the sandbox's literal {@code sandbox-*} values).</li>
 * </ul>
 */
public final class GettySandboxServiceFactory implements EmbeddedServiceFactory {

    static final String PREFIX = "mediarelay.embedded.getty.";

    @Override
    public String name() {
        return "getty";
    }

    @Override
    public boolean enabled(RuntimeConfig config) {
        return config.getBoolean(PREFIX + "enabled", false);
    }

    @Override
    public EmbeddedService create(RuntimeConfig config) {
        GettySandboxConfig cfg = sandboxConfig(config);
        GettySandbox sandbox = new GettySandbox(cfg);
        return new EmbeddedService() {
            @Override public String name() { return "getty"; }
            @Override public void start() {
                try {
                    sandbox.start();
                    fillBoard(sandbox, config);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("Getty sandbox could not start on 127.0.0.1:" + cfg.port() + ": "
                            + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
                }
            }
            @Override public void stop() { sandbox.stop(); }
            @Override public Map<String, String> publishedProperties() {
                return Map.of(PREFIX + "port", String.valueOf(sandbox.port()));
            }
            @Override public Object unwrap() { return sandbox; }
        };
    }

    /**
     * Seed knob for load and crash runs (bench/gf1-crash.sh): {@code fill-board=<board id>} and
     * {@code fill-board-size=N} top the board up with catalog images until it holds N assets (idempotent: a
     * restart on the same data dir adds nothing).
     */
    static void fillBoard(GettySandbox sandbox, RuntimeConfig config) {
        String board = blankToNull(config.get(PREFIX + "fill-board", null));
        if (board == null) {
            return;
        }
        int size = config.getInt(PREFIX + "fill-board-size", 0);
        for (String id : sandbox.catalogImageIds()) {
            if (sandbox.boardAssetCount(board) >= size) {
                break;
            }
            sandbox.addAssetToBoard(board, id);
        }
        if (sandbox.boardAssetCount(board) < size) {
            throw new ConfigException(PREFIX + "fill-board-size=" + size + " needs a larger catalog ("
                    + PREFIX + "catalog-images)");
        }
    }

    static GettySandboxConfig sandboxConfig(RuntimeConfig config) {
        Path dataDir = config.path("mediarelay.data-dir", "data").resolve("getty-sandbox");
        GettySandboxConfig cfg = new GettySandboxConfig()
                .port(config.getInt(PREFIX + "port", 8089))
                .dataDir(config.path(PREFIX + "data-dir", dataDir.toString()))
                .qpsLimit(getDouble(config, PREFIX + "qps-limit", 0))
                .errorRatio(getDouble(config, PREFIX + "error-ratio", 0))
                .latencyMs(config.getInt(PREFIX + "latency-ms", 0))
                .tokenLifetimeSeconds(config.getInt(PREFIX + "token-lifetime-seconds", 1800))
                .videoBytes(getLong(config, PREFIX + "video-bytes", 5_000_000L))
                // downloads per product and period; only read when the sandbox seeds its state (a fresh data dir)
                .downloadLimit(config.getInt(PREFIX + "download-limit", 100))
                .catalogImages(config.getInt(PREFIX + "catalog-images", 60))
                // an account with re-download rights (see docs/GETTY.md): a repeat download is no new licence
                .redownloadsFree(Boolean.parseBoolean(config.get(PREFIX + "redownloads-free", "false")));
        String v;
        if ((v = blankToNull(config.get(PREFIX + "api-key", null))) != null) cfg.apiKey(v);
        if ((v = blankToNull(config.get(PREFIX + "client-id", null))) != null) cfg.clientId(v);
        if ((v = blankToNull(config.get(PREFIX + "client-secret", null))) != null) cfg.clientSecret(v);
        if ((v = blankToNull(config.get(PREFIX + "username", null))) != null) cfg.username(v);
        if ((v = blankToNull(config.get(PREFIX + "password", null))) != null) cfg.password(v);
        return cfg;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static double getDouble(RuntimeConfig config, String key, double dflt) {
        String v = blankToNull(config.get(key, null));
        if (v == null) return dflt;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("property " + key + " must be a number, got '" + v + "'");
        }
    }

    private static long getLong(RuntimeConfig config, String key, long dflt) {
        String v = blankToNull(config.get(key, null));
        if (v == null) return dflt;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("property " + key + " must be a whole number, got '" + v + "'");
        }
    }
}
