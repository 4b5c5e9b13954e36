//! The bytes of evidence documents, stored apart from the events that name
//! them by their SHA-256: written and withdrawn in the transaction of those
//! events, read for a download, checked by the audit, carried by the log
//! file.

use anyhow::Context;

use super::Db;
use crate::on_backend;

/// A document's row: whose, which, and its bytes (none once withdrawn).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    pub aggregate_type: String,
    pub aggregate_id: String,
    pub sha256: String,
    pub media_type: String,
    pub size: i64,
    pub content: Option<Vec<u8>>,
}

/// What an append writes to `documents` beside its events.
#[derive(Debug, Clone, Default)]
pub struct DocumentRows {
    /// Documents to keep (bytes again for one withdrawn and attached anew).
    pub keep: Vec<StoredDocument>,
    /// Documents whose bytes are hidden: aggregate type, id and SHA-256.
    pub withdraw: Vec<(String, String, String)>,
}

macro_rules! document_rows_on {
    ($name:ident, $conn:ty) => {
        pub(super) async fn $name(conn: &mut $conn, rows: &DocumentRows) -> Result<bool, sqlx::Error> {
            for d in &rows.keep {
                sqlx::query(
                    "INSERT INTO documents (aggregate_type, aggregate_id, sha256, media_type, size, content) \
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (aggregate_type, aggregate_id, sha256) \
                     DO UPDATE SET content = excluded.content",
                )
                .bind(&d.aggregate_type)
                .bind(&d.aggregate_id)
                .bind(&d.sha256)
                .bind(&d.media_type)
                .bind(d.size)
                .bind(d.content.as_deref())
                .execute(&mut *conn)
                .await?;
            }
            for (kind, id, sha256) in &rows.withdraw {
                sqlx::query(
                    "UPDATE documents SET content = NULL \
                     WHERE aggregate_type = $1 AND aggregate_id = $2 AND sha256 = $3",
                )
                .bind(kind)
                .bind(id)
                .bind(sha256)
                .execute(&mut *conn)
                .await?;
            }
            Ok(true)
        }
    };
}
document_rows_on!(document_rows_postgres, sqlx::PgConnection);
document_rows_on!(document_rows_sqlite, sqlx::SqliteConnection);

type Row = (String, String, String, String, i64, Option<Vec<u8>>);

fn stored(row: Row) -> StoredDocument {
    let (aggregate_type, aggregate_id, sha256, media_type, size, content) = row;
    StoredDocument {
        aggregate_type,
        aggregate_id,
        sha256,
        media_type,
        size,
        content,
    }
}

/// The bytes of a document, if kept and not withdrawn.
pub async fn content(
    db: &Db,
    aggregate_type: &str,
    aggregate_id: &str,
    sha256: &str,
) -> anyhow::Result<Option<Vec<u8>>> {
    let sql = "SELECT content FROM documents \
               WHERE aggregate_type = $1 AND aggregate_id = $2 AND sha256 = $3";
    let found: Option<Option<Vec<u8>>> = on_backend!(db, p => sqlx::query_scalar(sql)
        .bind(aggregate_type)
        .bind(aggregate_id)
        .bind(sha256)
        .fetch_optional(p)
        .await)
    .context("while reading a document")?;
    Ok(found.flatten())
}

/// The documents after `after` (aggregate type, id, SHA-256) in that order,
/// `limit` at most: a reader of every document that never holds them all.
pub async fn page(
    db: &Db,
    after: Option<(&str, &str, &str)>,
    limit: i64,
) -> anyhow::Result<Vec<StoredDocument>> {
    let (t, i, s) = after.unwrap_or(("", "", ""));
    let sql =
        "SELECT aggregate_type, aggregate_id, sha256, media_type, size, content FROM documents \
               WHERE (aggregate_type, aggregate_id, sha256) > ($1, $2, $3) \
               ORDER BY aggregate_type, aggregate_id, sha256 LIMIT $4";
    let rows: Vec<Row> = on_backend!(db, p => sqlx::query_as(sql)
        .bind(t)
        .bind(i)
        .bind(s)
        .bind(limit)
        .fetch_all(p)
        .await)
    .context("while reading the documents")?;
    Ok(rows.into_iter().map(stored).collect())
}

/// Calls `each` on every document, a few at a time.
pub async fn for_each(
    db: &Db,
    mut each: impl FnMut(StoredDocument) -> anyhow::Result<()>,
) -> anyhow::Result<u64> {
    let mut after: Option<(String, String, String)> = None;
    let mut count = 0;
    loop {
        let key = after
            .as_ref()
            .map(|(t, i, s)| (t.as_str(), i.as_str(), s.as_str()));
        let chunk = page(db, key, 16).await?;
        let Some(last) = chunk.last() else {
            return Ok(count);
        };
        after = Some((
            last.aggregate_type.clone(),
            last.aggregate_id.clone(),
            last.sha256.clone(),
        ));
        for d in chunk {
            count += 1;
            each(d)?;
        }
    }
}

/// Whether an event up to `position` of the document's aggregate names its
/// SHA-256: the condition, on a `documents` row `d`, for it to rest on the
/// log up to there.
pub(super) const NAMED_UP_TO: &str = "EXISTS (SELECT 1 FROM events e \
     WHERE e.aggregate_type = d.aggregate_type AND e.aggregate_id = d.aggregate_id \
     AND e.position <= $1 AND CAST(e.payload AS TEXT) LIKE '%' || d.sha256 || '%')";

/// The documents named by the events up to `position`, by aggregate type,
/// id and SHA-256.
pub(super) async fn named_up_to(
    db: &Db,
    position: i64,
) -> anyhow::Result<std::collections::BTreeSet<(String, String, String)>> {
    let sql = format!(
        "SELECT d.aggregate_type, d.aggregate_id, d.sha256 FROM documents d WHERE {NAMED_UP_TO}"
    );
    let rows: Vec<(String, String, String)> = on_backend!(db, p => sqlx::query_as(&sql)
        .bind(position)
        .fetch_all(p)
        .await)
    .context("while reading the documents")?;
    Ok(rows.into_iter().collect())
}
