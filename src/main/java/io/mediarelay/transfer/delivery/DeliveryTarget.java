package io.mediarelay.transfer.delivery;

import java.util.Locale;
import java.util.Objects;

import org.apache.camel.Exchange;

/**
 * One destination with its own credentials, as the ftp-delivery-sink kamelet passes it: exchange properties
 * {@code MediarelayDelivery.<field>}. Properties, not headers, so that credentials never travel on to a later
 * HTTP/JMS step as message headers; {@link #from} removes them once read.
 */
public record DeliveryTarget(String protocol, String host, int port, String username, String password,
                             String directory, int connectTimeoutMs, int soTimeoutMs, int dataTimeoutMs,
                             String trustStore, String trustStorePassword, String knownHosts, String privateKey,
                             boolean resume, int connections) {
    public static final String PREFIX = "MediarelayDelivery.";

    public DeliveryTarget {
        protocol = protocol == null || protocol.isBlank() ? "ftp" : protocol.toLowerCase(Locale.ROOT);
        if (!protocol.equals("ftp") && !protocol.equals("ftps") && !protocol.equals("sftp")) {
            throw new IllegalArgumentException("delivery protocol must be ftp, ftps or sftp, got " + protocol);
        }
        Objects.requireNonNull(host, "delivery host");
        directory = directory == null ? "" : directory.replaceAll("/+$", "");
        if (port <= 0) {
            port = protocol.equals("sftp") ? 22 : 21;
        }
        connections = Math.max(1, connections);
    }

    /** Pool key: a different password or trust setting must not reuse another tenant's session. */
    String poolKey() {
        return protocol + "://" + username + "@" + host + ":" + port + "#" + Objects.hash(password, trustStore, knownHosts, privateKey);
    }

    public static DeliveryTarget from(Exchange e) {
        DeliveryTarget t = new DeliveryTarget(str(e, "protocol"), str(e, "host"), num(e, "port", 0),
                str(e, "username"), str(e, "password"), str(e, "directory"),
                num(e, "connectTimeout", 10_000), num(e, "soTimeout", 60_000), num(e, "dataTimeout", 60_000),
                str(e, "trustStore"), str(e, "trustStorePassword"), str(e, "knownHosts"), str(e, "privateKey"),
                Boolean.parseBoolean(str(e, "resume")), num(e, "connections", 4));
        return t;
    }

    /**
     * Drops the destination settings (credentials included) from the exchange once the delivery succeeded. Not
     * before: a redelivery of the failed step reads them again (dead letters keep headers only, never properties).
     */
    public static void forget(Exchange e) {
        e.getProperties().keySet().removeIf(k -> k.startsWith(PREFIX));
    }

    private static String str(Exchange e, String field) {
        String v = e.getProperty(PREFIX + field, String.class);
        return v == null || v.isBlank() ? null : v;
    }

    private static int num(Exchange e, String field, int dflt) {
        String v = str(e, field);
        return v == null ? dflt : Integer.parseInt(v.trim());
    }

    @Override
    public String toString() {
        return protocol + "://" + username + "@" + host + ":" + port + "/" + directory; // never the password
    }
}
