//! The durable outbox: every message is a row before it is sent. A worker
//! claims one due row at a time under a lease with a token (`FOR UPDATE SKIP
//! LOCKED` on PostgreSQL; SQLite has a single writer), sends it, and marks it
//! sent in the transaction that records the reminder events — or schedules
//! a retry, and after the last attempt moves it to the dead letters, from
//! which an operator can put it back in the queue. Marking needs the claim's
//! token, so a worker whose lease expired changes nothing. A process that
//! dies mid-send leaves its row leased; when the lease expires another
//! worker sends it again, so a crash can at most send the message in flight
//! twice.

use anyhow::Context;
use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::Db;
use crate::domain::types::{Code, UnknownCode};
use crate::on_backend;

pub use crate::domain::reminder::{OutboxItem, OutboxStatus};

/// A message to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    /// Unique: queuing the same key twice keeps the first.
    pub idempotency_key: String,
    pub day: chrono::NaiveDate,
    pub structure: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub items: Vec<OutboxItem>,
}

/// A queued message as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OutboxMessage {
    pub id: i64,
    pub idempotency_key: String,
    pub day: String,
    pub structure: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    #[serde(skip)]
    pub body_text: String,
    #[serde(skip)]
    pub body_html: String,
    pub items: Vec<OutboxItem>,
    pub message_id: String,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    /// The current claim on it, while a worker sends it.
    #[serde(skip)]
    pub lease_token: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Recipients {
    to: Vec<String>,
    cc: Vec<String>,
}

fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn at(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

const COLUMNS: &str =
    "id, idempotency_key, day, structure, recipients, subject, body_text, body_html, items, \
     message_id, status, attempts, next_attempt_at, last_error, sent_at, lease_token";

fn row_to_message<R: Row>(r: &R) -> anyhow::Result<OutboxMessage>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> i32: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<String>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<i64>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let recipients: Recipients = serde_json::from_str(&r.try_get::<String, _>("recipients")?)?;
    Ok(OutboxMessage {
        id: r.try_get("id")?,
        idempotency_key: r.try_get("idempotency_key")?,
        day: r.try_get("day")?,
        structure: r.try_get("structure")?,
        to: recipients.to,
        cc: recipients.cc,
        subject: r.try_get("subject")?,
        body_text: r.try_get("body_text")?,
        body_html: r.try_get("body_html")?,
        items: serde_json::from_str(&r.try_get::<String, _>("items")?)?,
        message_id: r.try_get("message_id")?,
        status: r
            .try_get::<String, _>("status")?
            .parse()
            .map_err(|e: UnknownCode| anyhow::anyhow!("outbox status: {e}"))?,
        attempts: r.try_get("attempts")?,
        next_attempt_at: at(r.try_get("next_attempt_at")?),
        last_error: r.try_get("last_error")?,
        sent_at: r.try_get::<Option<i64>, _>("sent_at")?.map(at),
        lease_token: r.try_get("lease_token")?,
    })
}

const QUEUE: &str = "INSERT INTO outbox (idempotency_key, day, structure, recipients, subject, body_text, body_html, \
     items, message_id, next_attempt_at, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) ON CONFLICT (idempotency_key) DO NOTHING";

macro_rules! queue_on {
    ($name:ident, $conn:ty) => {
        /// Queues a message within the caller's transaction; whether it was new.
        pub(crate) async fn $name(
            conn: &mut $conn,
            m: &NewMessage,
            now: DateTime<Utc>,
        ) -> Result<bool, sqlx::Error> {
            let encode = |e: serde_json::Error| sqlx::Error::Encode(Box::new(e));
            let recipients = serde_json::to_string(&Recipients {
                to: m.to.clone(),
                cc: m.cc.clone(),
            })
            .map_err(encode)?;
            let items = serde_json::to_string(&m.items).map_err(encode)?;
            let inserted = sqlx::query(QUEUE)
                .bind(&m.idempotency_key)
                .bind(m.day.to_string())
                .bind(&m.structure)
                .bind(recipients)
                .bind(&m.subject)
                .bind(&m.body_text)
                .bind(&m.body_html)
                .bind(items)
                .bind(format!("<{}@suivi>", uuid::Uuid::new_v4()))
                .bind(ms(now))
                .execute(conn)
                .await?
                .rows_affected();
            Ok(inserted == 1)
        }
    };
}
queue_on!(queue_postgres, sqlx::PgConnection);
queue_on!(queue_sqlite, sqlx::SqliteConnection);

/// Queues messages in one transaction; returns how many were new.
pub async fn enqueue(
    db: &Db,
    messages: &[NewMessage],
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    match db.pool() {
        super::Pool::Postgres(p) => {
            let mut tx = p.begin().await.context("while queuing messages")?;
            let mut inserted = 0;
            for m in messages {
                inserted += usize::from(
                    queue_postgres(&mut tx, m, now)
                        .await
                        .context("while queuing a message")?,
                );
            }
            tx.commit().await.context("while queuing messages")?;
            Ok(inserted)
        }
        super::Pool::Sqlite(p) => {
            let mut tx = p.begin().await.context("while queuing messages")?;
            let mut inserted = 0;
            for m in messages {
                inserted += usize::from(
                    queue_sqlite(&mut tx, m, now)
                        .await
                        .context("while queuing a message")?,
                );
            }
            tx.commit().await.context("while queuing messages")?;
            Ok(inserted)
        }
    }
}

