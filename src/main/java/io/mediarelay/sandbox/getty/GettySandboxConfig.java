package io.mediarelay.sandbox.getty;

import java.nio.file.Path;

/**
 * Plain mutable configuration of a {@link GettySandbox}. Fluent setters return {@code this};
 * defaults are chosen so that {@code new GettySandbox(new GettySandboxConfig()).start()} is a fast,
 * deterministic, in-memory Getty.
 */
public final class GettySandboxConfig {

    int port = 0;
    Path dataDir;
    long seed = 42;
    int catalogImages = 60;
    int catalogVideos = 10;
    long videoBytes = 5_000_000;
    int tokenLifetimeSeconds = 1800;
    double qpsLimit = 0;
    double errorRatio = 0;
    int latencyMs = 0;
    String apiKey = "sandbox-api-key";
    String clientId = "sandbox-client";
    String clientSecret = "sandbox-secret";
    String username = "sandbox-user";
    String password = "sandbox-password";
    int downloadLimit = 100;
    int threads = 16;

    public GettySandboxConfig port(int v) { this.port = v; return this; }
    public GettySandboxConfig dataDir(Path v) { this.dataDir = v; return this; }
    public GettySandboxConfig seed(long v) { this.seed = v; return this; }
    public GettySandboxConfig catalogImages(int v) { this.catalogImages = requireNonNegative(v, "catalogImages"); return this; }
    public GettySandboxConfig catalogVideos(int v) { this.catalogVideos = requireNonNegative(v, "catalogVideos"); return this; }
    public GettySandboxConfig videoBytes(long v) {
        // the MP4 header alone is 48 bytes; anything smaller would not be a recognisable file
        if (v < 64) throw new IllegalArgumentException("videoBytes must be >= 64");
        this.videoBytes = v;
        return this;
    }
    public GettySandboxConfig tokenLifetimeSeconds(int v) { this.tokenLifetimeSeconds = requireNonNegative(v, "tokenLifetimeSeconds"); return this; }
    public GettySandboxConfig qpsLimit(double v) { this.qpsLimit = Math.max(0, v); return this; }
    public GettySandboxConfig errorRatio(double v) { this.errorRatio = Math.min(1, Math.max(0, v)); return this; }
    public GettySandboxConfig latencyMs(int v) { this.latencyMs = requireNonNegative(v, "latencyMs"); return this; }
    public GettySandboxConfig apiKey(String v) { this.apiKey = v; return this; }
    public GettySandboxConfig clientId(String v) { this.clientId = v; return this; }
    public GettySandboxConfig clientSecret(String v) { this.clientSecret = v; return this; }
    public GettySandboxConfig username(String v) { this.username = v; return this; }
    public GettySandboxConfig password(String v) { this.password = v; return this; }
    public GettySandboxConfig downloadLimit(int v) { this.downloadLimit = requireNonNegative(v, "downloadLimit"); return this; }
    /** Size of the HTTP worker pool (default 16). */
    /**
     * The account has re-download rights: downloading an asset again under the product it was licensed with, by the
     * same user, consumes no download and is no new licence (an ASSUMPTION about Getty, see docs/GETTY.md).
     * Off by default: a repeat download then consumes one, as the spec's text says of every call.
     */
    public GettySandboxConfig redownloadsFree(boolean v) { this.redownloadsFree = v; return this; }
    public boolean redownloadsFree() { return redownloadsFree; }
    private boolean redownloadsFree;
    public GettySandboxConfig threads(int v) { this.threads = Math.max(1, v); return this; }

    public int port() { return port; }
    public Path dataDir() { return dataDir; }
    public long seed() { return seed; }
    public int catalogImages() { return catalogImages; }
    public int catalogVideos() { return catalogVideos; }
    public long videoBytes() { return videoBytes; }
    public int tokenLifetimeSeconds() { return tokenLifetimeSeconds; }
    public double qpsLimit() { return qpsLimit; }
    public double errorRatio() { return errorRatio; }
    public int latencyMs() { return latencyMs; }
    public String apiKey() { return apiKey; }
    public String clientId() { return clientId; }
    public String clientSecret() { return clientSecret; }
    public String username() { return username; }
    public String password() { return password; }
    public int downloadLimit() { return downloadLimit; }
    public int threads() { return threads; }

    private static int requireNonNegative(int v, String name) {
        if (v < 0) throw new IllegalArgumentException(name + " must be >= 0");
        return v;
    }
}
