//! The event store: SQLite through sqlite-es (the embedded default) or
//! PostgreSQL through postgres-es, chosen by the database URL.
//!
//! Commands run through cqrs-es aggregates. A batch of commands on aggregates
//! of one type is decided in memory and written in one transaction, so an
//! import or a carry-over is all-or-nothing. Every event gets a global position
//! (see the migrations) from which the projections catch up.

use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use cqrs_es::event_sink::EventSink;
use cqrs_es::persist::PersistedEventStore;
use cqrs_es::{Aggregate, DomainEvent, EventStore};
use postgres_es::PostgresEventRepository;
use sqlite_es::SqliteEventRepository;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use sqlx::Row;

use crate::domain::EventMetadata;

pub mod chain;

/// Runs the same code on whichever backend a value holds; the code is
/// compiled once per backend.
#[macro_export]
macro_rules! on_backend {
    ($value:expr, $inner:ident => $body:expr) => {
        match $value {
            $crate::store::Db::Sqlite($inner) => $body,
            $crate::store::Db::Postgres($inner) => $body,
        }
    };
}

/// A connection pool to the store.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// One stored event, as read back in global order.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub position: i64,
    pub aggregate_type: String,
    pub aggregate_id: String,
    pub sequence: i64,
    pub event_type: String,
    pub event_version: String,
    pub payload: String,
    pub metadata: String,
    /// The chain hash written with it (none for rows written by other means).
    pub hash: Option<String>,
}

/// Why a command was not recorded.
#[derive(Debug, thiserror::Error)]
pub enum CommandError<E: std::error::Error> {
    /// The aggregate refused the command: the user's input is wrong.
    #[error("{id}: {error}")]
    Rejected { id: String, error: E },
    /// Another writer changed the same aggregate at the same time.
    #[error("conflit d'écriture concurrente")]
    Conflict,
    #[error(transparent)]
    Store(#[from] anyhow::Error),
}

/// Columns of `events` selected as text on both backends.
pub(crate) const EVENT_COLUMNS: &str =
    "position, aggregate_type, aggregate_id, sequence, event_type, \
     event_version, CAST(payload AS TEXT) AS payload, CAST(metadata AS TEXT) AS metadata, hash";

impl Db {
    /// Opens the database named by `url` and applies the migrations.
    ///
    /// `postgres://…` or `postgresql://…` selects PostgreSQL; `sqlite:PATH` or a
    /// plain path selects SQLite (the file is created if missing).
    pub async fn open(url: &str) -> anyhow::Result<Db> {
        let db = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await
                .with_context(|| format!("while connecting to PostgreSQL at {}", redact(url)))?;
            Db::Postgres(pool)
        } else {
            let path = url
                .strip_prefix("sqlite://")
                .or(url.strip_prefix("sqlite:"))
                .unwrap_or(url);
            let options = SqliteConnectOptions::from_str(&format!("sqlite:{path}"))
                .with_context(|| format!("while reading the SQLite path {path}"))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(sqlx::sqlite::SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(30))
                .foreign_keys(true);
            let pool = SqlitePoolOptions::new()
                .max_connections(4)
                .connect_with(options)
                .await
                .with_context(|| format!("while opening the SQLite database {path}"))?;
            Db::Sqlite(pool)
        };
        db.migrate().await?;
        Ok(db)
    }

