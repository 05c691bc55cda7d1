package io.mediarelay.photoshelter;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/** Dispatches a producer endpoint's operation to the class that implements it. */
public class PhotoShelterProducer extends DefaultProducer {

    private final PhotoShelterEndpoint endpoint;
    private UploadOperation upload;
    private ContainerOperations containers;
    private MediaOperations media;

    public PhotoShelterProducer(PhotoShelterEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        PhotoShelterClient client = endpoint.client();
        containers = new ContainerOperations(endpoint, client);
        upload = new UploadOperation(endpoint, client, containers);
        media = new MediaOperations(endpoint, client);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        switch (endpoint.getOperation()) {
            case UPLOAD -> upload.process(exchange);
            case GALLERY -> containers.gallery(exchange);
            case COLLECTION -> containers.collection(exchange);
            case GALLERIES -> containers.list(exchange, "gallery");
            case COLLECTIONS -> containers.list(exchange, "collection");
            case SEARCH -> media.search(exchange);
            case METADATA -> media.metadata(exchange);
            case DOWNLOAD -> media.download(exchange);
            default -> throw new IllegalStateException("not a producer operation: " + endpoint.getOperation());
        }
    }
}
