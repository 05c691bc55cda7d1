package io.mediarelay.sandbox.photoshelter;

import java.util.Map;

import io.mediarelay.common.EmbeddedService;
import io.mediarelay.common.EmbeddedServiceFactory;
import io.mediarelay.config.RuntimeConfig;

/**
 * The embedded default's PhotoShelter sandbox: {@code mediarelay.embedded.photoshelter.*}. Publishes the port it
 * really bound so {@code camel.component.photoshelter.baseUrl} can point at it when configured with port 0.
 */
public final class PhotoShelterEmbeddedServiceFactory implements EmbeddedServiceFactory {

    @Override
    public String name() {
        return "photoshelter";
    }

    @Override
    public boolean enabled(RuntimeConfig config) {
        return config.getBoolean("mediarelay.embedded.photoshelter.enabled", false);
    }

    @Override
    public EmbeddedService create(RuntimeConfig config) {
        PhotoShelterSandboxConfig cfg = new PhotoShelterSandboxConfig()
                .port(config.getInt("mediarelay.embedded.photoshelter.port", 0))
                .dataDir(config.path("mediarelay.embedded.photoshelter.data-dir", "data/photoshelter"));
        String key = config.get("mediarelay.embedded.photoshelter.api-key", null);
        if (key != null) cfg.apiKey(key);
        String email = config.get("mediarelay.embedded.photoshelter.email", null);
        if (email != null) cfg.email(email);
        String password = config.get("mediarelay.embedded.photoshelter.password", null);
        if (password != null) cfg.password(password);
        PhotoShelterSandbox sandbox = new PhotoShelterSandbox(cfg);
        return new EmbeddedService() {
            @Override public String name() { return "photoshelter"; }
            @Override public void start() {
                try {
                    sandbox.start();
                } catch (RuntimeException e) {
                    throw new IllegalStateException("PhotoShelter sandbox: " + e.getMessage(), e);
                }
            }
            @Override public void stop() { sandbox.stop(); }
            @Override public Map<String, String> publishedProperties() {
                return Map.of("mediarelay.embedded.photoshelter.port", String.valueOf(sandbox.port()));
            }
            @Override public Object unwrap() { return sandbox; }
        };
    }
}
