package io.mediarelay.photoshelter;

import java.time.Duration;

import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * Connection, credential and resilience settings, set once on the component ({@code camel.component.photoshelter.*})
 * so secrets never appear in endpoint URIs or route dumps. {@link UriParams}: the generated component configurer sets
 * each field by its option name (no reflection, no delegating setters on the component).
 */
@UriParams
public class PhotoShelterConfiguration implements Cloneable {

    public static final String DEFAULT_BASE_URL = "https://www.photoshelter.com";

    @UriParam(defaultValue = DEFAULT_BASE_URL, description = "Root URL; /psapi/v3 and /psapi/v4.0 are appended")
    private String baseUrl = DEFAULT_BASE_URL;
    @UriParam(label = "security", secret = true, description = "API key, sent as X-PS-Api-Key")
    private String apiKey;
    /** v3 and v4 keys may differ (the WordPress plugin carries both); blank = apiKey. */
    @UriParam(label = "security", secret = true, description = "Separate v3 API key, if the account has one (default: apiKey)")
    private String v3ApiKey;
    @UriParam(label = "security", secret = true, description = "Member login email")
    private String email;
    @UriParam(label = "security", secret = true, description = "Member login password")
    private String password;
    /** Blank: the first organization the login returns; "none": stay a plain member session. */
    @UriParam(description = "Organization to authenticate to (blank: the first the login returns; none: no org auth)")
    private String organizationId;
    @UriParam(defaultValue = "0", description = "Client-side request limit per second (0 = unlimited)")
    private double qps = 0;
    @UriParam(defaultValue = "10000", description = "Connect timeout (ms)")
    private int connectTimeout = 10_000;
    @UriParam(defaultValue = "60000", description = "Timeout (ms) until response headers")
    private int readTimeout = 60_000;
    @UriParam(defaultValue = "5", description = "Max attempts for 5xx, timeouts and connection errors")
    private int maxAttempts = 5;
    @UriParam(defaultValue = "250", description = "First retry backoff (ms), doubled per attempt, with jitter")
    private long initialBackoff = 250;
    @UriParam(defaultValue = "30000", description = "Max backoff (ms); caps Retry-After too")
    private long maxBackoff = 30_000;
    @UriParam(defaultValue = "20", description = "Extra attempts allowed for 429 responses (separate from maxAttempts)")
    private int maxThrottleRetries = 20;

    /** Sessions and rate limiters are shared by every endpoint using the same account and key. */
    public String credentialKey() {
        return baseUrl + "|" + apiKey + "|" + email;
    }

    public String v3Key() {
        return v3ApiKey == null || v3ApiKey.isBlank() ? apiKey : v3ApiKey;
    }

    public Duration connectTimeout() { return Duration.ofMillis(connectTimeout); }
    public Duration readTimeout() { return Duration.ofMillis(readTimeout); }

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
    public int getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(int v) { this.connectTimeout = v; }
    public int getReadTimeout() { return readTimeout; }
    public void setReadTimeout(int v) { this.readTimeout = v; }
    public int getMaxAttempts() { return maxAttempts; }
    public void setMaxAttempts(int v) { this.maxAttempts = Math.max(1, v); }
    public long getInitialBackoff() { return initialBackoff; }
    public void setInitialBackoff(long v) { this.initialBackoff = v; }
    public long getMaxBackoff() { return maxBackoff; }
    public void setMaxBackoff(long v) { this.maxBackoff = v; }
    public int getMaxThrottleRetries() { return maxThrottleRetries; }
    public void setMaxThrottleRetries(int v) { this.maxThrottleRetries = Math.max(0, v); }

    /** Deliberately omits every secret: this object may end up in logs or exception messages. */
    @Override
    public String toString() {
        return "PhotoShelterConfiguration[baseUrl=" + baseUrl + ", organizationId=" + organizationId + ", qps=" + qps
                + ", maxAttempts=" + maxAttempts + "]";
    }
}
