-- Messages waiting to be sent, sent, or given up on. One row per message,
-- identified by an idempotency key so that enqueuing twice keeps one.
-- Times are milliseconds since the Unix epoch (UTC).
CREATE TABLE outbox
(
  id              integer PRIMARY KEY AUTOINCREMENT,
  idempotency_key text    NOT NULL UNIQUE,
  day             text    NOT NULL,
  structure       text    NOT NULL,
  recipients      text    NOT NULL,
  subject         text    NOT NULL,
  body_text       text    NOT NULL,
  body_html       text    NOT NULL,
  items           text    NOT NULL,
  message_id      text    NOT NULL,
  status          text    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at integer NOT NULL,
  lease_until     integer,
  last_error      text,
  created_at      integer NOT NULL,
  sent_at         integer
) STRICT;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- Scheduled jobs that ran, one row per job and day.
CREATE TABLE scheduler_runs
(
  job    text    NOT NULL,
  day    text    NOT NULL,
  ran_at integer NOT NULL,
  PRIMARY KEY (job, day)
) STRICT;

-- Who may run the scheduler: one holder at a time, until the lease expires.
CREATE TABLE leases
(
  name       text PRIMARY KEY,
  holder     text    NOT NULL,
  expires_at integer NOT NULL
) STRICT;
INSERT INTO leases (name, holder, expires_at) VALUES ('scheduler', '', 0);
