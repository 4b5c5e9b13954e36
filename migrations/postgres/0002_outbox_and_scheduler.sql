-- Messages waiting to be sent, sent, or given up on. One row per message,
-- identified by an idempotency key so that enqueuing twice keeps one.
-- Times are milliseconds since the Unix epoch (UTC).
CREATE TABLE outbox
(
    id              bigserial PRIMARY KEY,
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
    next_attempt_at bigint  NOT NULL,
    lease_until     bigint,
    last_error      text,
    created_at      bigint  NOT NULL,
    sent_at         bigint
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

CREATE TABLE scheduler_runs
(
    job    text   NOT NULL,
    day    text   NOT NULL,
    ran_at bigint NOT NULL,
    PRIMARY KEY (job, day)
);

CREATE TABLE leases
(
    name       text PRIMARY KEY,
    holder     text   NOT NULL,
    expires_at bigint NOT NULL
);
INSERT INTO leases (name, holder, expires_at) VALUES ('scheduler', '', 0);
