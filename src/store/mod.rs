//! The event store: SQLite through sqlite-es (the embedded default) or
//! PostgreSQL through postgres-es, chosen by the database URL.
//!
//! Commands run through cqrs-es aggregates. A batch of commands on aggregates
//! of one type is decided in memory and written in one transaction, so an
//! import or a carry-over is all-or-nothing. That transaction also gives each
//! event its global position and chain hash, and writes the new state of the
//! changed aggregates to the views (an inline projection), so no committed
//! event is ever missing from the tables. Events are read back through the
//! codec (`codec`), which upcasts older shapes.
//!
//! (Over 400 lines: the one write path (decide, append, with its companions)
//! and the store's opening stay together.)

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

use self::append::{append_postgres, append_sqlite, Appended, NewEvent, ViewRow};
pub use self::append::{Companion, FAILPOINT_BATCH_BEFORE_COMMIT};
pub use self::url::redact;
use crate::domain::{EventMetadata, Scoped};

mod append;
mod batch;
pub mod chain;
pub mod codec;
pub mod documents;
pub mod log;
pub mod migrations;
pub mod outbox;
mod read;
pub(crate) use self::append::placeholders;
pub(crate) use self::read::event_ref;
pub mod scheduling;
pub mod snapshots;
pub mod uploads;
mod url;
pub mod users;

/// Runs the same code on whichever backend a value holds; the code is
/// compiled once per backend.
#[macro_export]
macro_rules! on_backend {
    ($value:expr, $inner:ident => $body:expr) => {
        match $value.pool() {
            $crate::store::Pool::Sqlite($inner) => $body,
            $crate::store::Pool::Postgres($inner) => $body,
        }
    };
}

/// The store: a connection pool, and the queue in which this process's
/// appends wait their turn rather than contend for the database's lock;
/// those that wait together are written together (`batch`).
#[derive(Clone, Debug)]
pub struct Db {
    pool: Pool,
    /// The turn of this process's appends, with the head they last wrote.
    appends: Arc<tokio::sync::Mutex<append::KnownHead>>,
    /// The changes waiting for the next turn, in arrival order.
    waiting: Arc<std::sync::Mutex<Vec<batch::Waiting>>>,
}

/// A connection pool to one of the two backends.
#[derive(Clone, Debug)]
pub enum Pool {
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

/// An event borrowed from the row that holds it: what the projection reads
/// of a million rows without copying them.
#[derive(Debug, Clone, Copy)]
pub struct EventRef<'r> {
    pub position: i64,
    pub aggregate_type: &'r str,
    pub aggregate_id: &'r str,
    pub sequence: i64,
    pub event_type: &'r str,
    pub event_version: &'r str,
    pub payload: &'r str,
    pub metadata: &'r str,
}

impl EventRef<'_> {
    /// The same event, owned, without the chain hash the projection does not
    /// read.
    pub fn to_stored(&self) -> StoredEvent {
        StoredEvent {
            position: self.position,
            aggregate_type: self.aggregate_type.to_string(),
            aggregate_id: self.aggregate_id.to_string(),
            sequence: self.sequence,
            event_type: self.event_type.to_string(),
            event_version: self.event_version.to_string(),
            payload: self.payload.to_string(),
            metadata: self.metadata.to_string(),
            hash: None,
        }
    }
}

impl StoredEvent {
    /// The same event, borrowed.
    pub fn borrowed(&self) -> EventRef<'_> {
        EventRef {
            position: self.position,
            aggregate_type: &self.aggregate_type,
            aggregate_id: &self.aggregate_id,
            sequence: self.sequence,
            event_type: &self.event_type,
            event_version: &self.event_version,
            payload: &self.payload,
            metadata: &self.metadata,
        }
    }

    /// When it was recorded, from its metadata.
    pub fn recorded_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        let meta: std::collections::HashMap<String, String> =
            serde_json::from_str(&self.metadata).ok()?;
        chrono::DateTime::parse_from_rfc3339(meta.get(crate::domain::EventMetadata::RECORDED_AT)?)
            .ok()
            .map(|t| t.with_timezone(&chrono::Utc))
    }
}

