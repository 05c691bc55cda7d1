package io.mediarelay.photoshelter;

import java.util.Map;

import javax.sql.DataSource;

import io.mediarelay.connector.RateLimiter;
import io.mediarelay.connector.RegistryDataSource;
import io.mediarelay.connector.StreamCaching;
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

    /** Its {@code @UriParam} fields are the component options ({@code camel.component.<scheme>.<option>}). */
    @Metadata(label = "advanced", description = "The shared configuration; each of its fields is also a component option")
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
        StreamCaching.neverCache(getCamelContext(), MediaOperations.DownloadStream.class);
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
            dataSource = RegistryDataSource.resolve(getCamelContext(), "photoshelter", DEFAULT_DATA_SOURCE);
        }
        return dataSource;
    }

    public PhotoShelterConfiguration getConfiguration() { return configuration; }
    public void setConfiguration(PhotoShelterConfiguration c) { this.configuration = c; }
    public DataSource getDataSource() { return dataSource; }
    public void setDataSource(DataSource ds) { this.dataSource = ds; }
}
