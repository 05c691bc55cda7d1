package io.mediarelay.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import io.mediarelay.connector.CursorStore;
import io.mediarelay.runtime.TestClock;
import io.mediarelay.runtime.db.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Deliveries commit in a different order than their ids were given: two instances (or two flows of one instance)
 * insert their DELIVERED rows concurrently, and the row with the lower id may commit last. The delivery.completed
 * scan must still announce it (TwoInstancesDeliverOnceTest lost one webhook of 43 this way: the cursor had already
 * moved past the id of a delivery that was not yet committed when the scan ran).
 */
class DeliveryScanCommitOrderTest {
    final TestClock clock = new TestClock(Instant.parse("2026-03-01T08:00:00Z"));

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aDeliveryCommittedAfterAHigherIdIsStillAnnounced(String engine) throws Exception {
        DataSource ds = TestDatabases.migrated(engine);
        RegistryChangeScanner scanner = scanner(ds);
        insert(ds, "gi-0"); // committed, announced
        assertEquals(1, scanner.scan());
        try (Connection slow = ds.getConnection()) {
            slow.setAutoCommit(false);
            insertOn(slow, "gi-1"); // takes its id first, commits last
            insert(ds, "gi-2");
            assertEquals(1, scanner.scan(), "gi-2 is announced, gi-1 is not visible yet");
            slow.commit();
        }
        assertEquals(1, scanner.scan(), "gi-1, committed after gi-2, is announced too");
        assertEquals(0, scanner.scan(), "nothing twice");
        assertEquals(Set.of("gi-0", "gi-1", "gi-2"), Set.copyOf(announcedAssets(ds)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anIdThatNeverCommitsHoldsTheCursorOnlyForAWhile(String engine) throws Exception {
        DataSource ds = TestDatabases.migrated(engine);
        RegistryChangeScanner scanner = scanner(ds);
        insert(ds, "gi-0");
        long gap;
        try (Connection rolledBack = ds.getConnection()) {
            rolledBack.setAutoCommit(false);
            gap = insertOn(rolledBack, "gi-1");
            rolledBack.rollback(); // its id stays unused forever
        }
        insert(ds, "gi-2");
        assertEquals(2, scanner.scan(), "gi-0 and gi-2; the rows after the gap are announced at once");
        assertEquals(Long.toString(gap - 1), cursor(ds), "the cursor waits before the gap");
        assertEquals(0, scanner.scan(), "re-reading the rows after the gap announces nothing twice");
        clock.advance(RegistryChangeScanner.GAP_WAIT.plus(Duration.ofSeconds(1)));
        insert(ds, "gi-3");
        assertEquals(1, scanner.scan());
        assertEquals(Set.of("gi-0", "gi-2", "gi-3"), Set.copyOf(announcedAssets(ds)));
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement()
                .executeQuery("SELECT MAX(id) FROM deliveries")) {
            rs.next();
            assertEquals(Long.toString(rs.getLong(1)), cursor(ds), "an old gap is passed");
        }
    }

    private RegistryChangeScanner scanner(DataSource ds) {
        WebhookReceivers receivers = new WebhookReceivers(List.of(new WebhookReceivers.Receiver("publishing",
                "http://127.0.0.1:9/in", "secret", Set.of())));
        return new RegistryChangeScanner(ds, new WebhookOutbox(ds, receivers, clock, Duration.ofHours(1)), clock);
    }

    private void insert(DataSource ds, String asset) throws SQLException {
        try (Connection c = ds.getConnection()) {
            insertOn(c, asset);
        }
    }

    private long insertOn(Connection c, String asset) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO deliveries (flow_id, asset_id, destination,"
                + " remote_path, bytes, sha256, started_at, finished_at, outcome) VALUES ('gf1', ?, 'partner-ftp', ?, 10,"
                + " 'abc', ?, ?, 'DELIVERED')", new String[] {"id"})) {
            ps.setString(1, asset);
            ps.setString(2, "out/" + asset + ".jpg");
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            ps.setTimestamp(4, Timestamp.from(clock.instant()));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static List<String> announcedAssets(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT asset_id FROM"
                + " webhook_outbox WHERE event_type = 'delivery.completed' ORDER BY asset_id")) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static String cursor(DataSource ds) {
        return new CursorStore(ds).get(RegistryChangeScanner.DELIVERY_CURSOR).orElse(null);
    }
}
