package io.mediarelay.getty;

import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code getty:} component. Credentials and connection tuning are component options
 * ({@code camel.component.getty.*}) so they never appear in endpoint URIs or route dumps; the
 * endpoint URI carries only the operation and its parameters.
 */
@Component("getty")
public class GettyComponent extends DefaultComponent {

    public static final String DEFAULT_DATA_SOURCE = "mediarelayDataSource";

    private GettyConfiguration configuration = new GettyConfiguration();

    @Metadata(autowired = true, description = "DataSource for license events and polling cursors;"
            + " defaults to the registry bean 'mediarelayDataSource'")
    private DataSource dataSource;

    private volatile GettyHttpClient client;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        GettyOperation op = GettyOperation.fromUri(remaining);
        GettyEndpoint endpoint = new GettyEndpoint(uri, this, op);
        // query.<name>=value: extra Getty query parameters passed through verbatim
        Map<String, Object> extra = org.apache.camel.util.PropertiesHelper.extractProperties(parameters, "query.");
        endpoint.getQuery().putAll(extra);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // never let Camel's stream caching buffer a download (1 GB videos, -Xmx128m)
        var strategy = getCamelContext().getStreamCachingStrategy();
        var deny = new java.util.ArrayList<Class<?>>(strategy.getDenyClasses() == null ? java.util.List.of() : strategy.getDenyClasses());
        if (!deny.contains(WatchdogInputStream.class)) {
            deny.add(WatchdogInputStream.class);
            strategy.setDenyClasses(deny.toArray(new Class<?>[0]));
        }
    }

    /** One client per component; token cache and rate limiter inside are shared JVM-wide per credential set. */
    GettyHttpClient client() {
        GettyHttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = new GettyHttpClient(configuration);
                }
                c = client;
            }
        }
        return c;
    }

    DataSource resolveDataSource() {
        if (dataSource == null) {
            dataSource = getCamelContext().getRegistry().lookupByNameAndType(DEFAULT_DATA_SOURCE, DataSource.class);
        }
        if (dataSource == null) {
            var all = getCamelContext().getRegistry().findByType(DataSource.class);
            if (all.size() == 1) {
                dataSource = all.iterator().next();
            }
        }
        if (dataSource == null) {
            throw new IllegalStateException("getty: no DataSource (set camel.component.getty.dataSource or bind '"
                    + DEFAULT_DATA_SOURCE + "')");
        }
        return dataSource;
    }

    public GettyConfiguration getConfiguration() { return configuration; }
    public void setConfiguration(GettyConfiguration configuration) { this.configuration = configuration; }
    public DataSource getDataSource() { return dataSource; }
    public void setDataSource(DataSource dataSource) { this.dataSource = dataSource; }

    // ---- component options, flattened for camel.component.getty.* ----------------------------------

    @Metadata(defaultValue = GettyConfiguration.DEFAULT_BASE_URL, description = "API base URL (sandbox: http://127.0.0.1:port)")
    public void setBaseUrl(String v) { configuration.setBaseUrl(v); }
    public String getBaseUrl() { return configuration.getBaseUrl(); }

    @Metadata(defaultValue = GettyConfiguration.DEFAULT_TOKEN_URL, description = "OAuth2 token URL")
    public void setTokenUrl(String v) { configuration.setTokenUrl(v); }
    public String getTokenUrl() { return configuration.getTokenUrl(); }

    @Metadata(label = "security", secret = true, description = "Getty API key, sent as Api-Key on every call")
    public void setApiKey(String v) { configuration.setApiKey(v); }
    public String getApiKey() { return configuration.getApiKey(); }

    @Metadata(label = "security", secret = true, description = "OAuth2 client id (defaults to the api key)")
    public void setClientId(String v) { configuration.setClientId(v); }
    public String getClientId() { return configuration.getClientId(); }

    @Metadata(label = "security", secret = true, description = "OAuth2 client secret")
    public void setClientSecret(String v) { configuration.setClientSecret(v); }
    public String getClientSecret() { return configuration.getClientSecret(); }

    @Metadata(label = "security", secret = true, description = "Getty user for the password grant")
    public void setUsername(String v) { configuration.setUsername(v); }
    public String getUsername() { return configuration.getUsername(); }

    @Metadata(label = "security", secret = true, description = "Password for the password grant")
    public void setPassword(String v) { configuration.setPassword(v); }
    public String getPassword() { return configuration.getPassword(); }

    @Metadata(label = "security", secret = true, description = "Refresh token (refresh_token grant)")
    public void setRefreshToken(String v) { configuration.setRefreshToken(v); }
    public String getRefreshToken() { return configuration.getRefreshToken(); }

    @Metadata(label = "security", enums = "client_credentials,password,refresh_token",
            description = "Grant; default password when username is set, else client_credentials")
    public void setGrantType(String v) { configuration.setGrantType(v); }
    public String getGrantType() { return configuration.getGrantType(); }

    @Metadata(defaultValue = "0", description = "Client-side request limit per credential set (0 = unlimited)")
    public void setQps(double v) { configuration.setQps(v); }
    public double getQps() { return configuration.getQps(); }

    @Metadata(defaultValue = "10000", description = "Connect timeout (ms)")
    public void setConnectTimeout(int v) { configuration.setConnectTimeoutMs(v); }
    public int getConnectTimeout() { return configuration.getConnectTimeoutMs(); }

    @Metadata(defaultValue = "60000", description = "Read timeout (ms): until response headers, and max stall of a download body")
    public void setReadTimeout(int v) { configuration.setReadTimeoutMs(v); }
    public int getReadTimeout() { return configuration.getReadTimeoutMs(); }

    @Metadata(defaultValue = "5", description = "Max attempts for 5xx, timeouts and connection errors")
    public void setMaxAttempts(int v) { configuration.setMaxAttempts(v); }
    public int getMaxAttempts() { return configuration.getMaxAttempts(); }

    @Metadata(defaultValue = "250", description = "First retry backoff (ms), doubled per attempt, with jitter")
    public void setInitialBackoff(long v) { configuration.setInitialBackoffMs(v); }
    public long getInitialBackoff() { return configuration.getInitialBackoffMs(); }

    @Metadata(defaultValue = "30000", description = "Max backoff (ms); caps Retry-After too")
    public void setMaxBackoff(long v) { configuration.setMaxBackoffMs(v); }
    public long getMaxBackoff() { return configuration.getMaxBackoffMs(); }

    @Metadata(defaultValue = "60000", description = "An UNCERTAIN license (POST sent, answer lost) is looked up in Getty's"
            + " download history this long after the POST (Getty's record may lag): found -> reused, not found -> licensed again")
    public void setReconcileDelay(long v) { configuration.setReconcileDelayMs(v); }
    public long getReconcileDelay() { return configuration.getReconcileDelayMs(); }

    @Metadata(defaultValue = "300", description = "Renew tokens this many seconds before expiry (at most 20% of the lifetime)")
    public void setTokenRenewMarginSeconds(int v) { configuration.setTokenRenewMarginSeconds(v); }
    public int getTokenRenewMarginSeconds() { return configuration.getTokenRenewMarginSeconds(); }
}
