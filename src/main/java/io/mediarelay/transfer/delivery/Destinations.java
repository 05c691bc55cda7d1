package io.mediarelay.transfer.delivery;

import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Named destinations: every setting of a delivery target lives under {@code mediarelay.destinations.<name>.*} and
 * a flow names it ({@code destination: <name>}), so a setting added here reaches every sink and the pre-license
 * check at once instead of being copied into each flow (copies had lost the trust store and known hosts).
 *
 * <p>Keys: {@code protocol} (ftp|ftps|sftp, default ftp), {@code host} (required), {@code port} (0 = 21/22),
 * {@code directory}, {@code username}, {@code password}, {@code trust-store}, {@code trust-store-password},
 * {@code known-hosts}, {@code private-key}, {@code passive-mode} (default true), {@code connect-timeout-ms} /
 * {@code so-timeout-ms} / {@code data-timeout-ms} (default: {@code mediarelay.ftp.*-timeout-ms}),
 * {@code connections} (default 4), {@code resume} (default false).
 *
 * <p>Read from the Camel context's properties (resolved configuration) when a step needs them: the same values the
 * route files see, and nothing to keep in step with a second copy.
 */
public final class Destinations {
    public static final String PREFIX = "mediarelay.destinations.";

    private final Function<String, Optional<String>> properties;

    public Destinations(Function<String, Optional<String>> properties) {
        this.properties = properties;
    }

    public static Destinations of(CamelContext context) {
        PropertiesComponent pc = context.getPropertiesComponent();
        return new Destinations(pc::resolveProperty);
    }

    /** The destination called {@code name}; unknown or incomplete: an {@link IllegalArgumentException} naming the key. */
    public DeliveryTarget target(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("no destination named (kamelet parameter destination is empty)");
        }
        String host = get(name, "host");
        if (host == null) {
            throw new IllegalArgumentException("unknown destination '" + name + "': " + PREFIX + name + ".host is not set");
        }
        return new DeliveryTarget(name, get(name, "protocol"), host, num(name, "port", 0), get(name, "username"),
                get(name, "password"), get(name, "directory"),
                num(name, "connect-timeout-ms", global("connect-timeout-ms", 10_000)),
                num(name, "so-timeout-ms", global("so-timeout-ms", 60_000)),
                num(name, "data-timeout-ms", global("data-timeout-ms", 60_000)),
                get(name, "trust-store"), get(name, "trust-store-password"), get(name, "known-hosts"),
                get(name, "private-key"), !"false".equalsIgnoreCase(get(name, "passive-mode")),
                Boolean.parseBoolean(get(name, "resume")), num(name, "connections", 4));
    }

    /** Names of the destinations defined in {@code props} (a key {@code mediarelay.destinations.<name>.host}). */
    public static TreeSet<String> names(Iterable<String> keys) {
        TreeSet<String> names = new TreeSet<>();
        for (String k : keys) {
            if (k.startsWith(PREFIX) && k.endsWith(".host")) {
                names.add(k.substring(PREFIX.length(), k.length() - ".host".length()));
            }
        }
        return names;
    }

    /** Keys of the per-flow copies destinations replaced, and the destination each became. */
    private static final java.util.regex.Pattern LEGACY = java.util.regex.Pattern.compile(
            "mediarelay\\.(dropfolder|gf[1-8]|gf3\\.office-[a-z]|gf7\\.agency-[a-z]|pf[3-7]|pf6\\.[a-z-]+)\\.(destination\\.)?"
                    + "(name|protocol|host|port|directory|username|password|known-hosts|trust-store|trust-store-password)"
                    + "|mediarelay\\.(pf5|pf8)\\.ftp\\.(host|port|username|password|inbox)");

    /**
     * A setting under a key destinations replaced would be ignored without a word (a local.properties written for an
     * older version): refuse it, naming the key to use instead.
     */
    public static void refuseReplacedKeys(Iterable<String> keys) {
        for (String k : keys) {
            java.util.regex.Matcher m = LEGACY.matcher(k);
            if (!m.matches() || k.startsWith("mediarelay.pf1.") || k.equals("mediarelay.pf6.enabled")) {
                continue;
            }
            if (m.group(4) != null) {
                String field = m.group(5).equals("inbox") ? "directory" : m.group(5);
                throw new IllegalArgumentException(k + " is no longer read: set " + PREFIX + m.group(4) + "-inbox." + field
                        + " (destinations are named, see README \"Destinations\")");
            }
            boolean pf6 = m.group(1).startsWith("pf6.");
            if (m.group(2) == null && !pf6) {
                continue; // e.g. mediarelay.gf1.port is not a destination key
            }
            String flow = m.group(1);
            String name = switch (flow) {
                case "dropfolder" -> "dropfolder";
                case "pf3" -> "pf3-partner";
                case "pf4" -> "pf4-scheduled";
                case "pf7" -> "pf7-archive";
                default -> flow.matches("gf[1245689]") ? flow + "-ftp" : flow.replace('.', '-');
            };
            String hint = m.group(3).equals("name") ? "the flow files name the destination " + name
                    : "set " + PREFIX + name + "." + m.group(3);
            throw new IllegalArgumentException(k + " is no longer read: " + hint + " (destinations are named, see README \"Destinations\")");
        }
    }

    private String get(String name, String field) {
        return properties.apply(PREFIX + name + "." + field).map(String::trim).filter(v -> !v.isEmpty()).orElse(null);
    }

    private int num(String name, String field, int dflt) {
        String v = get(name, field);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + name + "." + field + " must be a whole number, got '" + v + "'");
        }
    }

    private int global(String field, int dflt) {
        return properties.apply("mediarelay.ftp." + field).map(String::trim).filter(v -> !v.isEmpty())
                .map(Integer::parseInt).orElse(dflt);
    }
}
