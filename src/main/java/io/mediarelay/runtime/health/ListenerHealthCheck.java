package io.mediarelay.runtime.health;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.http.HttpServer;
import io.vertx.core.net.impl.TCPServerBase;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The HTTP listeners the runtime needs (admin/inbound API on {@code camel.server.port}, health and metrics on
 * {@code camel.management.port}) are really listening. Camel's Vert.x server logs a failed bind on its event loop
 * and carries on, so without this the runtime ran without its API while health said UP. Checked once at start
 * (fatal, see {@code MediarelayRuntime}) and on every health call (DOWN naming port and property).
 */
public final class ListenerHealthCheck extends AbstractHealthCheck {
    /** One listener: the property that configures its port, host and port as configured. */
    public record Listener(String property, String host, int port) {
    }

    private final List<Listener> required;
    private CamelContext context;

    public ListenerHealthCheck(List<Listener> required) {
        super("mediarelay", "listeners");
        this.required = List.copyOf(required);
    }

    public void bind(CamelContext context) {
        this.context = context;
    }

    /** Problems, one line each ("port 8280 (camel.server.port) is not listening on 127.0.0.1: Address already in use"). */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (context == null) {
            return out;
        }
        Map<Integer, Integer> actual = new LinkedHashMap<>();
        for (VertxPlatformHttpServer s : context.hasServices(VertxPlatformHttpServer.class)) {
            actual.merge(s.getConfigurationPort(), listening(s) ? 1 : 0, Math::max);
        }
        for (Listener l : required) {
            Integer bound = actual.get(l.port());
            if (bound == null || bound <= 0) {
                out.add("port " + l.port() + " (" + l.property() + ") is not listening on " + l.host() + ": " + whyNot(l));
            }
        }
        return out;
    }

    /**
     * Vert.x keeps the configured port as actualPort() even when the bind failed; TCPServerBase.isListening() is
     * what turns false on a failed bind and on close.
     */
    private static boolean listening(VertxPlatformHttpServer s) {
        HttpServer server = s.getServer();
        if (server instanceof TCPServerBase tcp) {
            return tcp.isListening();
        }
        return server != null && server.actualPort() > 0;
    }

    /** What the OS says about binding it now: "Address already in use", "Cannot assign requested address", ... */
    private static String whyNot(Listener l) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(l.host()), l.port()));
            return "the server stopped";
        } catch (IOException e) {
            return String.valueOf(e.getMessage());
        }
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> problems = problems();
        if (problems.isEmpty()) {
            builder.up();
            return;
        }
        builder.message(String.join("; ", problems));
        builder.down();
    }
}
