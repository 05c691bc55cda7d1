package io.mediarelay.config;

import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves Camel-style placeholders in our own configuration values before Camel starts, so that a
 * missing environment variable is a one-line error at start-up rather than a failure in the middle of a run.
 *
 * <p>Supports {@code {{key}}}, {@code {{key:default}}}, {@code {{env:NAME}}}, {@code {{env:NAME:default}}},
 * {@code {{sys:name}}} and the optional form {@code {{?key}}} (empty when absent); the same syntax Camel accepts,
 * so values can be handed to Camel unchanged.
 */
final class PlaceholderResolver {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\??)([^{}]+?)}}");
    private static final int MAX_DEPTH = 10;

    private final Properties properties;
    private final Function<String, String> env;

    PlaceholderResolver(Properties properties, Function<String, String> env) {
        this.properties = properties;
        this.env = env;
    }

    /** Resolves every placeholder in {@code value}; {@code key} names the property for the error message. */
    String resolve(String key, String value) {
        String current = value;
        for (int depth = 0; depth < MAX_DEPTH && current != null && current.contains("{{"); depth++) {
            Matcher m = PLACEHOLDER.matcher(current);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                boolean optional = !m.group(1).isEmpty();
                String resolved = lookup(key, m.group(2).trim(), optional);
                m.appendReplacement(out, Matcher.quoteReplacement(resolved));
            }
            m.appendTail(out);
            current = out.toString();
        }
        return current;
    }

    private String lookup(String key, String expr, boolean optional) {
        String function = null;
        String name = expr;
        String dflt = null;
        if (expr.startsWith("env:") || expr.startsWith("sys:")) {
            function = expr.substring(0, 3);
            name = expr.substring(4);
        }
        int colon = name.indexOf(':');
        if (colon >= 0) {
            dflt = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        String value;
        if ("env".equals(function)) {
            value = env.apply(name);
        } else if ("sys".equals(function)) {
            value = System.getProperty(name);
        } else {
            value = properties.getProperty(name);
        }
        if (value != null) {
            return value;
        }
        if (dflt != null) {
            return dflt;
        }
        if (optional) {
            return "";
        }
        if ("env".equals(function)) {
            throw new ConfigException("environment variable " + name + " is not set (needed by " + key + ")");
        }
        throw new ConfigException("missing required property " + key + ": it refers to " + name + ", which is not set");
    }

    static Properties resolveAll(Properties raw, Map<String, String> env) {
        PlaceholderResolver resolver = new PlaceholderResolver(raw, env::get);
        Properties resolved = new Properties();
        for (String key : raw.stringPropertyNames()) {
            resolved.setProperty(key, resolver.resolve(key, raw.getProperty(key)));
        }
        return resolved;
    }
}
