-- Webhook delivery bookkeeping on top of V5's webhook_outbox. One column per statement: portable H2/PostgreSQL.
-- give_up_at: end of the retry budget, reset by a replay (created_at keeps when the event happened).
ALTER TABLE webhook_outbox ADD COLUMN give_up_at TIMESTAMP;
ALTER TABLE webhook_outbox ADD COLUMN delivered_at TIMESTAMP;
ALTER TABLE webhook_outbox ADD COLUMN last_status INT;
-- The dispatcher looks for the earliest pending event per (receiver, asset) to keep per-asset order.
CREATE INDEX webhook_outbox_order ON webhook_outbox (receiver, asset_id, status, id);
