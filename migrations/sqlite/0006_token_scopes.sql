-- What a token may do (`api`: the JSON API with its user's rights; `feed`:
-- only read its user's iCalendar feeds), until when, and when it was last used.
ALTER TABLE api_tokens ADD COLUMN scope text NOT NULL DEFAULT 'api';
ALTER TABLE api_tokens ADD COLUMN expires_at bigint;
ALTER TABLE api_tokens ADD COLUMN last_used_at bigint;
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);