    async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Db::Sqlite(p) => sqlx::migrate!("./migrations/sqlite").run(p).await,
            Db::Postgres(p) => sqlx::migrate!("./migrations/postgres").run(p).await,
        }
        .context("while applying the database migrations")
    }

    /// A short name of the backend, for messages.
    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        crate::on_backend!(self, p => p.close().await)
    }

    /// Loads an aggregate's current state and last sequence number.
    pub async fn load<A: Aggregate>(&self, id: &str) -> anyhow::Result<(A, usize)> {
        let ctx = match self {
            Db::Sqlite(p) => {
                PersistedEventStore::<_, A>::new_event_store(SqliteEventRepository::new(p.clone()))
                    .load_aggregate(id)
                    .await
            }
            Db::Postgres(p) => {
                PersistedEventStore::<_, A>::new_event_store(PostgresEventRepository::new(
                    p.clone(),
                ))
                .load_aggregate(id)
                .await
            }
        }
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(|| format!("while loading {} {id}", A::TYPE))?;
        Ok((ctx.aggregate, ctx.current_sequence))
    }

    /// Decides every command of the batch, in order, then writes all the
    /// resulting events in one transaction. Returns how many events were written.
    pub async fn execute<A: Aggregate>(
        &self,
        batch: Vec<(String, A::Command)>,
        services: &A::Services,
        metadata: &EventMetadata,
    ) -> Result<usize, CommandError<A::Error>> {
        let meta = serde_json::to_string(&metadata.to_map()).context("while encoding metadata")?;
        // Aggregates touched by the batch, with the sequence they were loaded at.
        let mut touched: HashMap<String, (A, usize)> = HashMap::new();
        let mut events: Vec<NewEvent> = Vec::new();
        for (id, command) in batch {
            if !touched.contains_key(&id) {
                let loaded = self.load::<A>(&id).await?;
                touched.insert(id.clone(), loaded);
            }
            let (aggregate, sequence) = touched.get_mut(&id).expect("inserted above");
            let sink = EventSink::<A>::default();
            aggregate
                .handle(command, services, &sink)
                .await
                .map_err(|error| CommandError::Rejected {
                    id: id.clone(),
                    error,
                })?;
            for event in sink.collect().await {
                *sequence += 1;
                events.push(NewEvent {
                    aggregate_type: A::TYPE,
                    aggregate_id: id.clone(),
                    sequence: *sequence as i64,
                    event_type: event.event_type(),
                    event_version: event.event_version(),
                    payload: serde_json::to_string(&event).context("while encoding an event")?,
                    metadata: meta.clone(),
                });
            }
        }
        if events.is_empty() {
            return Ok(0);
        }
        self.append(&events).await
    }

    /// Appends events in one transaction, numbering and chaining them under the
    /// lock of the head row, so that concurrent writers queue up rather than
    /// fork the chain. A sequence already taken is a conflict.
    async fn append<E: std::error::Error>(
        &self,
        events: &[NewEvent],
    ) -> Result<usize, CommandError<E>> {
        let (lock, insert) = match self {
            Db::Postgres(_) => (
                "SELECT position, hash FROM event_head WHERE id = 1 FOR UPDATE",
                "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, \
                 payload, metadata, position, hash) VALUES ($1, $2, $3, $4, $5, $6::json, $7::json, $8, $9)",
            ),
            Db::Sqlite(_) => (
                "UPDATE event_head SET position = position WHERE id = 1 RETURNING position, hash",
                "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, \
                 payload, metadata, position, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            ),
        };
        let result: Result<(), sqlx::Error> = on_backend!(self, p => async {
            let mut tx = p.begin().await?;
            let (mut position, mut hash): (i64, String) = sqlx::query_as(lock).fetch_one(&mut *tx).await?;
            for e in events {
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
                sqlx::query(insert)
                    .bind(e.aggregate_type)
                    .bind(&e.aggregate_id)
                    .bind(e.sequence)
                    .bind(&e.event_type)
                    .bind(&e.event_version)
                    .bind(&e.payload)
                    .bind(&e.metadata)
                    .bind(position)
                    .bind(&hash)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query("UPDATE event_head SET position = $1, hash = $2 WHERE id = 1")
                .bind(position)
                .bind(&hash)
                .execute(&mut *tx)
                .await?;
            tx.commit().await
        }.await);
        match result {
            Ok(()) => Ok(events.len()),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(CommandError::Conflict),
            Err(e) => Err(CommandError::Store(
                anyhow::Error::new(e).context("while writing events"),
            )),
        }
    }

    /// Reads up to `limit` events after `position`, in global order.
    pub async fn events_after(
        &self,
        position: i64,
        limit: i64,
    ) -> anyhow::Result<Vec<StoredEvent>> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2"
        );
        let rows = crate::on_backend!(self, p => sqlx::query(&sql)
            .bind(position)
            .bind(limit)
            .fetch_all(p)
            .await
            .context("while reading the event log")?
            .iter()
            .map(stored_event)
            .collect::<Result<Vec<_>, _>>()?);
        Ok(rows)
    }

    /// Every event of one aggregate, in order.
    pub async fn events_of(
        &self,
        aggregate_type: &str,
        id: &str,
    ) -> anyhow::Result<Vec<StoredEvent>> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE aggregate_type = $1 AND aggregate_id = $2 \
             ORDER BY sequence"
        );
        let rows = crate::on_backend!(self, p => sqlx::query(&sql)
            .bind(aggregate_type)
            .bind(id)
            .fetch_all(p)
            .await
            .context("while reading the events of an aggregate")?
            .iter()
            .map(stored_event)
            .collect::<Result<Vec<_>, _>>()?);
        Ok(rows)
    }

    /// The position of the last event written.
    pub async fn head_position(&self) -> anyhow::Result<i64> {
        let sql = "SELECT position FROM event_head WHERE id = 1";
        let head: i64 = crate::on_backend!(self, p => sqlx::query_scalar(sql).fetch_one(p).await)
            .context("while reading the head of the event log")?;
        Ok(head)
    }
}

pub(crate) fn stored_event<R: Row>(r: &R) -> anyhow::Result<StoredEvent>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<String>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    Ok(StoredEvent {
        position: r.try_get("position")?,
        aggregate_type: r.try_get("aggregate_type")?,
        aggregate_id: r.try_get("aggregate_id")?,
        sequence: r.try_get("sequence")?,
        event_type: r.try_get("event_type")?,
        event_version: r.try_get("event_version")?,
        payload: r.try_get("payload")?,
        metadata: r.try_get("metadata")?,
        hash: r.try_get("hash")?,
    })
}

fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://…@{}", &url[..s], &url[at + 1..]),
        _ => url.to_string(),
    }
}

/// An event ready to be appended.
struct NewEvent {
    aggregate_type: &'static str,
    aggregate_id: String,
    sequence: i64,
    event_type: String,
    event_version: String,
    payload: String,
    metadata: String,
}
