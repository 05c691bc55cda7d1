package io.mediarelay.sandbox.getty;

import com.sun.net.httpserver.Filter;

/**
 * A check that sees every {@code /v3} exchange of every {@link GettySandbox}, found with {@link java.util.ServiceLoader}.
 * The test classpath registers one that validates each request and response against Getty's OpenAPI document
 * (so a request the real API would refuse fails the test that made it); the production jar registers none, so
 * neither the validator nor the spec ships with it.
 */
public interface SandboxTrafficCheck {
    /** The filter to install in front of the sandbox's {@code /v3} router. */
    Filter filter();
}
