-- License governance (issue 11). Portable H2/PostgreSQL SQL, one column per ALTER.

-- One verdict per use, made once (docs/GOVERNANCE.md R3): the verdict and reason decided when the use was recorded.
-- usage.violation is raised from these, never by judging an old use again against today's counts.
-- Rows recorded before V14 have no verdict and raise nothing.
ALTER TABLE usage_events ADD COLUMN verdict VARCHAR(40);
ALTER TABLE usage_events ADD COLUMN reason VARCHAR(2000);

-- Alerts per license term (R5): expiring-N / expired are claimed per (license, kind, end date), so a renewal (a new
-- end date under the same license id, e.g. a PhotoShelter re-import) re-arms them. Other kinds keep 1970-01-01.
ALTER TABLE alerts_sent ADD COLUMN term_end DATE DEFAULT DATE '1970-01-01' NOT NULL;
UPDATE alerts_sent SET term_end = (SELECT l.end_date FROM licenses l WHERE l.license_id = alerts_sent.license_id)
    WHERE (kind = 'expired' OR kind LIKE 'expiring-%')
    AND EXISTS (SELECT 1 FROM licenses l WHERE l.license_id = alerts_sent.license_id AND l.end_date IS NOT NULL);
ALTER TABLE alerts_sent DROP CONSTRAINT alerts_sent_once;
ALTER TABLE alerts_sent ADD CONSTRAINT alerts_sent_once UNIQUE (license_id, kind, term_end);
