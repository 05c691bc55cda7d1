package io.mediarelay.runtime.embedded;

import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.sandbox.getty.GettySandboxConfig;

/** Test access to the factory's property mapping. */
public final class GettySandboxServiceFactoryAccess {
    private GettySandboxServiceFactoryAccess() {
    }

    public static GettySandboxConfig sandboxConfig(RuntimeConfig config) {
        return GettySandboxServiceFactory.sandboxConfig(config);
    }
}
