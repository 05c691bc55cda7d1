-- Issue 15: the registry feeds of the HTTP flows select licenses by updated_at and usage events by recorded_at
-- since their cursor; without these indexes every scan read both tables whole, and they only grow.
CREATE INDEX licenses_updated_at ON licenses (updated_at);
CREATE INDEX usage_events_recorded_at ON usage_events (recorded_at);
