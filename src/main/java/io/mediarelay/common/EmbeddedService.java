package io.mediarelay.common;

import java.util.Map;

/**
 * A server the embedded default starts next to the runtime (FTP server, HTTP receiver, Getty and PhotoShelter
 * sandboxes). Bound to 127.0.0.1; started before the routes and stopped after them.
 */
public interface EmbeddedService {

    String name();

    /** Starts the service; a failure is an {@link IllegalStateException} with a one-line message. */
    void start();

    void stop();

    /**
     * Properties the routes need once the service runs, e.g. the port it really bound when configured with 0.
     * They override the configuration handed to Camel.
     */
    Map<String, String> publishedProperties();

    /** The service object itself (for tests and for beans that talk to it in-process). */
    Object unwrap();
}
