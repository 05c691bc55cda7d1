package io.mediarelay.photoshelter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.mediarelay.getty.RateLimiter;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code photoshelter:} component. Credentials and tuning are component options
 * ({@code camel.component.photoshelter.*}) so they never appear in endpoint URIs or route dumps.
 */
@Component("photoshelter")
public class PhotoShelterComponent extends DefaultComponent {

    public static final String DEFAULT_DATA_SOURCE = "mediarelayDataSource";

    private PhotoShelterConfiguration configuration = new PhotoShelterConfiguration();

    @Metadata(autowired = true, description = "DataSource for polling cursors; defaults to the bean 'mediarelayDataSource'")
    private DataSource dataSource;

    private volatile PhotoShelterClient client;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        PhotoShelterEndpoint endpoint = new PhotoShelterEndpoint(uri, this, PhotoShelterOperation.fromUri(remaining));
        setProperties(endpoint, parameters);
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // never let Camel's stream caching buffer an original download
        var strategy = getCamelContext().getStreamCachingStrategy();
        List<Class<?>> deny = new ArrayList<>(strategy.getDenyClasses() == null ? List.of() : strategy.getDenyClasses());
        if (!deny.contains(MediaOperations.DownloadStream.class)) {
            deny.add(MediaOperations.DownloadStream.class);
            strategy.setDenyClasses(deny.toArray(new Class<?>[0]));
        }
    }

    /** One client (session, rate limiter) per component: PhotoShelter sessions are per account. */
    public PhotoShelterClient client() {
        PhotoShelterClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = new PhotoShelterClient(configuration, new RateLimiter(configuration.getQps()));
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
            if (all.size() == 1) dataSource = all.iterator().next();
        }
        if (dataSource == null) {
            throw new IllegalStateException("photoshelter: no DataSource (set camel.component.photoshelter.dataSource or bind '"
                    + DEFAULT_DATA_SOURCE + "')");
        }
        return dataSource;
    }

    public PhotoShelterConfiguration getConfiguration() { return configuration; }
    public void setConfiguration(PhotoShelterConfiguration c) { this.configuration = c; }
    public DataSource getDataSource() { return dataSource; }
    public void setDataSource(DataSource ds) { this.dataSource = ds; }

    // ---- component options, flattened for camel.component.photoshelter.* ----------------------------

    @Metadata(defaultValue = PhotoShelterConfiguration.DEFAULT_BASE_URL, description = "Root URL; /psapi/v3 and /psapi/v4.0 are appended")
    public void setBaseUrl(String v) { configuration.setBaseUrl(v); }
    public String getBaseUrl() { return configuration.getBaseUrl(); }

    @Metadata(label = "security", secret = true, description = "API key, sent as X-PS-Api-Key")
    public void setApiKey(String v) { configuration.setApiKey(v); }
    public String getApiKey() { return configuration.getApiKey(); }

    @Metadata(label = "security", secret = true, description = "Separate v3 API key, if the account has one (default: apiKey)")
    public void setV3ApiKey(String v) { configuration.setV3ApiKey(v); }
    public String getV3ApiKey() { return configuration.getV3ApiKey(); }

    @Metadata(label = "security", secret = true, description = "Member login email")
    public void setEmail(String v) { configuration.setEmail(v); }
    public String getEmail() { return configuration.getEmail(); }

    @Metadata(label = "security", secret = true, description = "Member login password")
    public void setPassword(String v) { configuration.setPassword(v); }
    public String getPassword() { return configuration.getPassword(); }

    @Metadata(description = "Organization to authenticate to (blank: the first the login returns; none: no org auth)")
    public void setOrganizationId(String v) { configuration.setOrganizationId(v); }
    public String getOrganizationId() { return configuration.getOrganizationId(); }

    @Metadata(defaultValue = "0", description = "Client-side request limit per second (0 = unlimited)")
    public void setQps(double v) { configuration.setQps(v); }
    public double getQps() { return configuration.getQps(); }

    @Metadata(defaultValue = "10000", description = "Connect timeout (ms)")
    public void setConnectTimeout(int v) { configuration.setConnectTimeoutMs(v); }
    public int getConnectTimeout() { return configuration.getConnectTimeoutMs(); }

    @Metadata(defaultValue = "60000", description = "Timeout (ms) until response headers")
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

    @Metadata(defaultValue = "20", description = "Extra attempts allowed for 429 responses (separate from maxAttempts)")
    public void setMaxThrottleRetries(int v) { configuration.setMaxThrottleRetries(v); }
    public int getMaxThrottleRetries() { return configuration.getMaxThrottleRetries(); }
}