/// Claims the oldest message due at `now` for `lease_seconds` of wall-clock
/// time from the moment of the claim, counting one attempt. The claim gets a
/// fresh token: only its holder can then mark the message.
pub async fn claim(
    db: &Db,
    now: DateTime<Utc>,
    lease_seconds: u64,
) -> anyhow::Result<Option<OutboxMessage>> {
    let lock = match db.pool() {
        super::Pool::Postgres(_) => "FOR UPDATE SKIP LOCKED",
        super::Pool::Sqlite(_) => "",
    };
    let sql = format!(
        "UPDATE outbox SET lease_until = $1, lease_token = $3, attempts = attempts + 1 WHERE id = (\
           SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $2 \
           AND (lease_until IS NULL OR lease_until <= $4) ORDER BY id LIMIT 1 {lock}) \
         RETURNING {COLUMNS}"
    );
    // Leases are about processes, so they run on the machine's clock even
    // when the application's clock is set to another day.
    let wall = ms(Utc::now());
    let until = wall + (lease_seconds as i64) * 1000;
    on_backend!(db, p => {
        let row = sqlx::query(&sql)
            .bind(until)
            .bind(ms(now))
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(wall)
            .fetch_optional(p)
            .await
            .context("while claiming a message")?;
        row.as_ref().map(row_to_message).transpose()
    })
}

/// A claimed message to mark sent: valid only while its claim is the current one.
#[derive(Debug, Clone)]
pub struct SentMark {
    pub id: i64,
    pub lease_token: String,
    pub sent_at: DateTime<Utc>,
}

impl SentMark {
    pub fn of(message: &OutboxMessage, sent_at: DateTime<Utc>) -> SentMark {
        SentMark {
            id: message.id,
            lease_token: message.lease_token.clone().unwrap_or_default(),
            sent_at,
        }
    }
}

/// Marks a claimed message as sent; the statement answers its id, or nothing
/// when the claim was lost (expired and taken by another worker, or the
/// message re-queued), and then changes nothing.
const MARK_SENT: &str = "UPDATE outbox SET status = 'sent', sent_at = $1, lease_until = NULL, \
     lease_token = NULL, last_error = NULL \
     WHERE id = $2 AND lease_token = $3 AND status = 'pending' RETURNING id";

macro_rules! mark_sent_on {
    ($name:ident, $conn:ty) => {
        /// Marks a claimed message as sent within the caller's transaction;
        /// false when the claim was lost.
        pub(crate) async fn $name(conn: &mut $conn, mark: &SentMark) -> Result<bool, sqlx::Error> {
            let id: Option<i64> = sqlx::query_scalar(MARK_SENT)
                .bind(ms(mark.sent_at))
                .bind(mark.id)
                .bind(&mark.lease_token)
                .fetch_optional(conn)
                .await?;
            Ok(id.is_some())
        }
    };
}
mark_sent_on!(mark_sent_postgres, sqlx::PgConnection);
mark_sent_on!(mark_sent_sqlite, sqlx::SqliteConnection);

/// Records a failed attempt of a claimed message: another attempt at
/// `next_attempt`, or none (a dead letter). False when the claim was lost.
pub async fn mark_failed(
    db: &Db,
    message: &OutboxMessage,
    error: &str,
    next_attempt: DateTime<Utc>,
    dead: bool,
) -> anyhow::Result<bool> {
    let status = if dead { "dead" } else { "pending" };
    let sql =
        "UPDATE outbox SET status = $1, lease_until = NULL, lease_token = NULL, last_error = $2, \
               next_attempt_at = $3 WHERE id = $4 AND lease_token = $5 AND status = 'pending'";
    let token = message.lease_token.clone().unwrap_or_default();
    let n = on_backend!(db, p => sqlx::query(sql)
        .bind(status)
        .bind(error)
        .bind(ms(next_attempt))
        .bind(message.id)
        .bind(&token)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
    .context("while recording a failed attempt")?;
    Ok(n == 1)
}

/// Puts dead letters back in the queue, due at `now` with a fresh count of
/// attempts: the one numbered `id`, or all of them. Returns them, re-queued.
pub async fn requeue_dead(
    db: &Db,
    id: Option<i64>,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<OutboxMessage>> {
    let sql = format!(
        "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $1, \
         lease_until = NULL, lease_token = NULL WHERE status = 'dead' AND ($2 = 0 OR id = $2) \
         RETURNING {COLUMNS}"
    );
    let mut requeued = on_backend!(db, p => {
        sqlx::query(&sql)
            .bind(ms(now))
            .bind(id.unwrap_or(0))
            .fetch_all(p)
            .await
            .context("while re-queuing dead letters")?
            .iter()
            .map(row_to_message)
            .collect::<anyhow::Result<Vec<_>>>()
    })?;
    requeued.sort_by_key(|m| m.id);
    Ok(requeued)
}

/// One message by its number.
pub async fn get(db: &Db, id: i64) -> anyhow::Result<Option<OutboxMessage>> {
    let sql = format!("SELECT {COLUMNS} FROM outbox WHERE id = $1");
    on_backend!(db, p => {
        sqlx::query(&sql)
            .bind(id)
            .fetch_optional(p)
            .await
            .context("while reading the outbox")?
            .as_ref()
            .map(row_to_message)
            .transpose()
    })
}

/// The queued messages, optionally of one status, oldest first.
pub async fn list(db: &Db, status: Option<OutboxStatus>) -> anyhow::Result<Vec<OutboxMessage>> {
    let sql = format!("SELECT {COLUMNS} FROM outbox WHERE ($1 = '' OR status = $1) ORDER BY id");
    on_backend!(db, p => {
        sqlx::query(&sql)
            .bind(status.map(|s| s.code()).unwrap_or(""))
            .fetch_all(p)
            .await
            .context("while listing the outbox")?
            .iter()
            .map(row_to_message)
            .collect()
    })
}
