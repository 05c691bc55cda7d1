-- One failure policy (docs/ARCHITECTURE.md, "Failure policy"): a transient failure is kept in dead_letters as
-- RETRYING and replayed by the catch-up with backoff (next_attempt_at) until its flow's deadline (retry_deadline),
-- then it is dead (NEW, an operator's). One row per failed message: a failed retry updates its row (attempts + 1).
ALTER TABLE dead_letters ADD COLUMN attempts INT DEFAULT 1 NOT NULL;
ALTER TABLE dead_letters ADD COLUMN next_attempt_at TIMESTAMP;
ALTER TABLE dead_letters ADD COLUMN retry_deadline TIMESTAMP;
ALTER TABLE dead_letters ADD COLUMN failure_kind VARCHAR(16);
ALTER TABLE dead_letters ADD COLUMN step_id VARCHAR(300);
ALTER TABLE dead_letters ADD COLUMN destination VARCHAR(500);
CREATE INDEX dead_letters_status_due ON dead_letters (status, next_attempt_at);
