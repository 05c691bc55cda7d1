package io.mediarelay.photoshelter;

import java.time.Duration;

/**
 * Connection, credential and resilience settings, set once on the component ({@code camel.component.photoshelter.*})
 * so secrets never appear in endpoint URIs or route dumps.
 */
public class PhotoShelterConfiguration implements Cloneable {

    public static final String DEFAULT_BASE_URL = "https://www.photoshelter.com";

    private String baseUrl = DEFAULT_BASE_URL;
    private String apiKey;
    /** v3 and v4 keys may differ (the WordPress plugin carries both); blank = apiKey. */
    private String v3ApiKey;
    private String email;
    private String password;
    /** Blank: the first organization the login returns; "none": stay a plain member session. */
    private String organizationId;
    private double qps = 0;
    private int connectTimeoutMs = 10_000;
    private int readTimeoutMs = 60_000;
    private int maxAttempts = 5;
    private long initialBackoffMs = 250;
    private long maxBackoffMs = 30_000;
    private int maxThrottleRetries = 20;

    /** Sessions and rate limiters are shared by every endpoint using the same account and key. */
    public String credentialKey() {
        return baseUrl + "|" + apiKey + "|" + email;
    }

    public String v3Key() {
        return v3ApiKey == null || v3ApiKey.isBlank() ? apiKey : v3ApiKey;
    }

    public Duration connectTimeout() { return Duration.ofMillis(connectTimeoutMs); }
    public Duration readTimeout() { return Duration.ofMillis(readTimeoutMs); }

    public PhotoShelterConfiguration copy() {
        try {
            return (PhotoShelterConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    public String getBaseUrl() { return baseUrl; }
    public void setBaseUrl(String v) { this.baseUrl = v != null && v.endsWith("/") ? v.substring(0, v.length() - 1) : v; }
    public String getApiKey() { return apiKey; }
    public void setApiKey(String v) { this.apiKey = v; }
    public String getV3ApiKey() { return v3ApiKey; }
    public void setV3ApiKey(String v) { this.v3ApiKey = v; }
    public String getEmail() { return email; }
    public void setEmail(String v) { this.email = v; }
    public String getPassword() { return password; }
    public void setPassword(String v) { this.password = v; }
    public String getOrganizationId() { return organizationId; }
    public void setOrganizationId(String v) { this.organizationId = v; }
    public double getQps() { return qps; }
    public void setQps(double v) { this.qps = v; }
    public int getConnectTimeoutMs() { return connectTimeoutMs; }
    public void setConnectTimeoutMs(int v) { this.connectTimeoutMs = v; }
    public int getReadTimeoutMs() { return readTimeoutMs; }
    public void setReadTimeoutMs(int v) { this.readTimeoutMs = v; }
    public int getMaxAttempts() { return maxAttempts; }
    public void setMaxAttempts(int v) { this.maxAttempts = Math.max(1, v); }
    public long getInitialBackoffMs() { return initialBackoffMs; }
    public void setInitialBackoffMs(long v) { this.initialBackoffMs = v; }
    public long getMaxBackoffMs() { return maxBackoffMs; }
    public void setMaxBackoffMs(long v) { this.maxBackoffMs = v; }
    public int getMaxThrottleRetries() { return maxThrottleRetries; }
    public void setMaxThrottleRetries(int v) { this.maxThrottleRetries = Math.max(0, v); }

    /** Deliberately omits every secret: this object may end up in logs or exception messages. */
    @Override
    public String toString() {
        return "PhotoShelterConfiguration[baseUrl=" + baseUrl + ", organizationId=" + organizationId + ", qps=" + qps
                + ", maxAttempts=" + maxAttempts + "]";
    }
}
