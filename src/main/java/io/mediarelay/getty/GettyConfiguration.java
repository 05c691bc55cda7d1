package io.mediarelay.getty;

import java.time.Duration;

/**
 * Connection, credential and resilience settings, set once on the component
 * ({@code camel.component.getty.*}) so secrets never appear in endpoint URIs.
 */
public class GettyConfiguration implements Cloneable {

    public static final String DEFAULT_BASE_URL = "https://api.gettyimages.com";
    public static final String DEFAULT_TOKEN_URL = "https://authentication.gettyimages.com/oauth2/token";

    private String baseUrl = DEFAULT_BASE_URL;
    private String tokenUrl = DEFAULT_TOKEN_URL;
    private String apiKey;
    private String clientId;
    private String clientSecret;
    private String username;
    private String password;
    private String refreshToken;
    /** client_credentials, password or refresh_token; blank = password when a username is set, else client_credentials. */
    private String grantType;
    private double qps = 0;
    private int connectTimeoutMs = 10_000;
    private int readTimeoutMs = 60_000;
    private int maxAttempts = 5;
    private long initialBackoffMs = 250;
    private long maxBackoffMs = 30_000;
    private int tokenRenewMarginSeconds = 300;
    private long reconcileDelayMs = 60_000;

    public String effectiveGrantType() {
        if (grantType != null && !grantType.isBlank()) {
            return grantType;
        }
        if (username != null && !username.isBlank()) {
            return "password";
        }
        if (refreshToken != null && !refreshToken.isBlank()) {
            return "refresh_token";
        }
        return "client_credentials";
    }

    /** Token caches and rate limiters are shared by every endpoint/route using the same credential set. */
    public String credentialKey() {
        return tokenUrl + "|" + (clientId == null ? apiKey : clientId) + "|" + (username == null ? "" : username);
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(connectTimeoutMs);
    }

    public Duration readTimeout() {
        return Duration.ofMillis(readTimeoutMs);
    }

    public GettyConfiguration copy() {
        try {
            return (GettyConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    public String getBaseUrl() { return baseUrl; }
    public void setBaseUrl(String baseUrl) { this.baseUrl = stripSlash(baseUrl); }
    public String getTokenUrl() { return tokenUrl; }
    public void setTokenUrl(String tokenUrl) { this.tokenUrl = tokenUrl; }
    public String getApiKey() { return apiKey; }
    public void setApiKey(String apiKey) { this.apiKey = apiKey; }
    public String getClientId() { return clientId; }
    public void setClientId(String clientId) { this.clientId = clientId; }
    public String getClientSecret() { return clientSecret; }
    public void setClientSecret(String clientSecret) { this.clientSecret = clientSecret; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public String getRefreshToken() { return refreshToken; }
    public void setRefreshToken(String refreshToken) { this.refreshToken = refreshToken; }
    public String getGrantType() { return grantType; }
    public void setGrantType(String grantType) { this.grantType = grantType; }
    public double getQps() { return qps; }
    public void setQps(double qps) { this.qps = qps; }
    public int getConnectTimeoutMs() { return connectTimeoutMs; }
    public void setConnectTimeoutMs(int connectTimeoutMs) { this.connectTimeoutMs = connectTimeoutMs; }
    public long getReconcileDelayMs() { return reconcileDelayMs; }
    public void setReconcileDelayMs(long reconcileDelayMs) { this.reconcileDelayMs = Math.max(0, reconcileDelayMs); }
    public int getReadTimeoutMs() { return readTimeoutMs; }
    public void setReadTimeoutMs(int readTimeoutMs) { this.readTimeoutMs = readTimeoutMs; }
    public int getMaxAttempts() { return maxAttempts; }
    public void setMaxAttempts(int maxAttempts) { this.maxAttempts = Math.max(1, maxAttempts); }
    public long getInitialBackoffMs() { return initialBackoffMs; }
    public void setInitialBackoffMs(long initialBackoffMs) { this.initialBackoffMs = initialBackoffMs; }
    public long getMaxBackoffMs() { return maxBackoffMs; }
    public void setMaxBackoffMs(long maxBackoffMs) { this.maxBackoffMs = maxBackoffMs; }
    public int getTokenRenewMarginSeconds() { return tokenRenewMarginSeconds; }
    public void setTokenRenewMarginSeconds(int s) { this.tokenRenewMarginSeconds = s; }

    private static String stripSlash(String s) {
        return s != null && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** Deliberately omits every secret: this object may end up in logs or exception messages. */
    @Override
    public String toString() {
        return "GettyConfiguration[baseUrl=" + baseUrl + ", tokenUrl=" + tokenUrl + ", grant=" + effectiveGrantType()
                + ", qps=" + qps + ", maxAttempts=" + maxAttempts + "]";
    }
}
