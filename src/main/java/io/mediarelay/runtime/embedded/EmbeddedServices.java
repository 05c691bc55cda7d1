package io.mediarelay.runtime.embedded;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import io.mediarelay.common.EmbeddedService;
import io.mediarelay.common.EmbeddedServiceFactory;
import io.mediarelay.config.RuntimeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the enabled embedded services in order and stops them in reverse. */
public final class EmbeddedServices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServices.class);

    private final List<EmbeddedService> started = new ArrayList<>();

    public static EmbeddedServices start(RuntimeConfig config) {
        EmbeddedServices services = new EmbeddedServices();
        try {
            for (EmbeddedServiceFactory factory : ServiceLoader.load(EmbeddedServiceFactory.class)) {
                if (factory.enabled(config)) {
                    EmbeddedService service = factory.create(config);
                    service.start();
                    services.started.add(service);
                }
            }
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
        return services;
    }

    /** Properties published by the running services (actual ports), to override the configuration. */
    public Map<String, String> publishedProperties() {
        Map<String, String> out = new LinkedHashMap<>();
        started.forEach(s -> out.putAll(s.publishedProperties()));
        return out;
    }

    public <T> Optional<T> find(Class<T> type) {
        return started.stream().map(EmbeddedService::unwrap).filter(type::isInstance).map(type::cast).findFirst();
    }

    public List<String> names() {
        return started.stream().map(EmbeddedService::name).toList();
    }

    @Override
    public synchronized void close() {
        List<EmbeddedService> reversed = new ArrayList<>(started);
        Collections.reverse(reversed);
        for (EmbeddedService s : reversed) {
            try {
                s.stop();
            } catch (RuntimeException e) {
                LOG.warn("Embedded service {} did not stop cleanly: {}", s.name(), e.getMessage());
            }
        }
        started.clear();
    }
}
