package io.mediarelay.runtime.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.runtime.RuntimeBeans;
import io.mediarelay.runtime.db.Database;
import io.mediarelay.runtime.health.FlowHealthCheck;
import org.apache.camel.spi.BeanRepository;

/**
 * The runtime's beans for {@code mediarelay validate} and the offline {@code flows} list: the very same set
 * ({@link RuntimeBeans}), built over a throw-away in-memory database, so a route referring to a bean the runtime
 * does not have fails validation and one it has passes. Built on first lookup; nothing is ever run.
 */
public final class OfflineBeans implements BeanRepository {
    private final Properties properties;
    private Map<String, Object> beans;

    public OfflineBeans(Properties properties) {
        this.properties = properties;
    }

    private synchronized Map<String, Object> beans() {
        if (beans == null) {
            RuntimeConfig config = RuntimeConfig.of(properties);
            Path routes = config.path("mediarelay.routes-dir", "routes");
            Path data = Path.of(System.getProperty("java.io.tmpdir"), "mediarelay-validate");
            beans = RuntimeBeans.create(config, Database.inMemory("validate-" + UUID.randomUUID()), routes, data,
                    Clock.systemUTC(), new FlowHealthCheck());
        }
        return beans;
    }

    @Override
    public Object lookupByName(String name) {
        return beans().get(name);
    }

    @Override
    public <T> T lookupByNameAndType(String name, Class<T> type) {
        Object bean = beans().get(name);
        return type.isInstance(bean) ? type.cast(bean) : null;
    }

    @Override
    public <T> Map<String, T> findByTypeWithName(Class<T> type) {
        return beans().entrySet().stream().filter(e -> type.isInstance(e.getValue()))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> type.cast(e.getValue())));
    }

    @Override
    public <T> Set<T> findByType(Class<T> type) {
        return beans().values().stream().filter(type::isInstance).map(type::cast).collect(Collectors.toSet());
    }
}
