package io.mediarelay.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

import io.mediarelay.common.EmbeddedService;
import io.mediarelay.common.EmbeddedServiceFactory;
import io.mediarelay.config.RuntimeConfig;

/**
 * Test-only embedded service: when {@code test.squat-port} is set it takes that port on 127.0.0.1. Embedded services
 * start after {@code Preflight} and before Camel, so this is "another process took the port between the check and
 * the bind", without any timing.
 */
public final class PortSquatterServiceFactory implements EmbeddedServiceFactory {
    @Override
    public String name() {
        return "test-port-squatter";
    }

    @Override
    public boolean enabled(RuntimeConfig config) {
        return config.getInt("test.squat-port", 0) > 0;
    }

    @Override
    public EmbeddedService create(RuntimeConfig config) {
        int port = config.getInt("test.squat-port", 0);
        return new EmbeddedService() {
            private ServerSocket socket;

            @Override
            public String name() {
                return "test-port-squatter";
            }

            @Override
            public void start() {
                try {
                    socket = new ServerSocket();
                    socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void stop() {
                try {
                    socket.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public Map<String, String> publishedProperties() {
                return Map.of();
            }

            @Override
            public Object unwrap() {
                return socket;
            }
        };
    }
}
