-- Governance (issue 6 remainder). Portable H2/PostgreSQL SQL, one column per ALTER.

-- Getty usage reporting (route gh-usage-reporting, io.mediarelay.governance.UsageReporter). A batch is claimed
-- (its usage events stamped with its id) in one transaction BEFORE anything is sent; sending it again after a crash
-- re-sends exactly the same events under the same id, and Getty answers 409 for an id it already has.
-- status: CLAIMED (not yet confirmed by Getty), REPORTED, REJECTED (Getty refused it: 400, e.g. unknown assets).
CREATE TABLE usage_report_batches (
    batch_id        VARCHAR(64)   NOT NULL PRIMARY KEY,
    status          VARCHAR(20)   NOT NULL,
    event_count     INT           NOT NULL,
    total_quantity  INT           NOT NULL,
    attempts        INT           NOT NULL DEFAULT 0,
    outcome         VARCHAR(30),
    created_at      TIMESTAMP     NOT NULL,
    reported_at     TIMESTAMP,
    last_error      VARCHAR(2000)
);
CREATE INDEX usage_report_batches_status ON usage_report_batches (status);
ALTER TABLE usage_events ADD COLUMN report_batch_id VARCHAR(64);
CREATE INDEX usage_events_report_batch ON usage_events (report_batch_id);

-- GX7 procurement push as a durable outbox on license_requests itself: procurement_status PENDING rows are sent by
-- the poller route api-procurement-outbox; attempts and the next attempt time survive a restart.
ALTER TABLE license_requests ADD COLUMN procurement_attempts INT DEFAULT 0 NOT NULL;
ALTER TABLE license_requests ADD COLUMN procurement_next_at TIMESTAMP;
CREATE INDEX license_requests_procurement ON license_requests (procurement_status, procurement_next_at);
