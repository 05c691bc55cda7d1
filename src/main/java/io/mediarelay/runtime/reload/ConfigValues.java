package io.mediarelay.runtime.reload;

import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code {{...}}} placeholders in a route file value with the runtime configuration, so a value can be
 * type-checked as it will be used. A placeholder the configuration cannot answer (a kamelet parameter inside a
 * template, an unset environment variable without default) makes the value unknown: null, and nothing is judged.
 */
final class ConfigValues {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\??)([^{}]+?)}}");
    private final Properties properties;

    ConfigValues(Properties properties) {
        this.properties = properties;
    }

    /** The value with every placeholder resolved; null when one cannot be. */
    String resolve(String value) {
        String current = value;
        for (int depth = 0; depth < 10 && current != null && current.contains("{{"); depth++) {
            Matcher m = PLACEHOLDER.matcher(current);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String v = lookup(m.group(2).trim());
                if (v == null && m.group(1).isEmpty()) {
                    return null;
                }
                m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : v));
            }
            m.appendTail(out);
            current = out.toString();
        }
        return current != null && current.contains("{{") ? null : current;
    }

    private String lookup(String expr) {
        String function = null;
        String name = expr;
        if (expr.startsWith("env:") || expr.startsWith("sys:")) {
            function = expr.substring(0, 3);
            name = expr.substring(4);
        }
        String dflt = null;
        int colon = name.indexOf(':');
        if (colon >= 0) {
            dflt = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        String v = "env".equals(function) ? System.getenv(name)
                : "sys".equals(function) ? System.getProperty(name) : properties.getProperty(name);
        return v != null ? v : dflt;
    }
}
