-- The route that created a dead-lettered exchange (for a kamelet-sourced flow: the kamelet's source route, whose
-- original message is what the dead-letter store keeps). Replay sends the message back in there.
ALTER TABLE dead_letters ADD COLUMN origin_route_id VARCHAR(200);
