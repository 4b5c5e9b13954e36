-- People who use suivi over HTTP, their API tokens and their web sessions.
-- Secrets are stored hashed only: passwords with Argon2, tokens and session
-- ids with SHA-256 (they are long random strings).
CREATE TABLE users
(
    name          text PRIMARY KEY,
    role          text    NOT NULL CHECK (role IN ('director', 'cps', 'structure', 'reader')),
    structure     text,
    password_hash text,
    disabled      integer NOT NULL DEFAULT 0,
    created_at    bigint  NOT NULL
);

CREATE TABLE api_tokens
(
    id         text PRIMARY KEY,
    user_name  text   NOT NULL REFERENCES users (name),
    token_hash text   NOT NULL UNIQUE,
    label      text,
    created_at bigint NOT NULL,
    revoked_at bigint
);

CREATE TABLE web_sessions
(
    id_hash    text PRIMARY KEY,
    user_name  text   NOT NULL REFERENCES users (name),
    csrf       text   NOT NULL,
    expires_at bigint NOT NULL
);
