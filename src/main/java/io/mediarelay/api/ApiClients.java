package io.mediarelay.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.mediarelay.config.RuntimeConfig;
import org.apache.camel.Exchange;

/**
 * API clients from {@code mediarelay.api.clients.<name>.key} and {@code .roles} (portal, approver, admin).
 * The key is sent as {@code X-Api-Key: <key>} or {@code Authorization: Bearer <key>}. A client with an empty key
 * is disabled (production leaves unused clients unset instead of inventing keys).
 *
 * <p>Keys are compared in constant time against every client, without stopping at the first match, so
 * response times say nothing about which key prefix or which client came close.
 */
public final class ApiClients {
    public static final String PORTAL = "portal";
    public static final String APPROVER = "approver";
    public static final String ADMIN = "admin";
    private static final Set<String> ROLES = Set.of(PORTAL, APPROVER, ADMIN);
    static final String PREFIX = "mediarelay.api.clients.";

    /** An authenticated caller. Admin implies every role. */
    public record Client(String name, Set<String> roles) {
        boolean has(String role) {
            return roles.contains(role) || roles.contains(ADMIN);
        }
    }

    private record Entry(Client client, byte[] key) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public ApiClients(RuntimeConfig config) {
        Set<String> names = new TreeSet<>();
        for (String k : config.properties().stringPropertyNames()) {
            if (k.startsWith(PREFIX) && k.endsWith(".key")) {
                names.add(k.substring(PREFIX.length(), k.length() - ".key".length()));
            }
        }
        for (String name : names) {
            String key = config.get(PREFIX + name + ".key", "").trim();
            Set<String> roles = new TreeSet<>();
            for (String r : config.get(PREFIX + name + ".roles", "").split(",")) {
                String role = r.trim().toLowerCase();
                if (role.isEmpty()) {
                    continue;
                }
                if (!ROLES.contains(role)) {
                    throw new IllegalArgumentException(PREFIX + name + ".roles: unknown role '" + role + "' (portal, approver, admin)");
                }
                roles.add(role);
            }
            if (!key.isEmpty()) {
                entries.add(new Entry(new Client(name, Set.copyOf(roles)), key.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    public int size() {
        return entries.size();
    }

    /** Authenticates and checks one of {@code anyOf} roles; 401/403 as ApiException. Strips the credential headers. */
    public Client require(Exchange e, String... anyOf) {
        Map<String, Object> h = e.getIn().getHeaders();
        String given = e.getIn().getHeader("X-Api-Key", String.class);
        String auth = e.getIn().getHeader("Authorization", String.class);
        if ((given == null || given.isBlank()) && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = auth.substring(7);
        }
        // the credential must never travel further (logs, dead letters, outgoing HTTP calls)
        h.remove("X-Api-Key");
        h.remove("Authorization");
        Client client = given == null || given.isBlank() ? null : match(given.trim().getBytes(StandardCharsets.UTF_8));
        if (client == null) {
            throw new ApiException(401, "missing or unknown API key (X-Api-Key or Authorization: Bearer)");
        }
        for (String role : anyOf) {
            if (client.has(role)) {
                return client;
            }
        }
        throw new ApiException(403, "client '" + client.name() + "' lacks role " + String.join(" or ", anyOf));
    }

    private Client match(byte[] given) {
        Client found = null;
        for (Entry en : entries) {
            if (MessageDigest.isEqual(en.key(), given) & found == null) {
                found = en.client();
            }
        }
        return found;
    }
}
