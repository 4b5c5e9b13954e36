-- An account's e-mail address, and the one-time links that let someone
-- choose a password (an invitation, a reset): only their SHA-256 is kept.
ALTER TABLE users ADD COLUMN email text;
CREATE TABLE account_links
(
    token_hash text PRIMARY KEY,
    user_name  text   NOT NULL REFERENCES users (name),
    purpose    text   NOT NULL CHECK (purpose IN ('invitation', 'reset')),
    expires_at bigint NOT NULL,
    used_at    bigint
);
CREATE INDEX account_links_user ON account_links (user_name);