/// What a batch of commands recorded.
#[derive(Debug)]
pub struct Written<A> {
    /// How many events were written (0: nothing to change).
    pub events: usize,
    /// Whether the views were written with them; when not, the projection
    /// was behind (events written by other means) and must catch up.
    pub projected: bool,
    /// The state after the batch of every aggregate it touched.
    pub states: Vec<(String, A)>,
    /// What was decided, as [`Changes::fingerprint`] says it.
    pub fingerprint: String,
}

/// What a batch of commands decided, not yet written.
#[derive(Debug)]
pub struct Decided<A> {
    pub changes: Changes,
    /// The state after the batch of every aggregate it touched.
    pub states: Vec<(String, A)>,
}

/// Events and views to write, of aggregates of any type.
#[derive(Debug, Default, Clone)]
pub struct Changes {
    events: Vec<NewEvent>,
    views: Vec<ViewRow>,
}

impl Changes {
    /// The SHA-256 of the events, whatever their metadata (when and by
    /// whom): two decisions with the same fingerprint record the same facts
    /// on the same aggregates at the same sequences.
    pub fn fingerprint(&self) -> String {
        use sha2::Digest;
        let mut hash = sha2::Sha256::new();
        for e in &self.events {
            for part in [
                e.aggregate_type,
                e.aggregate_id.as_str(),
                &e.sequence.to_string(),
                e.event_type.as_str(),
                &e.event_version.to_string(),
                e.payload.as_str(),
            ] {
                hash.update((part.len() as u64).to_be_bytes());
                hash.update(part.as_bytes());
            }
        }
        format!("{:x}", hash.finalize())
    }

    /// How many events.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Adds `other`'s changes after these.
    pub fn extend(&mut self, other: Changes) {
        self.events.extend(other.events);
        self.views.extend(other.views);
    }
}

