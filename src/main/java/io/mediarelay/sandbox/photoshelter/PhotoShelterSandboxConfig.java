package io.mediarelay.sandbox.photoshelter;

import java.nio.file.Path;

/**
 * Mutable configuration of a {@link PhotoShelterSandbox}; fluent setters return {@code this}. The defaults give
 * a fast, deterministic sandbox whose account belongs to one organization (so org authentication is exercised).
 */
public final class PhotoShelterSandboxConfig {

    int port = 0;
    Path dataDir;
    long seed = 7;
    String apiKey = "sandbox-ps-api-key";
    String email = "sandbox@mediarelay.example";
    String password = "sandbox-ps-password";
    /** Blank: the account belongs to no organization. */
    String organizationId = "O0000SANDBOXORG1";
    String organizationName = "Sandbox Brand";
    int sessionIdleSeconds = 3600;
    double qpsLimit = 0;
    double errorRatio = 0;
    int latencyMs = 0;
    int threads = 8;
    volatile boolean v3AuthErrorsAsHttp200;

    public PhotoShelterSandboxConfig port(int v) { this.port = v; return this; }
    /** Where state.json and uploaded files live; null: a temporary directory. */
    public PhotoShelterSandboxConfig dataDir(Path v) { this.dataDir = v; return this; }
    public PhotoShelterSandboxConfig seed(long v) { this.seed = v; return this; }
    public PhotoShelterSandboxConfig apiKey(String v) { this.apiKey = v; return this; }
    public PhotoShelterSandboxConfig email(String v) { this.email = v; return this; }
    public PhotoShelterSandboxConfig password(String v) { this.password = v; return this; }
    public PhotoShelterSandboxConfig organizationId(String v) { this.organizationId = v; return this; }
    public PhotoShelterSandboxConfig sessionIdleSeconds(int v) { this.sessionIdleSeconds = Math.max(1, v); return this; }
    public PhotoShelterSandboxConfig qpsLimit(double v) { this.qpsLimit = Math.max(0, v); return this; }
    public PhotoShelterSandboxConfig errorRatio(double v) { this.errorRatio = Math.min(1, Math.max(0, v)); return this; }
    public PhotoShelterSandboxConfig latencyMs(int v) { this.latencyMs = Math.max(0, v); return this; }
    public PhotoShelterSandboxConfig threads(int v) { this.threads = Math.max(1, v); return this; }
    /** v3 session errors as HTTP 200 + {@code {"status":"error","code":"SessionExpired"}} instead of 401. */
    public PhotoShelterSandboxConfig v3AuthErrorsAsHttp200(boolean v) { this.v3AuthErrorsAsHttp200 = v; return this; }

    public int port() { return port; }
    public Path dataDir() { return dataDir; }
    public String apiKey() { return apiKey; }
    public String email() { return email; }
    public String password() { return password; }
    public String organizationId() { return organizationId; }
    public double qpsLimit() { return qpsLimit; }
    public double errorRatio() { return errorRatio; }

    boolean hasOrganization() {
        return organizationId != null && !organizationId.isBlank();
    }
}
