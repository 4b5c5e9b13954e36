-- The claim a worker holds on a message it is sending: marking the message
-- sent (or failed) succeeds only for the holder of the current claim, so a
-- worker whose lease expired cannot overwrite another's work.
ALTER TABLE outbox ADD COLUMN lease_token text;
