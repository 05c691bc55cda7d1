-- Issue 13: a scheduled (Quartz cron) route fires each slot once cluster-wide. The instance that leads the flow claims
-- the slot here before the run (primary key = one winner, even when a leader that lost its session still fires); a new
-- leader fires the slots missed since the last claimed one (catch-up). slot_ms = the cron slot, epoch milliseconds.
CREATE TABLE schedule_slots (
    route_id  VARCHAR(200) NOT NULL,
    slot_ms   BIGINT       NOT NULL,
    fired_at  TIMESTAMP    NOT NULL,
    member_id VARCHAR(200) NOT NULL,
    catch_up  BOOLEAN      NOT NULL,
    PRIMARY KEY (route_id, slot_ms)
);
