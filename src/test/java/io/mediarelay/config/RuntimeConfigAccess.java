package io.mediarelay.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** Test access: load a profile against a given environment. */
public final class RuntimeConfigAccess {
    private RuntimeConfigAccess() {
    }

    public static RuntimeConfig load(Path configDir, String profile, Properties overrides, Map<String, String> env) {
        return RuntimeConfig.load(configDir, profile, overrides, env);
    }
}
