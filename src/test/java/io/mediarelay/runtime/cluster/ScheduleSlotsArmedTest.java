package io.mediarelay.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import io.mediarelay.runtime.db.TestDatabases;
import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;

/**
 * A slot that falls in the first failover of a cluster's life (no slot claimed yet) is caught up from when the first
 * leader armed the schedule. Before: "never fired anywhere: nothing was missed", and bench/cluster.sh's GF8 lost its
 * first slot when its leader was killed 8 s before it.
 */
class ScheduleSlotsArmedTest {

    @Test
    void theFirstLeaderArmsTheScheduleAndANewLeaderCatchesUpFromThere() throws Exception {
        DataSource ds = TestDatabases.migrated("h2");
        ScheduleSlots a = new ScheduleSlots(ds, "node-0");
        ScheduleSlots b = new ScheduleSlots(ds, "node-1");
        long started = Instant.parse("2026-12-05T08:37:05Z").toEpochMilli();
        long takenOver = Instant.parse("2026-12-05T08:38:06Z").toEpochMilli();
        assertEquals(started, a.armedSince("gf8-source", started), "the first leader arms it");
        assertEquals(started, b.armedSince("gf8-source", takenOver), "the next leader reads the first arming");

        ClusterSettings settings = ClusterSettings.from(io.mediarelay.config.RuntimeConfig.of(new java.util.Properties()));
        ScheduledSlotPolicy policy = new ScheduledSlotPolicy(b, settings, java.time.Clock.systemUTC());
        CronExpression everyMinute = new CronExpression("0 * * * * ?");
        everyMinute.setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
        List<java.util.Date> missed = policy.missedSlots(everyMinute, b.armedSince("gf8-source", takenOver), takenOver);
        assertEquals(List.of(java.util.Date.from(Instant.parse("2026-12-05T08:38:00Z"))), missed);
    }
}
