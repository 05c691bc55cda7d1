package io.mediarelay.runtime.embedded;

import io.mediarelay.runtime.config.RuntimeConfig;

/**
 * The slot where an embedded server plugs in. Implementations are listed in
 * {@code META-INF/services/io.mediarelay.runtime.embedded.EmbeddedServiceFactory}; each decides from the
 * configuration (usually {@code mediarelay.embedded.<name>.enabled}) whether it runs.
 */
public interface EmbeddedServiceFactory {

    String name();

    boolean enabled(RuntimeConfig config);

    EmbeddedService create(RuntimeConfig config);
}
