package io.mediarelay.transfer.delivery;

import java.util.Locale;
import java.util.Objects;

import org.apache.camel.Exchange;

/**
 * One destination with its own credentials. Flows name it ({@code destination: <name>}, exchange property
 * {@value #DESTINATION}); {@link Destinations} builds it from {@code mediarelay.destinations.<name>.*}. The settings
 * never travel on the exchange, so credentials cannot reach a later HTTP/JMS step or a dead letter.
 */
public record DeliveryTarget(String name, String protocol, String host, int port, String username, String password,
                             String directory, int connectTimeoutMs, int soTimeoutMs, int dataTimeoutMs,
                             String trustStore, String trustStorePassword, String knownHosts, String privateKey,
                             boolean passiveMode, boolean resume, int connections) {
    public static final String PREFIX = "MediarelayDelivery.";
    /** Exchange property with the destination's name, set by the sink kamelets from their {@code destination} parameter. */
    public static final String DESTINATION = PREFIX + "destination";

    public DeliveryTarget {
        protocol = protocol == null || protocol.isBlank() ? "ftp" : protocol.trim().toLowerCase(Locale.ROOT);
        if (!protocol.equals("ftp") && !protocol.equals("ftps") && !protocol.equals("sftp")) {
            throw new IllegalArgumentException("destination " + (name == null ? "" : name + " ")
                    + "protocol must be ftp, ftps or sftp, got " + protocol);
        }
        Objects.requireNonNull(host, "delivery host");
        directory = directory == null ? "" : directory.replaceAll("/+$", "");
        if (port <= 0) {
            port = protocol.equals("sftp") ? 22 : 21;
        }
        connections = Math.max(1, connections);
    }

    /** An unnamed target (tests, benchmarks): passive mode. */
    public DeliveryTarget(String protocol, String host, int port, String username, String password, String directory,
                          int connectTimeoutMs, int soTimeoutMs, int dataTimeoutMs, String trustStore,
                          String trustStorePassword, String knownHosts, String privateKey, boolean resume, int connections) {
        this(null, protocol, host, port, username, password, directory, connectTimeoutMs, soTimeoutMs, dataTimeoutMs,
                trustStore, trustStorePassword, knownHosts, privateKey, true, resume, connections);
    }

    /** Pool key: a different password or trust setting must not reuse another tenant's session. */
    String poolKey() {
        return protocol + "://" + username + "@" + host + ":" + port + "#"
                + Objects.hash(password, trustStore, trustStorePassword, knownHosts, privateKey, passiveMode);
    }

    /** The destination the exchange's sink kamelet named, from the context's {@code mediarelay.destinations.*}. */
    public static DeliveryTarget from(Exchange e) {
        return Destinations.of(e.getContext()).target(e.getProperty(DESTINATION, String.class));
    }

    /** Drops the sink's exchange properties once the delivery succeeded (a redelivery of a failed step reads them again). */
    public static void forget(Exchange e) {
        e.getProperties().keySet().removeIf(k -> k.startsWith(PREFIX));
    }

    @Override
    public String toString() {
        return protocol + "://" + username + "@" + host + ":" + port + "/" + directory; // never the password
    }
}
