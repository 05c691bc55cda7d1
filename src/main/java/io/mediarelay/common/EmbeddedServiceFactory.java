package io.mediarelay.common;

import io.mediarelay.config.RuntimeConfig;

/**
 * The slot where an embedded server plugs in. Implementations are listed in
 * {@code META-INF/services/io.mediarelay.common.EmbeddedServiceFactory}; each decides from the
 * configuration (usually {@code mediarelay.embedded.<name>.enabled}) whether it runs.
 */
public interface EmbeddedServiceFactory {

    String name();

    boolean enabled(RuntimeConfig config);

    EmbeddedService create(RuntimeConfig config);
}
