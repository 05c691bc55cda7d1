package io.mediarelay.getty;

import java.util.Map;

import javax.sql.DataSource;

import io.mediarelay.connector.RegistryDataSource;
import io.mediarelay.connector.StreamCaching;
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

    /** Its {@code @UriParam} fields are the component options ({@code camel.component.<scheme>.<option>}). */
    @Metadata(label = "advanced", description = "The shared configuration; each of its fields is also a component option")
    private GettyConfiguration configuration = new GettyConfiguration();

    @Metadata(autowired = true, description = "DataSource for license events and polling cursors;"
            + " defaults to the registry bean 'mediarelayDataSource'")
    private DataSource dataSource;

    private volatile GettyHttpClient client;
    private final MetadataBatches metadataBatches = new MetadataBatches();

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
        StreamCaching.neverCache(getCamelContext(), WatchdogInputStream.class);
    }

    @Override
    protected void doStop() throws Exception {
        GettyHttpClient c = client;
        if (c != null) {
            c.close();
        }
        super.doStop();
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

    MetadataBatches metadataBatches() {
        return metadataBatches;
    }

    DataSource resolveDataSource() {
        if (dataSource == null) {
            dataSource = RegistryDataSource.resolve(getCamelContext(), "getty", DEFAULT_DATA_SOURCE);
        }
        return dataSource;
    }

    public GettyConfiguration getConfiguration() { return configuration; }
    public void setConfiguration(GettyConfiguration configuration) { this.configuration = configuration; }
    public DataSource getDataSource() { return dataSource; }
    public void setDataSource(DataSource dataSource) { this.dataSource = dataSource; }
}
