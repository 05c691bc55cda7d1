package io.mediarelay.runtime.reload;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.StartupSummaryLevel;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.BeanRepository;
import org.apache.camel.support.DefaultRegistry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * A throw-away Camel context that builds route files exactly as the runtime would (same properties, same kamelet
 * folder, beans looked up in the live registry) but never starts a consumer: autoStartup is off, so building
 * resolves components, endpoints, placeholders, beans and kamelets, and nothing polls, listens or connects.
 */
final class ScratchContext implements AutoCloseable {
    private final DefaultCamelContext context;

    private ScratchContext(DefaultCamelContext context) {
        this.context = context;
    }

    static ScratchContext create(Properties properties, Path kameletsDir, BeanRepository beans) {
        DefaultCamelContext ctx = beans == null ? new DefaultCamelContext() : new DefaultCamelContext(new DefaultRegistry(beans));
        ctx.getCamelContextExtension().setName("mediarelay-validate");
        ctx.disableJMX();
        ctx.setAutoStartup(false);
        // one scratch context per check: its start-up summary would only be noise in the runtime's log
        ctx.setStartupSummaryLevel(StartupSummaryLevel.Off);
        ctx.getPropertiesComponent().setInitialProperties(properties);
        ctx.getComponent("kamelet", KameletComponent.class).setLocation("file:" + kameletsDir);
        return new ScratchContext(ctx);
    }

    /** Adds one file (its templates, route configurations or routes) without building it yet. */
    void add(Path file, String content) throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString(RouteFiles.location(file), content));
    }

    /** Builds every route added so far, including the routes kamelets create; consumers stay stopped. */
    void build() throws Exception {
        context.start();
    }

    DefaultCamelContext context() {
        return context;
    }

    /** Adds {@code files} in load order (kamelets, error handling, flows). */
    void addAll(Map<Path, String> files) throws Exception {
        for (Map.Entry<Path, String> e : files.entrySet()) {
            add(e.getKey(), e.getValue());
        }
    }

    @Override
    public void close() {
        try {
            context.stop();
        } catch (RuntimeException e) {
            // nothing ran in it; a failing stop leaves nothing behind worth reporting
        }
    }
}
