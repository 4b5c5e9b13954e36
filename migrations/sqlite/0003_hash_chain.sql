-- Tamper evidence: every event carries a hash over its content, its metadata
-- and the hash of the event before it. suivi writes positions and hashes
-- itself, in the transaction that writes the events; the trigger now only
-- numbers rows written by other means (which then have no hash, and fail
-- verification).
ALTER TABLE events ADD COLUMN hash text;
ALTER TABLE event_head ADD COLUMN hash text NOT NULL DEFAULT '';

DROP TRIGGER events_assign_position;
CREATE TRIGGER events_assign_position AFTER INSERT ON events
WHEN NEW.position IS NULL
BEGIN
  UPDATE event_head SET position = position + 1 WHERE id = 1;
  UPDATE events SET position = (SELECT position FROM event_head WHERE id = 1)
   WHERE rowid = NEW.rowid;
END;

-- Year-end snapshots: the year's tables frozen as of 31 December 23:59:59
-- (Africa/Bamako), with the event position and chain head they rest on.
CREATE TABLE year_snapshots
(
  year         integer PRIMARY KEY,
  as_of        text    NOT NULL,
  position     integer NOT NULL,
  head_hash    text    NOT NULL,
  content      text    NOT NULL,
  content_hash text    NOT NULL,
  taken_at     integer NOT NULL,
  taken_by     text    NOT NULL
) STRICT;
