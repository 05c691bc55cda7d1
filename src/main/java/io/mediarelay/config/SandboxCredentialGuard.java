package io.mediarelay.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The production profile refuses to start with a sandbox credential: a secret-like property (password, secret, token,
 * key) whose value is one the embedded profile ships (sandbox-admin-token, sandbox-portal-key, the sandbox FTP,
 * Getty and PhotoShelter credentials, webhook secrets, ...) or starts with "sandbox". The line names where the value
 * came from: the environment variable (production reads every secret from one), else the property. Never the value.
 */
final class SandboxCredentialGuard {
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret|token|key)$");
    private static final Pattern ENV = Pattern.compile("\\{\\{\\??env:([A-Za-z0-9_]+)(?::([^{}]*))?}}");

    private SandboxCredentialGuard() {
    }

    static void check(Path configDir, Properties raw, Properties resolved, Map<String, String> env) {
        Set<String> sandbox = sandboxSecrets(configDir.resolve("application-" + RuntimeConfig.DEFAULT_PROFILE + ".properties"));
        for (String key : new TreeSet<>(resolved.stringPropertyNames())) {
            String value = resolved.getProperty(key).trim();
            if (!SECRET_KEY.matcher(key).matches() || value.isEmpty()) {
                continue;
            }
            if (sandbox.contains(value) || value.toLowerCase(java.util.Locale.ROOT).startsWith("sandbox")) {
                String source = source(key, raw, env);
                throw new ConfigException("the production profile refuses a sandbox credential: " + source
                        + (source.startsWith("property") ? " (config/local.properties, --set or -D)" : ""));
            }
        }
    }

    /** "environment variable MEDIARELAY_ADMIN_TOKEN (mediarelay.admin.token)" or "property X". */
    static String source(String key, Properties raw, Map<String, String> env) {
        Matcher m = ENV.matcher(raw.getProperty(key, ""));
        while (m.find()) {
            if (env.get(m.group(1)) != null) {
                return "environment variable " + m.group(1) + " (" + key + ")";
            }
        }
        return "property " + key;
    }

    /** Literal secret values of the embedded profile, and the defaults of its {{env:NAME:default}} secrets. */
    static Set<String> sandboxSecrets(Path embedded) {
        Set<String> out = new HashSet<>();
        if (!Files.isRegularFile(embedded)) {
            return out;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(embedded, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            return out;
        }
        for (String key : p.stringPropertyNames()) {
            if (!SECRET_KEY.matcher(key).matches()) {
                continue;
            }
            String v = p.getProperty(key).trim();
            Matcher m = ENV.matcher(v);
            if (m.matches()) {
                v = m.group(2) == null ? "" : m.group(2).trim();
            }
            if (!v.isEmpty() && !v.contains("{{")) {
                out.add(v);
            }
        }
        return out;
    }
}
