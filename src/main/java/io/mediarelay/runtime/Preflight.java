package io.mediarelay.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.mediarelay.runtime.config.ConfigException;
import io.mediarelay.runtime.config.RuntimeConfig;

/**
 * Checks made before anything starts, so the common mistakes end in one clear line instead of a stack trace:
 * an unreadable routes directory and ports already in use.
 */
final class Preflight {

    private Preflight() {
    }

    static void check(RuntimeConfig config, Path routesDir) {
        if (!Files.isDirectory(routesDir)) {
            throw new ConfigException("routes directory " + routesDir + " does not exist (mediarelay.routes-dir)");
        }
        if (!Files.isReadable(routesDir) || !Files.isExecutable(routesDir)) {
            throw new ConfigException("routes directory " + routesDir + " is not readable");
        }
        Path flows = routesDir.resolve("flows");
        if (Files.isDirectory(flows) && (!Files.isReadable(flows) || !Files.isExecutable(flows))) {
            throw new ConfigException("routes directory " + flows + " is not readable");
        }
        for (Map.Entry<String, Integer> port : portsToBind(config).entrySet()) {
            if (port.getValue() > 0 && !free(port.getValue())) {
                throw new ConfigException("port " + port.getValue() + " (" + port.getKey() + ") is already in use on 127.0.0.1");
            }
        }
    }

    private static Map<String, Integer> portsToBind(RuntimeConfig config) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        if (config.getBoolean("camel.management.enabled", false)) {
            ports.put("camel.management.port", config.getInt("camel.management.port", 9876));
        }
        if (config.getBoolean("camel.server.enabled", false)) {
            ports.put("camel.server.port", config.getInt("camel.server.port", 8080));
        }
        for (String key : config.properties().stringPropertyNames()) {
            if (key.startsWith("mediarelay.embedded.") && key.endsWith(".port")) {
                String service = key.substring("mediarelay.embedded.".length(), key.length() - ".port".length());
                if (config.getBoolean("mediarelay.embedded." + service + ".enabled", false)) {
                    ports.put(key, config.getInt(key, 0));
                }
            }
        }
        return ports;
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