/// Why a command was not recorded.
#[derive(Debug, thiserror::Error)]
pub enum CommandError<E: std::error::Error> {
    /// The aggregate refused the command: the user's input is wrong.
    #[error("{id}: {error}")]
    Rejected { id: String, error: E },
    /// Another writer changed the same aggregate at the same time.
    #[error("concurrent write conflict")]
    Conflict,
    #[error(transparent)]
    Store(#[from] anyhow::Error),
}

/// Columns of `events` selected as text on both backends, in the order
/// `stored_event` reads them (the projection's query keeps it too).
pub(crate) const EVENT_COLUMNS: &str =
    "position, aggregate_type, aggregate_id, sequence, event_type, \
     event_version, CAST(payload AS TEXT) AS payload, CAST(metadata AS TEXT) AS metadata, hash";

/// The file of a SQLite database URL (`demo.db`, `sqlite:demo.db`), or
/// none for PostgreSQL.
pub fn sqlite_path(url: &str) -> Option<&str> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return None;
    }
    Some(
        url.strip_prefix("sqlite://")
            .or(url.strip_prefix("sqlite:"))
            .unwrap_or(url),
    )
}

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
            Pool::Postgres(pool)
        } else {
            let path = sqlite_path(url).unwrap_or(url);
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
            Pool::Sqlite(pool)
        };
        let db = Db {
            pool: db,
            appends: Arc::new(tokio::sync::Mutex::new(None)),
            waiting: Arc::default(),
        };
        let file = sqlite_path(url).map(std::path::PathBuf::from);
        db.migrate(file.as_deref())
            .await
            .context("while applying the database migrations")?;
        Ok(db)
    }

    /// The connection pool.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// A short name of the backend, for messages.
    pub fn backend(&self) -> &'static str {
        match &self.pool {
            Pool::Sqlite(_) => "sqlite",
            Pool::Postgres(_) => "postgres",
        }
    }

    /// Copies a SQLite database into the new file `path` with `VACUUM INTO`:
    /// one consistent state, even while others write.
    pub async fn backup_sqlite(&self, path: &std::path::Path) -> anyhow::Result<()> {
        let Pool::Sqlite(p) = &self.pool else {
            anyhow::bail!("VACUUM INTO is a SQLite statement");
        };
        sqlx::query("VACUUM INTO $1")
            .bind(path.display().to_string())
            .execute(p)
            .await
            .with_context(|| format!("while copying the database to {}", path.display()))?;
        Ok(())
    }

    pub async fn close(&self) {
        crate::on_backend!(self, p => p.close().await)
    }

    /// Decides every command of the batch, in order, then writes in one
    /// transaction the resulting events, their positions and chain hashes,
    /// and the views of the aggregates they changed. Returns how many events
    /// were written.
    pub async fn execute<A: Aggregate + Scoped>(
        &self,
        batch: Vec<(String, A::Command)>,
        services: &A::Services,
        metadata: &EventMetadata,
    ) -> Result<Written<A>, CommandError<A::Error>> {
        let (written, _) = self.execute_if(batch, services, metadata, |_| true).await?;
        Ok(written)
    }

    /// As [`Db::execute`], but writes only when `write` accepts what was
    /// decided (a preview's fingerprint still holds, say): the decision is
    /// the one written, never taken twice. Returns, beside what was
    /// decided (written or not), whether it was written.
    pub async fn execute_if<A: Aggregate + Scoped>(
        &self,
        batch: Vec<(String, A::Command)>,
        services: &A::Services,
        metadata: &EventMetadata,
        write: impl FnOnce(&Changes) -> bool,
    ) -> Result<(Written<A>, bool), CommandError<A::Error>> {
        let decided = self.decide(batch, services, metadata).await?;
        let events = decided.changes.events.len();
        let fingerprint = decided.changes.fingerprint();
        let wanted = write(&decided.changes);
        let projected = if events == 0 || !wanted {
            true
        } else {
            match self.append(&decided.changes, None).await? {
                Appended::Written { projected } => projected,
                Appended::Refused => unreachable!("an append without a guard is never refused"),
            }
        };
        Ok((
            Written {
                events,
                projected,
                states: decided.states,
                fingerprint,
            },
            wanted,
        ))
    }

    /// Writes the changes decided for a sent message (its reminders, on
    /// aggregates of any type) and marks the message sent, in one
    /// transaction. `None` when the claim on the message was lost: nothing
    /// is written. Otherwise, whether the views were written with them.
    pub async fn commit_sent(
        &self,
        changes: &Changes,
        mark: &outbox::SentMark,
    ) -> Result<Option<bool>, CommandError<std::convert::Infallible>> {
        match self.append(changes, Some(Companion::Sent(mark))).await? {
            Appended::Written { projected } => Ok(Some(projected)),
            Appended::Refused => Ok(None),
        }
    }

    /// Writes changes decided for aggregates of several types (a file of
    /// projects and their arbitration) in one transaction. Returns whether
    /// the views were written with them.
    pub async fn write(
        &self,
        changes: &Changes,
    ) -> Result<bool, CommandError<std::convert::Infallible>> {
        if changes.is_empty() {
            return Ok(true);
        }
        match self.append(changes, None).await? {
            Appended::Written { projected } => Ok(projected),
            Appended::Refused => unreachable!("an append without a guard is never refused"),
        }
    }

    /// Decides the batch and writes its events with what goes beside them
    /// (an account's rows, documents), in one transaction; `None` (nothing
    /// written) when that refuses (a link no longer valid).
    pub async fn execute_with<A: Aggregate + Scoped>(
        &self,
        batch: Vec<(String, A::Command)>,
        services: &A::Services,
        metadata: &EventMetadata,
        companion: Companion<'_>,
    ) -> Result<Option<Written<A>>, CommandError<A::Error>> {
        let decided = self.decide(batch, services, metadata).await?;
        let events = decided.changes.events.len();
        let fingerprint = decided.changes.fingerprint();
        let projected = match self.append(&decided.changes, Some(companion)).await? {
            Appended::Written { projected } => projected,
            Appended::Refused => return Ok(None),
        };
        Ok(Some(Written {
            events,
            projected,
            states: decided.states,
            fingerprint,
        }))
    }

    /// Decides every command of the batch, in order, without writing: the
    /// events and views to write, and the state each touched aggregate
    /// would have.
    pub async fn decide<A: Aggregate + Scoped>(
        &self,
        batch: Vec<(String, A::Command)>,
        services: &A::Services,
        metadata: &EventMetadata,
    ) -> Result<Decided<A>, CommandError<A::Error>> {
        let meta = serde_json::to_string(&metadata.to_map()).context("while encoding metadata")?;
        // Aggregates touched by the batch, in the order first touched, with
        // the sequence they were loaded at and their state as commands apply.
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut touched: Vec<(String, A, usize)> = Vec::new();
        for (id, _) in &batch {
            if !index.contains_key(id) {
                index.insert(id.clone(), touched.len());
                touched.push((id.clone(), A::default(), 0));
            }
        }
        // Every aggregate of the batch, loaded in one query (or one per
        // thousand, on SQLite), not one round trip each.
        let ids: Vec<&str> = touched.iter().map(|(id, _, _)| id.as_str()).collect();
        let mut loaded = self.load_many::<A>(&ids).await?;
        for (id, state, sequence) in &mut touched {
            if let Some((s, q)) = loaded.remove(id.as_str()) {
                (*state, *sequence) = (s, q);
            }
        }
        let mut events: Vec<NewEvent> = Vec::new();
        for (id, command) in batch {
            let slot = index[&id];
            let (_, aggregate, sequence) = &mut touched[slot];
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
                let encoded = codec::encode(&event)?;
                events.push(NewEvent {
                    aggregate_type: A::TYPE,
                    aggregate_id: id.clone(),
                    sequence: *sequence as i64,
                    event_type: encoded.event_type,
                    event_version: encoded.event_version,
                    payload: encoded.payload,
                    metadata: meta.clone(),
                });
            }
        }
        // The views of the aggregates that changed: their whole new state.
        let changed: std::collections::HashSet<&str> =
            events.iter().map(|e| e.aggregate_id.as_str()).collect();
        let views = touched
            .iter()
            .filter(|(id, _, _)| changed.contains(id.as_str()))
            .map(|(id, state, _)| {
                Ok(ViewRow {
                    kind: A::TYPE,
                    id: id.clone(),
                    scope: state.scope(),
                    payload: serde_json::to_string(state).context("while encoding a view")?,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(Decided {
            changes: Changes { events, views },
            states: touched.into_iter().map(|(id, s, _)| (id, s)).collect(),
        })
    }

    /// Appends events and their views in one transaction. Positions and chain
    /// hashes are given under the lock of the head row, so that concurrent
    /// writers queue up rather than fork the chain; a sequence already taken
    /// is a conflict. The views are written, and the projection's position
    /// moved with the head, when the projection had seen every earlier event;
    /// otherwise a catch-up (which the caller runs) applies these events too.
    /// With a guard, the message it names is marked sent in the same
    /// transaction, and nothing is written when that is refused; without
    /// one (or with one that writes nothing), the changes go through the
    /// batching writer and may share their transaction with others that
    /// waited beside them.
    async fn append<E: std::error::Error>(
        &self,
        changes: &Changes,
        guard: Option<Companion<'_>>,
    ) -> Result<Appended, CommandError<E>> {
        if guard.is_none_or(|g| g.is_empty()) {
            return match self.append_batched(changes.clone()).await {
                Ok(appended) => Ok(appended),
                Err(batch::Failure::Conflict) => Err(CommandError::Conflict),
                Err(batch::Failure::Database(error) | batch::Failure::Store(error)) => Err(
                    CommandError::Store(anyhow::anyhow!(error).context("while writing events")),
                ),
            };
        }
        let (events, views) = (&changes.events, &changes.views);
        let mut turn = self.appends.lock().await;
        let result = match &self.pool {
            Pool::Postgres(p) => append_postgres(p, &mut turn, events, views, guard, None).await,
            Pool::Sqlite(p) => append_sqlite(p, events, views, guard, None).await,
        };
        match result {
            Ok(appended) => Ok(appended),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(CommandError::Conflict),
            Err(e) => Err(CommandError::Store(
                anyhow::Error::new(e).context("while writing events"),
            )),
        }
    }
}

/// The name under which the tables projection stores its position.
pub(crate) const PROJECTION: &str = "tables";
