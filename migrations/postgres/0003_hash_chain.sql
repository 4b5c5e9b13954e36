-- Tamper evidence: every event carries a hash over its content, its metadata
-- and the hash of the event before it. suivi writes positions and hashes
-- itself, in the transaction that writes the events, holding the lock of the
-- head row so that concurrent writers cannot fork the chain; the trigger now
-- only numbers rows written by other means (which then have no hash, and
-- fail verification).
ALTER TABLE events ADD COLUMN hash text;
ALTER TABLE event_head ADD COLUMN hash text NOT NULL DEFAULT '';

CREATE OR REPLACE FUNCTION events_assign_position() RETURNS trigger AS $$
BEGIN
    IF NEW.position IS NULL THEN
        UPDATE event_head SET position = position + 1 WHERE id = 1
            RETURNING position INTO NEW.position;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TABLE year_snapshots
(
    year         integer PRIMARY KEY,
    as_of        text    NOT NULL,
    position     bigint  NOT NULL,
    head_hash    text    NOT NULL,
    content      text    NOT NULL,
    content_hash text    NOT NULL,
    taken_at     bigint  NOT NULL,
    taken_by     text    NOT NULL
);
