-- Files uploaded to be imported, kept between their preview and its
-- confirmation (an hour at most), keyed by who uploaded them and their SHA-256.
CREATE TABLE uploads
(
    user_name   text    NOT NULL,
    sha256      text    NOT NULL,
    file_name   text    NOT NULL,
    content     bytea   NOT NULL,
    uploaded_at bigint  NOT NULL,
    PRIMARY KEY (user_name, sha256)
);
CREATE INDEX uploads_age ON uploads (uploaded_at);
