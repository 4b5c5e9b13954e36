//! Appending events: positions and chain hashes given under the lock of the
//! head row, and the views of the changed aggregates written in the same
//! transaction.

use std::collections::HashMap;

use sqlx::postgres::PgPool;
use sqlx::sqlite::SqlitePool;

use super::documents::{document_rows_postgres, document_rows_sqlite, DocumentRows};
use super::outbox::{
    mark_sent_postgres, mark_sent_sqlite, queue_postgres, queue_sqlite, NewMessage, SentMark,
};
use super::users::{account_rows_postgres, account_rows_sqlite, AccountRows};

/// What an append writes beside the events, in their transaction; it may
/// refuse, and then nothing is written.
#[derive(Debug, Clone, Copy)]
pub enum Companion<'a> {
    /// Marks a sent message (refused when its claim was lost).
    Sent(&'a SentMark),
    /// An account's rows (refused when the link it uses is not valid).
    Accounts(&'a AccountRows, chrono::DateTime<chrono::Utc>),
    /// Documents kept or withdrawn.
    Documents(&'a DocumentRows),
    /// Messages queued in the outbox (a key already queued is kept as it was).
    Messages(&'a [NewMessage], chrono::DateTime<chrono::Utc>),
}
use super::{chain, PROJECTION};

impl Companion<'_> {
    /// Whether it writes nothing and cannot refuse: a status change without
    /// documents, a call that e-mails no one. Such an append is written as
    /// one without a companion, and may share its transaction.
    pub(super) fn is_empty(&self) -> bool {
        match self {
            Companion::Documents(rows) => rows.keep.is_empty() && rows.withdraw.is_empty(),
            Companion::Messages(messages, _) => messages.is_empty(),
            Companion::Sent(_) | Companion::Accounts(..) => false,
        }
    }
}

/// Rows per multi-row INSERT on SQLite: larger statements are slower (20 000
/// events imported in 0.9 s with 500 rows a statement, 0.15 s with 50).
const SQLITE_ROWS: usize = 50;

/// Gives positions and chain hashes to `events` after the head `(position, hash)`.
fn chain_events(events: &[NewEvent], mut position: i64, mut hash: String) -> Vec<(i64, String)> {
    events
        .iter()
        .map(|e| {
            position += 1;
            hash = chain::event_hash(
                &hash,
                position,
                chain::Hashed {
                    aggregate_type: e.aggregate_type,
                    aggregate_id: &e.aggregate_id,
                    sequence: e.sequence,
                    event_type: &e.event_type,
                    event_version: &e.event_version,
                    payload: &e.payload,
                    metadata: &e.metadata,
                },
            );
            (position, hash.clone())
        })
        .collect()
}

/// The first position of each aggregate (by type and id) in this append: a
/// new view's order.
fn first_positions<'a>(
    events: &'a [NewEvent],
    chained: &[(i64, String)],
) -> HashMap<(&'static str, &'a str), i64> {
    let mut first = HashMap::new();
    for (e, (position, _)) in events.iter().zip(chained) {
        first
            .entry((e.aggregate_type, e.aggregate_id.as_str()))
            .or_insert(*position);
    }
    first
}

/// The head of the chain as this process last wrote it: position and hash.
pub(super) type KnownHead = Option<(i64, String)>;

/// Writes events, head, projection position and views in one statement,
/// provided the head is still at `head`: when another instance moved it,
/// nothing is written and the statement answers `(false, false)`. Returns
/// whether it was written and whether the views were.
async fn write_postgres<'c, E>(
    executor: E,
    events: &[NewEvent],
    views: &[ViewRow],
    head: (i64, &str),
) -> Result<(bool, bool, (i64, String)), sqlx::Error>
where
    E: sqlx::Executor<'c, Database = sqlx::Postgres>,
{
    let chained = chain_events(events, head.0, head.1.to_string());
    let first = first_positions(events, &chained);
    let (last, last_hash) = chained
        .last()
        .cloned()
        .unwrap_or((head.0, head.1.to_string()));
    let strs = |f: fn(&NewEvent) -> &str| events.iter().map(f).collect::<Vec<_>>();
    let (written, projected): (i64, i64) = sqlx::query_as(
        "WITH head AS (UPDATE event_head SET position = $10, hash = $11 \
                       WHERE id = 1 AND position = $13 AND hash = $19 RETURNING 1), \
         ins AS ( \
           INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, \
                               payload, metadata, position, hash) \
           SELECT t, i, s, et, ev, p::json, m::json, pos, h \
           FROM UNNEST($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], \
                       $7::text[], $8::bigint[], $9::text[]) AS x(t, i, s, et, ev, p, m, pos, h) \
           WHERE EXISTS (SELECT 1 FROM head) \
           RETURNING 1), \
         proj AS (UPDATE projection_positions SET position = $10 \
                  WHERE name = $12 AND position = $13 AND EXISTS (SELECT 1 FROM head) \
                  RETURNING 1), \
         v AS ( \
           INSERT INTO views (kind, id, scope, ord, payload) \
           SELECT k, i, sc, o, p FROM UNNEST($14::text[], $15::text[], $16::text[], $17::bigint[], \
                                             $18::text[]) AS y(k, i, sc, o, p) \
           WHERE EXISTS (SELECT 1 FROM proj) \
           ON CONFLICT (kind, id) DO UPDATE SET scope = excluded.scope, payload = excluded.payload \
           RETURNING 1) \
         SELECT (SELECT count(*) FROM head), (SELECT count(*) FROM proj)",
    )
    .bind(strs(|e| e.aggregate_type))
    .bind(strs(|e| e.aggregate_id.as_str()))
    .bind(events.iter().map(|e| e.sequence).collect::<Vec<_>>())
    .bind(strs(|e| e.event_type.as_str()))
    .bind(strs(|e| e.event_version.as_str()))
    .bind(strs(|e| e.payload.as_str()))
    .bind(strs(|e| e.metadata.as_str()))
    .bind(chained.iter().map(|(p, _)| *p).collect::<Vec<_>>())
    .bind(chained.iter().map(|(_, h)| h.as_str()).collect::<Vec<_>>())
    .bind(last)
    .bind(&last_hash)
    .bind(PROJECTION)
    .bind(head.0)
    .bind(views.iter().map(|v| v.kind).collect::<Vec<_>>())
    .bind(views.iter().map(|v| v.id.as_str()).collect::<Vec<_>>())
    .bind(views.iter().map(|v| v.scope.as_str()).collect::<Vec<_>>())
    .bind(
        views
            .iter()
            .map(|v| first.get(&(v.kind, v.id.as_str())).copied().unwrap_or(last))
            .collect::<Vec<_>>(),
    )
    .bind(views.iter().map(|v| v.payload.as_str()).collect::<Vec<_>>())
    .bind(head.1)
    .fetch_one(executor)
    .await?;
    Ok((written == 1, projected == 1, (last, last_hash)))
}

