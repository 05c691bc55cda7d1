package io.mediarelay.runtime.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mediarelay.config.ConfigException;
import picocli.CommandLine.ParseResult;

/**
 * Hands {@code --config}, {@code --profile} and {@code --set} given before a sub-command down to the command that
 * runs ({@code mediarelay --profile production run} = {@code mediarelay run --profile production}). A sub-command
 * without these options refuses them with one line; the same option with two different values is refused too:
 * the runtime never falls back to the embedded profile because an option sat in the wrong place.
 */
final class InheritedOptions {
    private InheritedOptions() {
    }

    static void apply(ParseResult parsed) {
        List<ParseResult> chain = new ArrayList<>();
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            chain.add(p);
        }
        Given given = new Given();
        for (int i = 0; i < chain.size(); i++) {
            ParseResult p = chain.get(i);
            MediarelayCli.ConfigOptions own = optionsOf(p.commandSpec().userObject());
            if (own == null) {
                if (given.any() && i == chain.size() - 1) {
                    throw new ConfigException("'" + p.commandSpec().qualifiedName() + "' takes no " + given.names()
                            + " option; put it after the sub-command that needs it");
                }
                continue;
            }
            given.merge(p, own);
        }
        // the command that runs gets everything given along the way
        for (ParseResult p : chain) {
            MediarelayCli.ConfigOptions own = optionsOf(p.commandSpec().userObject());
            if (own != null) {
                given.applyTo(own);
            }
        }
    }

    private static MediarelayCli.ConfigOptions optionsOf(Object command) {
        if (command instanceof MediarelayCli c) {
            return c.options;
        }
        for (Class<?> t = command.getClass(); t != null && t != Object.class; t = t.getSuperclass()) {
            for (var f : t.getDeclaredFields()) {
                if (f.getType() == MediarelayCli.ConfigOptions.class) {
                    try {
                        f.setAccessible(true);
                        return (MediarelayCli.ConfigOptions) f.get(command);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return null;
    }

    /** What the user typed, wherever in the chain. */
    private static final class Given {
        java.nio.file.Path configDir;
        String profile;
        final Map<String, String> overrides = new LinkedHashMap<>();

        boolean any() {
            return configDir != null || profile != null || !overrides.isEmpty();
        }

        String names() {
            List<String> n = new ArrayList<>();
            if (configDir != null) n.add("--config");
            if (profile != null) n.add("--profile");
            if (!overrides.isEmpty()) n.add("--set");
            return String.join("/", n);
        }

        void merge(ParseResult p, MediarelayCli.ConfigOptions own) {
            if (p.hasMatchedOption("--config")) {
                if (configDir != null && !configDir.equals(own.configDir)) {
                    throw new ConfigException("--config given twice: " + configDir + " and " + own.configDir);
                }
                configDir = own.configDir;
            }
            if (p.hasMatchedOption("--profile")) {
                if (profile != null && !profile.equals(own.profile)) {
                    throw new ConfigException("--profile given twice: " + profile + " and " + own.profile);
                }
                profile = own.profile;
            }
            if (own.overrides != null) {
                for (Map.Entry<String, String> e : own.overrides.entrySet()) {
                    String before = overrides.put(e.getKey(), e.getValue());
                    if (before != null && !before.equals(e.getValue())) {
                        throw new ConfigException("--set " + e.getKey() + " given twice with different values");
                    }
                }
            }
        }

        void applyTo(MediarelayCli.ConfigOptions target) {
            if (configDir != null) target.configDir = configDir;
            if (profile != null) target.profile = profile;
            if (!overrides.isEmpty()) target.overrides = new LinkedHashMap<>(overrides);
        }
    }
}
