-- Evidence documents: the bytes of each file attached to a status change,
-- under the SHA-256 its event records. A withdrawn document keeps its row
-- without its bytes.
CREATE TABLE documents
(
    aggregate_type text    NOT NULL,
    aggregate_id   text    NOT NULL,
    sha256         text    NOT NULL,
    media_type     text    NOT NULL,
    size           bigint  NOT NULL,
    content        bytea,
    PRIMARY KEY (aggregate_type, aggregate_id, sha256)
);
