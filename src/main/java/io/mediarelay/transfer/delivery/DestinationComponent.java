package io.mediarelay.transfer.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.camel.util.URISupport;

/**
 * {@code destination:<name>[/<sub-directory>]?<ftp options>}: a camel-ftp endpoint (ftp, ftps or sftp) built from the
 * named destination {@code mediarelay.destinations.<name>.*}, for flows that read from a partner's folder (inboxes).
 * Host, port, directory, credentials, passive mode, timeouts, the FTPS trust store and the SFTP known hosts come
 * from the one definition the sinks and the pre-license check use; the URI adds only what the flow decides (include,
 * move, readLock, delay, ...), and those options win. The endpoint returned is camel-ftp's own. An idle inbox rests
 * as the profile says ({@code mediarelay.polling.idle-backoff-*}).
 */
public final class DestinationComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        int slash = remaining.indexOf('/');
        String name = slash < 0 ? remaining : remaining.substring(0, slash);
        String sub = slash < 0 ? "" : remaining.substring(slash + 1).replaceAll("^/+|/+$", "");
        DeliveryTarget t;
        try {
            t = Destinations.of(getCamelContext()).target(name);
        } catch (IllegalArgumentException unset) {
            if (!"false".equals(String.valueOf(parameters.get("startScheduler")))) {
                throw unset;
            }
            // a switched-off inbox never connects, so it needs none of its destination's settings (production
            // leaves the destinations of unused flows empty); the endpoint only has to exist for the route
            t = new DeliveryTarget(name, "ftp", "unset.invalid", 0, null, null, null, 1, 1, 1, null, null, null, null,
                    true, false, 1);
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("username", raw(t.username() == null ? "" : t.username()));
        if (t.password() != null) {
            options.put("password", raw(t.password()));
        }
        options.put("connectTimeout", t.connectTimeoutMs());
        options.put("soTimeout", t.soTimeoutMs());
        options.put("timeout", t.dataTimeoutMs());
        if (t.protocol().equals("sftp")) {
            if (t.knownHosts() == null) {
                throw new IllegalArgumentException("destination " + name + " (" + t + ") needs known-hosts: host key checking cannot be turned off");
            }
            options.put("knownHostsFile", t.knownHosts());
            options.put("useUserKnownHostsFile", false);
            options.put("strictHostKeyChecking", "yes");
            if (t.privateKey() != null) {
                options.put("privateKeyFile", t.privateKey());
            }
        } else {
            options.put("binary", true);
            options.put("passiveMode", t.passiveMode());
            options.put("stepwise", false);
            if (t.protocol().equals("ftps")) {
                options.put("execPbsz", 0L);
                options.put("execProt", "P"); // the data channel is encrypted too, as for deliveries
                options.put("sslContextParameters", tls(t));
            }
        }
        idleBackoff(options);
        options.putAll(parameters); // what the flow says about this inbox wins
        parameters.clear();
        String dir = t.directory().isEmpty() ? sub : sub.isEmpty() ? t.directory() : t.directory() + "/" + sub;
        // the options go into the URI: two routes reading one folder with different options (PF8: files, markers)
        // need two endpoints, and Camel tells endpoints apart by URI; objects (the TLS context) cannot, they are bound
        Map<String, Object> objects = new LinkedHashMap<>();
        options.entrySet().removeIf(o -> {
            boolean object = !(o.getValue() instanceof String || o.getValue() instanceof Number || o.getValue() instanceof Boolean);
            if (object) {
                objects.put(o.getKey(), o.getValue());
            }
            return object;
        });
        String real = t.protocol() + "://" + t.host() + ":" + t.port() + "/" + dir + "?" + URISupport.createQueryString(options);
        return objects.isEmpty() ? getCamelContext().getEndpoint(real) : getCamelContext().getEndpoint(real, objects);
    }

    /**
     * An inbox at rest polls less (Camel's scheduled-poll backoff): after {@code mediarelay.polling.idle-backoff-threshold}
     * empty polls it skips {@code mediarelay.polling.idle-backoff-multiplier} polls at a time, until one finds a file.
     * Off (0) unless the profile sets it; a flow's own backoff options win.
     */
    private void idleBackoff(Map<String, Object> options) {
        var props = getCamelContext().getPropertiesComponent();
        int multiplier = props.resolveProperty(IDLE_BACKOFF_MULTIPLIER).map(Integer::parseInt).orElse(0);
        if (multiplier > 0) {
            options.put("backoffMultiplier", multiplier);
            options.put("backoffIdleThreshold", props.resolveProperty(IDLE_BACKOFF_THRESHOLD).map(Integer::parseInt).orElse(3));
        }
    }

    static final String IDLE_BACKOFF_MULTIPLIER = "mediarelay.polling.idle-backoff-multiplier";
    static final String IDLE_BACKOFF_THRESHOLD = "mediarelay.polling.idle-backoff-threshold";

    /** Credentials as RAW values: sent exactly as configured, whatever characters they hold. */
    private static String raw(String value) {
        return value.contains(")") ? "RAW{" + value + "}" : "RAW(" + value + ")";
    }

    /** The destination's trust store (its private CA), or the JVM's trusted CAs when none is set. */
    private SSLContextParameters tls(DeliveryTarget t) {
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setSecureSocketProtocol("TLS");
        if (t.trustStore() != null) {
            KeyStoreParameters store = new KeyStoreParameters();
            store.setResource("file:" + t.trustStore());
            store.setPassword(t.trustStorePassword());
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setKeyStore(store);
            ssl.setTrustManagers(trust);
        }
        ssl.setCamelContext(getCamelContext());
        return ssl;
    }
}
