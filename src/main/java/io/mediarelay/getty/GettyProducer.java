package io.mediarelay.getty;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/** Dispatches a producer endpoint's operation to the class that implements it. */
public class GettyProducer extends DefaultProducer {

    private final GettyEndpoint endpoint;
    private LicenseOperation license;
    private UsageOperation usage;
    private QueryOperations queries;

    public GettyProducer(GettyEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        GettyHttpClient client = endpoint.client();
        queries = new QueryOperations(endpoint, client);
        usage = new UsageOperation(endpoint, client);
        if (endpoint.getOperation() == GettyOperation.LICENSE) {
            license = new LicenseOperation(endpoint, client, new LicenseEventRepository(endpoint.getComponent().resolveDataSource()));
        }
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        switch (endpoint.getOperation()) {
            case SEARCH -> queries.search(exchange);
            case METADATA -> queries.metadata(exchange);
            case PRODUCTS -> queries.products(exchange);
            case LICENSE -> license.process(exchange);
            case USAGE -> usage.process(exchange);
            default -> throw new IllegalStateException("not a producer operation: " + endpoint.getOperation());
        }
    }
}
