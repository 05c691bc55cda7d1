package io.mediarelay.runtime;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.mediarelay.config.ConfigException;
import io.mediarelay.config.RuntimeConfig;

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
            String host = hostOf(config, port.getKey());
            String problem = port.getValue() > 0 ? bindProblem(host, port.getValue()) : null;
            if (problem != null) {
                throw new ConfigException("port " + port.getValue() + " (" + port.getKey() + ") " + problem + " on " + host);
            }
        }
    }

    /** camel.server.port -> camel.server.host; the embedded services bind 127.0.0.1. */
    private static String hostOf(RuntimeConfig config, String portKey) {
        if (portKey.startsWith("camel.")) {
            return config.get(portKey.substring(0, portKey.length() - "port".length()) + "host", "127.0.0.1");
        }
        return "127.0.0.1";
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

    /**
     * Null when the port can be bound now, else why not. SO_REUSEADDR is set before binding, as the servers do: a
     * port whose last connections are in TIME-WAIT (a quick restart) is free, one with a listener is not.
     */
    static String bindProblem(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1);
            return null;
        } catch (BindException e) {
            return String.valueOf(e.getMessage()).contains("already in use") ? "is already in use" : "cannot be opened: " + e.getMessage();
        } catch (IOException e) {
            return "cannot be opened: " + e.getMessage();
        }
    }
}
