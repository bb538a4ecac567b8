-- Issue 11 (trust at the boundary): who may see each event, a request's fingerprint, and the
-- date of a proposal's latest event.

-- The party whose confidential data an event's resource is (parties/{party}/...); NULL: public.
ALTER TABLE events ADD COLUMN party VARCHAR(63) NULL;
UPDATE events SET party = SUBSTRING_INDEX(SUBSTRING(resource, 9), '/', 1)
  WHERE resource LIKE 'parties/%/%';

-- A retry must repeat its request (AIP-155): SHA-256 of the request's bytes ('' before this).
ALTER TABLE requests ADD COLUMN fingerprint CHAR(64) NOT NULL DEFAULT '';

-- Nothing is recorded against a proposal before its latest event.
ALTER TABLE modifications ADD COLUMN last_event_date CHAR(10) NULL;
UPDATE modifications m SET last_event_date = (
  SELECT MAX(e.effective_date) FROM events e
  WHERE e.resource = CONCAT('modifications/', m.reference));
