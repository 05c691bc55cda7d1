package io.mediarelay.transfer.delivery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves a destination usable before anything is bought for it: connect, log in (TLS / host key checked as for a
 * delivery), create the directory, write and delete a small probe file. Used by the destination-check-action
 * kamelet in front of getty:license: a wrong password, an untrusted certificate or a read-only directory then
 * stops the asset before the license POST instead of after it.
 *
 * <p>A success is cached for {@code mediarelay.destination-check.ttl-ms} (default 60 s) per destination and
 * settings, so a board of 100 assets costs one probe; a failure only for {@code failure-ttl-ms} (default 5 s), so
 * a destination that comes back is used again after the next retry, while a burst of assets does not hammer a
 * server that is down.
 */
public final class DestinationCheck implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(DestinationCheck.class);
    static final String PROBE_PREFIX = ".mediarelay-check-";

    private record Outcome(String failure, long until) {
    }

    private final Map<String, Outcome> cache = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    public DestinationCheck() {
        this(System::currentTimeMillis);
    }

    DestinationCheck(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        DeliveryTarget t = DeliveryTarget.from(exchange);
        check(t, ttl(exchange, "ttl-ms", 60_000), ttl(exchange, "failure-ttl-ms", 5_000));
        DeliveryTarget.forget(exchange); // only now: a redelivery of this step reads the name again

    }

    /** Throws {@link DestinationUnavailableException} naming the destination (never its password) when unusable. */
    public void check(DeliveryTarget t, long ttlMs, long failureTtlMs) throws DestinationUnavailableException {
        String key = t.name() + "|" + t.poolKey() + "|" + t.directory();
        long now = clock.getAsLong();
        Outcome cached = cache.get(key);
        if (cached == null || cached.until() <= now) {
            String failure = probe(t);
            cached = new Outcome(failure, now + (failure == null ? ttlMs : failureTtlMs));
            cache.put(key, cached);
            if (failure == null) {
                LOG.debug("Destination {} ({}) checked: usable", t.name(), t);
            } else {
                LOG.warn("Destination {} ({}) is not usable: {}", t.name(), t, failure);
            }
        }
        if (cached.failure() != null) {
            throw new DestinationUnavailableException("destination " + t.name() + " (" + t + ") is not usable, nothing "
                    + "licensed or delivered for it: " + cached.failure());
        }
    }

    /** null when usable, else what failed. */
    static String probe(DeliveryTarget t) {
        String probe = (t.directory().isEmpty() ? "" : t.directory() + "/") + PROBE_PREFIX + UUID.randomUUID() + ".tmp";
        try (RemoteSession s = t.protocol().equals("sftp") ? new SftpRemoteSession(t) : new FtpRemoteSession(t)) {
            s.mkdirs(t.directory());
            try {
                s.store(probe, new ByteArrayInputStream(new byte[] {'o', 'k'}), 0);
            } catch (IOException e) {
                throw new IOException("directory '" + t.directory() + "' is not writable: " + e.getMessage(), e);
            }
            if (s.size(probe) != 2) {
                throw new IOException("directory '" + t.directory() + "' did not keep a written probe file");
            }
            s.delete(probe);
            return null;
        } catch (IOException | RuntimeException e) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    private static long ttl(Exchange e, String key, long dflt) {
        return e.getContext().getPropertiesComponent().resolveProperty("mediarelay.destination-check." + key)
                .map(String::trim).filter(v -> !v.isEmpty()).map(Long::parseLong).orElse(dflt);
    }
}
