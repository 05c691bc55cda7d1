package io.mediarelay.connector;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.StreamCachingStrategy;

/** Keeps Camel's stream caching away from a connector's download streams (1 GB videos on a small heap). */
public final class StreamCaching {

    private StreamCaching() {
    }

    /** Adds {@code streamClass} to the deny list of the context's stream caching, once. */
    public static void neverCache(CamelContext context, Class<?> streamClass) {
        StreamCachingStrategy strategy = context.getStreamCachingStrategy();
        List<Class<?>> deny = new ArrayList<>(strategy.getDenyClasses() == null ? List.of() : strategy.getDenyClasses());
        if (!deny.contains(streamClass)) {
            deny.add(streamClass);
            strategy.setDenyClasses(deny.toArray(new Class<?>[0]));
        }
    }
}
