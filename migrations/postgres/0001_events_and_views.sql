-- The event log, in the layout postgres-es reads and writes, plus a global
-- position. The position comes from a counter row whose lock is held until the
-- inserting transaction ends, so positions are handed out in commit order and
-- without gaps: a reader that has seen position N has seen every event before it.
CREATE TABLE events
(
    aggregate_type text                         NOT NULL,
    aggregate_id   text                         NOT NULL,
    sequence       bigint CHECK (sequence >= 0) NOT NULL,
    event_type     text                         NOT NULL,
    event_version  text                         NOT NULL,
    payload        json                         NOT NULL,
    metadata       json                         NOT NULL,
    position       bigint                       NOT NULL UNIQUE,
    PRIMARY KEY (aggregate_type, aggregate_id, sequence)
);

CREATE TABLE snapshots
(
    aggregate_type   text                                 NOT NULL,
    aggregate_id     text                                 NOT NULL,
    last_sequence    bigint CHECK (last_sequence >= 0)    NOT NULL,
    current_snapshot bigint CHECK (current_snapshot >= 0) NOT NULL,
    payload          json                                 NOT NULL,
    PRIMARY KEY (aggregate_type, aggregate_id, last_sequence)
);

CREATE TABLE event_head
(
    id       integer PRIMARY KEY CHECK (id = 1),
    position bigint  NOT NULL
);
INSERT INTO event_head (id, position) VALUES (1, 0);

CREATE FUNCTION events_assign_position() RETURNS trigger AS $$
BEGIN
    UPDATE event_head SET position = position + 1 WHERE id = 1
        RETURNING position INTO NEW.position;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER events_assign_position BEFORE INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION events_assign_position();

CREATE TABLE projection_positions
(
    name     text PRIMARY KEY,
    position bigint NOT NULL
);
INSERT INTO projection_positions (name, position) VALUES ('tables', 0);

CREATE TABLE views
(
    kind    text   NOT NULL,
    id      text   NOT NULL,
    scope   text   NOT NULL,
    ord     bigint NOT NULL,
    payload text   NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE INDEX views_by_scope ON views (kind, scope, ord);
