-- Secrets the instances of one database share: the key that signs the
-- device cookies given at a successful login.
CREATE TABLE server_keys
(
    name  text PRIMARY KEY,
    value text NOT NULL
);
