package io.mediarelay.runtime.reload;

import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.BeanRepository;

/**
 * Stand-ins for the beans MediarelayRuntime binds, so that {@code mediarelay validate} can build routes without a
 * database or a running instance. A reference to any other name still fails as an unknown bean.
 * Keep {@link #NAMES} in step with the {@code main.bind(...)} calls in MediarelayRuntime.
 */
public final class OfflineBeans implements BeanRepository {
    public static final Set<String> NAMES = Set.of("mediarelayDataSource", "deliveryIdempotentRepository", "deliveryGuard",
            "deliveryRecorder", "deadLetterStore", "sha256", "companionJson");

    /** Does nothing: validation never runs an exchange. */
    public static final class Stub implements Processor {
        @Override
        public void process(Exchange exchange) {
        }
    }

    private final Stub stub = new Stub();

    @Override
    public Object lookupByName(String name) {
        return NAMES.contains(name) ? stub : null;
    }

    @Override
    public <T> T lookupByNameAndType(String name, Class<T> type) {
        return NAMES.contains(name) && type.isInstance(stub) ? type.cast(stub) : null;
    }

    @Override
    public <T> Map<String, T> findByTypeWithName(Class<T> type) {
        return Map.of();
    }

    @Override
    public <T> Set<T> findByType(Class<T> type) {
        return Set.of();
    }
}