/// What an append did: whether the views were written with the events, or
/// nothing at all because the guard refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Appended {
    Written { projected: bool },
    Refused,
}

/// PostgreSQL. When this process wrote the head last, the append is one
/// statement, its own transaction: one round trip. Otherwise (first append,
/// or another instance wrote since), or with a guard, it takes the head
/// row's lock first, reads the head, and writes in the same transaction.
pub(super) async fn append_postgres(
    pool: &PgPool,
    known: &mut KnownHead,
    events: &[NewEvent],
    views: &[ViewRow],
    guard: Option<Companion<'_>>,
    hold: Option<&str>,
) -> Result<Appended, sqlx::Error> {
    if let (Some((position, hash)), None, None) = (known.clone(), guard, hold) {
        let (written, projected, head) =
            write_postgres(pool, events, views, (position, &hash)).await?;
        if written {
            *known = Some(head);
            return Ok(Appended::Written { projected });
        }
    }
    let mut tx = pool.begin().await?;
    let (position, hash): (i64, String) =
        sqlx::query_as("SELECT position, hash FROM event_head WHERE id = 1 FOR UPDATE")
            .fetch_one(&mut *tx)
            .await?;
    let (written, projected, head) =
        write_postgres(&mut *tx, events, views, (position, &hash)).await?;
    if !written {
        // Under the head's lock the head cannot have moved: something is wrong.
        return Err(sqlx::Error::Protocol(
            "the head of the event log moved under its lock".into(),
        ));
    }
    let accepted = match guard {
        None => true,
        Some(Companion::Sent(mark)) => mark_sent_postgres(&mut tx, mark).await?,
        Some(Companion::Accounts(rows, now)) => account_rows_postgres(&mut tx, rows, now).await?,
        Some(Companion::Documents(rows)) => document_rows_postgres(&mut tx, rows).await?,
        Some(Companion::Messages(messages, now)) => {
            for m in messages {
                queue_postgres(&mut tx, m, now).await?;
            }
            true
        }
    };
    if !accepted {
        return Ok(Appended::Refused);
    }
    hold_before_commit(hold).await;
    tx.commit().await?;
    *known = Some(head);
    Ok(Appended::Written { projected })
}

/// For the crash tests (debug builds only; a release binary has no such
/// switch): an append asked to hold (see [`super::batch`]) writes `what` to
/// the file [`FAILPOINT_BATCH_BEFORE_COMMIT`] names once every statement of
/// its transaction is written, then waits before the commit until the
/// process is killed.
#[cfg(debug_assertions)]
async fn hold_before_commit(what: Option<&str>) {
    if let (Some(what), Ok(marker)) = (what, std::env::var(FAILPOINT_BATCH_BEFORE_COMMIT)) {
        // Whole or absent: the test reads it as soon as it appears.
        let draft = format!("{marker}.draft");
        if std::fs::write(&draft, what).is_ok() && std::fs::rename(&draft, &marker).is_ok() {
            tokio::time::sleep(std::time::Duration::from_secs(300)).await;
        }
    }
}

