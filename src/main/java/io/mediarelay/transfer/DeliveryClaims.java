package io.mediarelay.transfer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import io.mediarelay.common.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims on deliveries in {@code delivery_claims} (V17): an asset version is claimed for a destination before it is
 * licensed or uploaded, so two instances on one database never both deliver it. The UNIQUE(asset, version,
 * destination) constraint decides a race; a claim whose holder died is taken over after its lease by a conditional
 * UPDATE (one taker wins). Portable SQL (H2, PostgreSQL), each statement in its own auto-commit transaction.
 *
 * <p>The lease is short (default one minute) and renewed by its live holder ({@link #renewHeld}, every third of a
 * lease, {@link DeliveryClaimRenewal}): a long upload keeps its claim, and a claim of an instance killed mid-delivery
 * returns within one lease instead of blocking that asset (and, on a board, the run) for as long as the longest
 * delivery could take. A claim held longer than {@code maxHold} is no longer renewed: an exchange that ended without
 * completing or releasing it (it should not happen) holds the asset at most that long.
 */
public final class DeliveryClaims {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryClaims.class);
    static final String CLAIMED = "CLAIMED";
    static final String DELIVERED = "DELIVERED";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String OWNER = instance();

    /** What a claim attempt found. */
    public enum Outcome { CLAIMED, TAKEN_OVER, DELIVERED, HELD_ELSEWHERE }

    /** The answer of {@link #claim}: the token is set when this caller now holds the claim. */
    public record Result(Outcome outcome, String token, long id, String holder) {
        public boolean held() {
            return outcome == Outcome.CLAIMED || outcome == Outcome.TAKEN_OVER;
        }
    }

    private final DataSource dataSource;
    private final Duration lease;
    private final Duration maxHold;
    private final Clock clock;
    /** A claim this JVM holds and renews: when, for which delivery, by which exchange. */
    private record Held(Instant at, String what, String exchangeId) {
    }

    /** Claims this JVM holds and renews, by token. */
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    public DeliveryClaims(DataSource dataSource, Duration lease, Clock clock) {
        this(dataSource, lease, Duration.ofHours(2), clock);
    }

    public DeliveryClaims(DataSource dataSource, Duration lease, Duration maxHold, Clock clock) {
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("mediarelay.delivery.claim-lease must be positive, was " + lease);
        }
        this.dataSource = dataSource;
        this.lease = lease;
        this.maxHold = maxHold;
        this.clock = clock;
    }

    /** How long a claim of a dead holder blocks its asset; the live holder renews it every third of this. */
    public Duration lease() {
        return lease;
    }

    /** Claims {@code asset:version@destination} for {@code holder} (for operators: who holds it). */
    public Result claim(String asset, String version, String destination, String holder) throws SQLException {
        String token = UUID.randomUUID().toString();
        String owner = trim(OWNER + " " + holder, 300);
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            try {
                Sql.update(c, "INSERT INTO delivery_claims (asset_id, asset_version, destination, token, owner, state,"
                        + " claimed_at, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", asset, version, destination, token,
                        owner, CLAIMED, Timestamp.from(now), Timestamp.from(now.plus(lease)));
                held.put(token, new Held(now, asset + ":" + version + "@" + destination, holder));
                return new Result(Outcome.CLAIMED, token, idOf(c, token), owner);
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
            }
            // someone holds it or delivered it; a lapsed lease (its holder died) is taken over by exactly one taker
            if (Sql.update(c, "UPDATE delivery_claims SET token = ?, owner = ?, claimed_at = ?, lease_until = ?"
                    + " WHERE asset_id = ? AND asset_version = ? AND destination = ? AND state = ? AND lease_until < ?",
                    token, owner, Timestamp.from(now), Timestamp.from(now.plus(lease)), asset, version, destination,
                    CLAIMED, Timestamp.from(now)) == 1) {
                LOG.warn("Took over the lapsed delivery claim of {}:{}@{} (its holder stopped renewing it {} ago or more)",
                        asset, version, destination, lease);
                held.put(token, new Held(now, asset + ":" + version + "@" + destination, holder));
                return new Result(Outcome.TAKEN_OVER, token, idOf(c, token), owner);
            }
            try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT id, state, owner FROM delivery_claims"
                    + " WHERE asset_id = ? AND asset_version = ? AND destination = ?"), asset, version, destination);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    // released between our insert and our look: the next poll or retry claims it
                    return new Result(Outcome.HELD_ELSEWHERE, null, 0, "(released just now)");
                }
                Outcome o = DELIVERED.equals(rs.getString(2)) ? Outcome.DELIVERED : Outcome.HELD_ELSEWHERE;
                return new Result(o, null, rs.getLong(1), rs.getString(3));
            }
        }
    }

    /**
     * Marks the claim delivered, on the caller's connection (the transaction that writes the DELIVERED row). False when
     * the token no longer holds the claim: its lease lapsed and another instance took it over.
     */
    public boolean complete(Connection c, String token) throws SQLException {
        held.remove(token); // a rollback leaves the claim unrenewed: it lapses after one lease and is claimed again
        return Sql.update(c, "UPDATE delivery_claims SET state = ?, delivered_at = ? WHERE token = ? AND state = ?",
                DELIVERED, Timestamp.from(clock.instant()), token, CLAIMED) == 1;
    }

    /** Gives a claim back that did not end in a delivery (failure, filtered): the next attempt may claim it. */
    public void release(String token) {
        held.remove(token);
        try (Connection c = dataSource.getConnection()) {
            Sql.update(c, "DELETE FROM delivery_claims WHERE token = ? AND state = ?", token, CLAIMED);
        } catch (SQLException e) {
            // not fatal: the lease returns it
            LOG.warn("Could not release delivery claim (it returns after its lease of {}): {}", lease, e.getMessage());
        }
    }

    /**
     * Pushes the lease of every claim this JVM still holds one lease ahead (one UPDATE each, on one connection); drops
     * the ones no longer CLAIMED by us (delivered, released, taken over) and the ones held past {@code maxHold}.
     * Returns how many were renewed. A failure is logged: the claims stay valid until their lease ends.
     */
    public int renewHeld() {
        return renewHeld(null);
    }

    /**
     * As {@link #renewHeld()}, and gives back at once the claims whose exchange is no longer in {@code inFlight} (the
     * ids of the exchanges the Camel context is processing; null = not known): an exchange that ended without
     * delivering or releasing — a route force-stopped when its flow moved to another instance, an interrupted poll —
     * held its asset until {@code maxHold} (2 h) while this renewal kept its claim alive (seen in bench/cluster.sh: a
     * GF3 asset waited on a claim of an exchange that no longer existed).
     */
    public int renewHeld(java.util.Set<String> inFlight) {
        if (held.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        int renewed = 0;
        try (Connection c = dataSource.getConnection()) {
            for (Map.Entry<String, Held> e : held.entrySet()) {
                if (inFlight != null && e.getValue().exchangeId() != null && !inFlight.contains(e.getValue().exchangeId())) {
                    LOG.info("Delivery claim of {} given back: its exchange {} ended without delivering or releasing it",
                            e.getValue().what(), e.getValue().exchangeId());
                    release(e.getKey());
                } else if (e.getValue().at().plus(maxHold).isBefore(now)) {
                    LOG.warn("Delivery claim of {} held since {} is no longer renewed (mediarelay.delivery.claim-max-hold {});"
                            + " it returns after its lease", e.getValue().what(), e.getValue().at(), maxHold);
                    held.remove(e.getKey());
                } else if (Sql.update(c, "UPDATE delivery_claims SET lease_until = ? WHERE token = ? AND state = ?",
                        Timestamp.from(now.plus(lease)), e.getKey(), CLAIMED) == 1) {
                    renewed++;
                } else {
                    held.remove(e.getKey());
                }
            }
        } catch (SQLException e) {
            LOG.warn("Could not renew {} delivery claims (they stay valid until their lease ends): {}", held.size(), e.getMessage());
        }
        return renewed;
    }

    /** How many claims this JVM holds (and renews). */
    int heldCount() {
        return held.size();
    }

    /** The claim's id for a token (the DELIVERED row refers to it). */
    private static long idOf(Connection c, String token) throws SQLException {
        try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT id FROM delivery_claims WHERE token = ?"), token);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static String instance() {
        String host = System.getenv("HOSTNAME");
        return (host == null || host.isBlank() ? "localhost" : host) + ":" + ProcessHandle.current().pid();
    }

    private static String trim(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
