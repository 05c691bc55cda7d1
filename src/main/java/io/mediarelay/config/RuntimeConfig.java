package io.mediarelay.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The runtime's configuration: {@code config/application.properties}, then
 * {@code config/application-<profile>.properties}, then the optional, git-ignored {@code config/local.properties}
 * (where secrets for a workstation go), then JVM {@code -D} properties; a later source wins.
 *
 * <p>All placeholders are resolved up front so that a missing variable stops the start with one clear line.
 */
public final class RuntimeConfig {
    public static final String DEFAULT_PROFILE = "embedded";
    /** The profile that refuses sandbox credentials. */
    public static final String PRODUCTION = "production";

    private final String profile;
    private final Path configDir;
    private final Properties raw;
    private final Map<String, String> env;
    private final Properties properties;

    private RuntimeConfig(String profile, Path configDir, Properties raw, Map<String, String> env) {
        this.profile = profile;
        this.configDir = configDir;
        this.raw = raw;
        this.env = env;
        this.properties = PlaceholderResolver.resolveAll(raw, env);
    }

    /**
     * The same configuration with some values replaced before placeholders are resolved, e.g. the port an
     * embedded server really bound, so that every property referring to it follows.
     */
    public RuntimeConfig with(Map<String, String> values) {
        Properties copy = new Properties();
        copy.putAll(raw);
        copy.putAll(values);
        return new RuntimeConfig(profile, configDir, copy, env);
    }

    /** A configuration made of given properties only (offline validation, tests). */
    public static RuntimeConfig of(Properties properties) {
        Properties raw = new Properties();
        raw.putAll(properties);
        return new RuntimeConfig(raw.getProperty("mediarelay.profile", DEFAULT_PROFILE), Path.of("config"), raw, System.getenv());
    }

    /** Loads the configuration of {@code profile} (null: {@code mediarelay.profile} from the base file, else embedded). */
    public static RuntimeConfig load(Path configDir, String profile, Properties overrides) {
        return load(configDir, profile, overrides, System.getenv());
    }

    static RuntimeConfig load(Path configDir, String profile, Properties overrides, Map<String, String> env) {
        Path base = configDir.resolve("application.properties");
        if (!Files.isRegularFile(base)) {
            throw new ConfigException("configuration not found: " + base.toAbsolutePath() + " (run from the project directory or pass --config)");
        }
        Properties raw = new Properties();
        read(base, raw);
        String chosen = profile != null ? profile
                : env.getOrDefault("MEDIARELAY_PROFILE", raw.getProperty("mediarelay.profile", DEFAULT_PROFILE));
        Path profileFile = configDir.resolve("application-" + chosen + ".properties");
        if (!Files.isRegularFile(profileFile)) {
            throw new ConfigException("unknown profile '" + chosen + "': " + profileFile + " does not exist (available: "
                    + String.join(", ", availableProfiles(configDir)) + ")");
        }
        read(profileFile, raw);
        Path local = configDir.resolve("local.properties");
        if (Files.isRegularFile(local)) {
            read(local, raw);
        }
        if (overrides != null) {
            raw.putAll(overrides);
        }
        raw.setProperty("mediarelay.profile", chosen);
        absoluteDataDir(raw);
        RuntimeConfig config = new RuntimeConfig(chosen, configDir, raw, env);
        if (PRODUCTION.equals(chosen)) {
            SandboxCredentialGuard.check(configDir, raw, config.properties, env);
        }
        return config;
    }

    /**
     * A relative {@code mediarelay.data-dir} (the default {@code data}) becomes absolute against the working
     * directory: everything derived from it must name the same place, and H2 refuses database URLs with an
     * implicitly relative path ("jdbc:h2:file:data/..."), which would stop the embedded default on a fresh clone.
     */
    private static void absoluteDataDir(Properties raw) {
        String dir = raw.getProperty("mediarelay.data-dir");
        if (dir != null && !dir.isBlank() && !dir.contains("{{")) {
            raw.setProperty("mediarelay.data-dir", Path.of(dir.trim()).toAbsolutePath().normalize().toString());
        }
    }

    private static void read(Path file, Properties into) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            into.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static TreeSet<String> availableProfiles(Path configDir) {
        try (Stream<Path> files = Files.list(configDir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("application-") && n.endsWith(".properties"))
                    .map(n -> n.substring("application-".length(), n.length() - ".properties".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            return new TreeSet<>();
        }
    }

    public String profile() {
        return profile;
    }

    public Path configDir() {
        return configDir;
    }

    /** Every resolved property; handed to Camel as its initial properties. */
    public Properties properties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    public String get(String key) {
        String v = properties.getProperty(key);
        if (v == null) {
            throw new ConfigException("missing required property " + key);
        }
        return v;
    }

    public String get(String key, String dflt) {
        return properties.getProperty(key, dflt);
    }

    public int getInt(String key, int dflt) {
        String v = properties.getProperty(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(source(key) + " must be a whole number, got '" + v + "'");
        }
    }

    /** A comma-separated property as a list (trimmed, blanks dropped); empty when unset. */
    public java.util.List<String> getList(String key) {
        String v = get(key, "");
        return java.util.Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    /**
     * Where an operator sets {@code key}: "environment variable X (key)" when the profile reads it from a variable that
     * is set, else "property key". Error messages name what the operator can change.
     */
    public String source(String key) {
        return SandboxCredentialGuard.source(key, raw, env);
    }

    public boolean getBoolean(String key, boolean dflt) {
        String v = properties.getProperty(key);
        return v == null || v.isBlank() ? dflt : Boolean.parseBoolean(v.trim());
    }

    public Path path(String key, String dflt) {
        return Path.of(get(key, dflt)).toAbsolutePath().normalize();
    }
}
