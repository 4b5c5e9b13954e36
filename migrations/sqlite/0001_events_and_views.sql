-- The event log, in the layout sqlite-es reads and writes, plus a global
-- position assigned at insert in commit order (SQLite has a single writer).
CREATE TABLE events
(
  aggregate_type text                          NOT NULL,
  aggregate_id   text                          NOT NULL,
  sequence       integer CHECK (sequence >= 0) NOT NULL,
  event_type     text                          NOT NULL,
  event_version  text                          NOT NULL,
  payload        text                          NOT NULL,
  metadata       text                          NOT NULL,
  position       integer UNIQUE,
  PRIMARY KEY (aggregate_type, aggregate_id, sequence)
) STRICT;

CREATE TABLE snapshots
(
  aggregate_type   text                                  NOT NULL,
  aggregate_id     text                                  NOT NULL,
  last_sequence    integer CHECK (last_sequence >= 0)    NOT NULL,
  current_snapshot integer CHECK (current_snapshot >= 0) NOT NULL,
  payload          text                                  NOT NULL,
  PRIMARY KEY (aggregate_type, aggregate_id, last_sequence)
) STRICT;

-- The last position handed out; the row is updated by every insert.
CREATE TABLE event_head
(
  id       integer PRIMARY KEY CHECK (id = 1),
  position integer NOT NULL
) STRICT;
INSERT INTO event_head (id, position) VALUES (1, 0);

CREATE TRIGGER events_assign_position AFTER INSERT ON events
BEGIN
  UPDATE event_head SET position = position + 1 WHERE id = 1;
  UPDATE events SET position = (SELECT position FROM event_head WHERE id = 1)
   WHERE rowid = NEW.rowid;
END;

-- How far each projection has read the event log.
CREATE TABLE projection_positions
(
  name     text PRIMARY KEY,
  position integer NOT NULL
) STRICT;
INSERT INTO projection_positions (name, position) VALUES ('tables', 0);

-- The current state of every aggregate, as the report tables read it.
CREATE TABLE views
(
  kind    text    NOT NULL,
  id      text    NOT NULL,
  scope   text    NOT NULL,
  ord     integer NOT NULL,
  payload text    NOT NULL,
  PRIMARY KEY (kind, id)
) STRICT;
CREATE INDEX views_by_scope ON views (kind, scope, ord);
