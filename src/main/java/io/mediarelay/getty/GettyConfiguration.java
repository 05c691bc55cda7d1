package io.mediarelay.getty;

import java.time.Duration;

import io.mediarelay.connector.RetryPolicy;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * Connection, credential and resilience settings, set once on the component
 * ({@code camel.component.getty.*}) so secrets never appear in endpoint URIs. {@link UriParams}: the generated
 * component configurer sets each field by its option name (no reflection, no delegating setters on the component).
 */
@UriParams
public class GettyConfiguration implements Cloneable {

    public static final String DEFAULT_BASE_URL = "https://api.gettyimages.com";
    public static final String DEFAULT_TOKEN_URL = "https://authentication.gettyimages.com/oauth2/token";

    @UriParam(defaultValue = DEFAULT_BASE_URL, description = "API base URL (sandbox: http://127.0.0.1:port)")
    private String baseUrl = DEFAULT_BASE_URL;
    @UriParam(defaultValue = DEFAULT_TOKEN_URL, description = "OAuth2 token URL")
    private String tokenUrl = DEFAULT_TOKEN_URL;
    @UriParam(label = "security", secret = true, description = "Getty API key, sent as Api-Key on every call")
    private String apiKey;
    @UriParam(label = "security", secret = true, description = "OAuth2 client id (defaults to the api key)")
    private String clientId;
    @UriParam(label = "security", secret = true, description = "OAuth2 client secret")
    private String clientSecret;
    @UriParam(label = "security", secret = true, description = "Getty user for the password grant")
    private String username;
    @UriParam(label = "security", secret = true, description = "Password for the password grant")
    private String password;
    @UriParam(label = "security", secret = true, description = "Refresh token (refresh_token grant)")
    private String refreshToken;
    /** client_credentials, password or refresh_token; blank = password when a username is set, else client_credentials. */
    @UriParam(label = "security", enums = "client_credentials,password,refresh_token",
            description = "Grant; default password when username is set, else client_credentials")
    private String grantType;
    @UriParam(defaultValue = "0", description = "Client-side request limit per credential set (0 = unlimited)")
    private double qps = 0;
    @UriParam(defaultValue = "10000", description = "Connect timeout (ms)")
    private int connectTimeout = 10_000;
    @UriParam(defaultValue = "60000", description = "Read timeout (ms): until response headers, and max stall of a download body")
    private int readTimeout = 60_000;
    @UriParam(defaultValue = "5", description = "Max attempts for 5xx, timeouts and connection errors")
    private int maxAttempts = 5;
    @UriParam(defaultValue = "250", description = "First retry backoff (ms), doubled per attempt, with jitter")
    private long initialBackoff = 250;
    @UriParam(defaultValue = "30000", description = "Max backoff (ms); caps Retry-After too")
    private long maxBackoff = 30_000;
    @UriParam(defaultValue = "300", description = "Renew tokens this many seconds before expiry (at most 20% of the lifetime)")
    private int tokenRenewMarginSeconds = 300;
    @UriParam(defaultValue = "60000", description = "An UNCERTAIN license (POST sent, answer lost) is looked up in Getty's"
            + " download history this long after the POST (Getty's record may lag): found -> reused, not found -> licensed again")
    private long reconcileDelay = 60_000;

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
        return Duration.ofMillis(connectTimeout);
    }

    public Duration readTimeout() {
        return Duration.ofMillis(readTimeout);
    }

    /** Retries of Getty calls (API and token) as configured: maxAttempts, initialBackoff, maxBackoff. */
    public RetryPolicy retryPolicy() {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff);
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
    public int getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(int connectTimeout) { this.connectTimeout = connectTimeout; }
    public long getReconcileDelay() { return reconcileDelay; }
    public void setReconcileDelay(long reconcileDelay) { this.reconcileDelay = Math.max(0, reconcileDelay); }
    public int getReadTimeout() { return readTimeout; }
    public void setReadTimeout(int readTimeout) { this.readTimeout = readTimeout; }
    public int getMaxAttempts() { return maxAttempts; }
    public void setMaxAttempts(int maxAttempts) { this.maxAttempts = Math.max(1, maxAttempts); }
    public long getInitialBackoff() { return initialBackoff; }
    public void setInitialBackoff(long initialBackoff) { this.initialBackoff = initialBackoff; }
    public long getMaxBackoff() { return maxBackoff; }
    public void setMaxBackoff(long maxBackoff) { this.maxBackoff = maxBackoff; }
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