#[cfg(not(debug_assertions))]
async fn hold_before_commit(_: Option<&str>) {}

/// The variable naming the file [`hold_before_commit`] writes.
pub const FAILPOINT_BATCH_BEFORE_COMMIT: &str = "SUIVI_FAILPOINT_BATCH_BEFORE_COMMIT";

/// SQLite: one writer at a time; the first statement takes the write lock.
pub(super) async fn append_sqlite(
    pool: &SqlitePool,
    events: &[NewEvent],
    views: &[ViewRow],
    guard: Option<Companion<'_>>,
    hold: Option<&str>,
) -> Result<Appended, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let accepted = match guard {
        None => true,
        Some(Companion::Sent(mark)) => mark_sent_sqlite(&mut tx, mark).await?,
        Some(Companion::Accounts(rows, now)) => account_rows_sqlite(&mut tx, rows, now).await?,
        Some(Companion::Documents(rows)) => document_rows_sqlite(&mut tx, rows).await?,
        Some(Companion::Messages(messages, now)) => {
            for m in messages {
                queue_sqlite(&mut tx, m, now).await?;
            }
            true
        }
    };
    if !accepted {
        return Ok(Appended::Refused);
    }
    let (head, hash): (i64, String) = sqlx::query_as(
        "UPDATE event_head SET position = position WHERE id = 1 RETURNING position, hash",
    )
    .fetch_one(&mut *tx)
    .await?;
    let hash_before = hash.clone();
    let chained = chain_events(events, head, hash);
    let first = first_positions(events, &chained);
    let (last, last_hash) = chained.last().cloned().unwrap_or((head, hash_before));
    let rows: Vec<(&NewEvent, &(i64, String))> = events.iter().zip(&chained).collect();
    for chunk in rows.chunks(SQLITE_ROWS) {
        let sql = format!(
            "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, \
             payload, metadata, position, hash) VALUES {}",
            placeholders(chunk.len(), 9)
        );
        let mut q = sqlx::query(&sql);
        for (e, (position, hash)) in chunk {
            q = q
                .bind(e.aggregate_type)
                .bind(&e.aggregate_id)
                .bind(e.sequence)
                .bind(&e.event_type)
                .bind(&e.event_version)
                .bind(&e.payload)
                .bind(&e.metadata)
                .bind(*position)
                .bind(hash);
        }
        q.execute(&mut *tx).await?;
    }
    sqlx::query("UPDATE event_head SET position = $1, hash = $2 WHERE id = 1")
        .bind(last)
        .bind(&last_hash)
        .execute(&mut *tx)
        .await?;
    let inline = sqlx::query(
        "UPDATE projection_positions SET position = $1 WHERE name = $2 AND position = $3",
    )
    .bind(last)
    .bind(PROJECTION)
    .bind(head)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if inline {
        for chunk in views.chunks(SQLITE_ROWS) {
            let sql = format!(
                "INSERT INTO views (kind, id, scope, ord, payload) VALUES {} \
                 ON CONFLICT (kind, id) DO UPDATE SET scope = excluded.scope, payload = excluded.payload",
                placeholders(chunk.len(), 5)
            );
            let mut q = sqlx::query(&sql);
            for v in chunk {
                q = q
                    .bind(v.kind)
                    .bind(&v.id)
                    .bind(&v.scope)
                    .bind(first.get(&(v.kind, v.id.as_str())).copied().unwrap_or(last))
                    .bind(&v.payload);
            }
            q.execute(&mut *tx).await?;
        }
    }
    hold_before_commit(hold).await;
    tx.commit().await?;
    Ok(Appended::Written { projected: inline })
}

/// `($1,$2,…),(…)`: `rows` groups of `columns` numbered parameters.
pub(crate) fn placeholders(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|r| {
            let cells = (1..=columns)
                .map(|c| format!("${}", r * columns + c))
                .collect::<Vec<_>>()
                .join(",");
            format!("({cells})")
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// The new state of an aggregate, written to `views` with its events.
#[derive(Debug, Clone)]
pub(super) struct ViewRow {
    pub kind: &'static str,
    pub id: String,
    pub scope: String,
    pub payload: String,
}

/// An event ready to be appended.
#[derive(Debug, Clone)]
pub(super) struct NewEvent {
    pub aggregate_type: &'static str,
    pub aggregate_id: String,
    pub sequence: i64,
    pub event_type: String,
    pub event_version: String,
    pub payload: String,
    pub metadata: String,
}
