//! Projections: what is read from the event log.
//!
//! The `views` table holds the current state of every aggregate, from which
//! the report tables are computed. A command writes the views it changes in
//! its own transaction (see `store`), so they are never behind a committed
//! event. The catch-up here reads the log from the position the projection
//! stored and writes views and position in one transaction: for events that
//! an older version or other means wrote without their views, at start and
//! in the background. `rebuild` replays the whole log the same way, streaming
//! it in bounded chunks with a bounded cache, in one transaction.
//!
//! The other read models are computed from the log on demand: the state as of
//! a past day (`as_of`), histories (`history`) and year-end snapshots
//! (`snapshot`).
//!
//! (Over 400 lines: the registry of the aggregates, and the catch-up and the
//! rebuild that share one engine, its chunked reading and its bounded cache,
//! read best together.)

pub mod as_of;
pub mod history;
pub mod snapshot;

use std::collections::{HashMap, HashSet};

use anyhow::{bail, Context};
use cqrs_es::Aggregate;
use futures::TryStreamExt;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::Row;

use crate::domain::account::Account;
use crate::domain::activity::Activity;
use crate::domain::annex::ReportAnnex;
use crate::domain::arbitration::Arbitration;
use crate::domain::deadline::Deadline;
use crate::domain::directory::StructureEntry;
use crate::domain::execution::ProjectYear;
use crate::domain::finance::Credits;
use crate::domain::following::Following;
use crate::domain::mission::Mission;
use crate::domain::project::Project;
use crate::domain::project_revue::ProjectRevue;
use crate::domain::recommendation::Recommendation;
use crate::domain::reference::ReferenceFigures;
use crate::domain::report::{ReportSection, UnplannedActivity};
use crate::domain::revue::Revue;
use crate::domain::sector::{SectorCall, SectorProposal};
use crate::domain::sector_execution::SectorExecution;
use crate::domain::submission::Submission;
use crate::domain::Scoped;
use crate::on_backend;
use crate::store::{codec, Db, EventRef, PROJECTION};

/// Events read per round trip.
const CHUNK: i64 = 1000;
/// Views kept in memory during a rebuild before they are written out.
const CACHE_LIMIT: usize = 20_000;
/// Views per upsert: SQLite is faster with short statements, PostgreSQL
/// with long ones.
const SQLITE_UPSERT_ROWS: usize = 50;
const POSTGRES_UPSERT_ROWS: usize = 5000;

/// The projected state of one aggregate, whatever its type.
trait Projected: Send + Sync {
    fn apply(&mut self, event: EventRef<'_>) -> anyhow::Result<()>;
    /// The year or session the view belongs to, by which tables select it.
    fn scope(&self) -> String;
    fn to_json(&self) -> String;
}

impl<A> Projected for A
where
    A: Aggregate + Scoped + Serialize + Send + Sync,
{
    fn apply(&mut self, event: EventRef<'_>) -> anyhow::Result<()> {
        Aggregate::apply(self, codec::decode_ref::<A>(event)?);
        Ok(())
    }

    fn scope(&self) -> String {
        Scoped::scope(self)
    }

    fn to_json(&self) -> String {
        serde_json::to_string(self).expect("views serialize to JSON")
    }
}

type View = Box<dyn Projected>;

/// Every aggregate of suivi, declared once: the projections make, read and
/// write their views by it, and [`AGGREGATE_TYPES`] lists them. A new
/// aggregate is one more name here (with its `Scoped` impl).
macro_rules! aggregates {
    ($($aggregate:ty),+ $(,)?) => {
        /// The type name of every aggregate, as stored with its events.
        pub const AGGREGATE_TYPES: &[&str] = &[$(<$aggregate as Aggregate>::TYPE),+];

        /// A new view of `kind`, before its first event.
        fn new_view(kind: &str) -> anyhow::Result<View> {
            $(
                if kind == <$aggregate as Aggregate>::TYPE {
                    return Ok(Box::new(<$aggregate>::default()));
                }
            )+
            bail!("unknown aggregate type {kind} in the event log")
        }

        /// A stored view of `kind`.
        fn view_from_json(kind: &str, json: &str) -> anyhow::Result<View> {
            $(
                if kind == <$aggregate as Aggregate>::TYPE {
                    let state: $aggregate = serde_json::from_str(json)
                        .with_context(|| format!("while reading a stored {kind} view"))?;
                    return Ok(Box::new(state));
                }
            )+
            bail!("unknown aggregate type {kind} among the views")
        }
    };
}

aggregates!(
    Activity,
    Recommendation,
    Revue,
    Credits,
    Deadline,
    ReportSection,
    UnplannedActivity,
    ReportAnnex,
    ReferenceFigures,
    Account,
    StructureEntry,
    Following,
    Project,
    Arbitration,
    ProjectYear,
    SectorCall,
    SectorProposal,
    SectorExecution,
    ProjectRevue,
    Mission,
    Submission,
);

struct Cached {
    view: View,
    ord: i64,
    dirty: bool,
}

/// A view's key borrowed from an event, looked up without copying: it
/// hashes as the owned `(kind, id)` it stands for.
#[derive(Hash)]
struct Key<'a>(&'a str, &'a str);

impl hashbrown::Equivalent<(String, String)> for Key<'_> {
    fn equivalent(&self, key: &(String, String)) -> bool {
        self.1 == key.1 && self.0 == key.0
    }
}

impl From<&Key<'_>> for (String, String) {
    fn from(key: &Key<'_>) -> Self {
        (key.0.to_string(), key.1.to_string())
    }
}

impl<'a> Key<'a> {
    fn of(e: &EventRef<'a>) -> Key<'a> {
        Key(e.aggregate_type, e.aggregate_id)
    }
}

/// The views in memory, by aggregate type and id.
#[derive(Default)]
struct Cache {
    views: hashbrown::HashMap<(String, String), Cached>,
}

impl Cache {
    fn contains(&self, key: &Key) -> bool {
        self.views.contains_key(key)
    }

    fn insert(&mut self, kind: &str, id: String, c: Cached) {
        self.views.insert((kind.to_string(), id), c);
    }

    /// The view `e` applies to: the cached one, or a new one that starts
    /// at its position.
    fn view_for(&mut self, e: &EventRef) -> anyhow::Result<&mut Cached> {
        Ok(match self.views.entry_ref(&Key::of(e)) {
            hashbrown::hash_map::EntryRef::Occupied(o) => o.into_mut(),
            hashbrown::hash_map::EntryRef::Vacant(v) => v.insert(Cached {
                view: new_view(e.aggregate_type)?,
                ord: e.position,
                dirty: true,
            }),
        })
    }

    fn len(&self) -> usize {
        self.views.len()
    }

    fn clear(&mut self) {
        self.views.clear();
    }

    fn dirty(&self) -> Vec<(&str, &str, &Cached)> {
        self.views
            .iter()
            .filter(|(_, c)| c.dirty)
            .map(|((kind, id), c)| (kind.as_str(), id.as_str(), c))
            .collect()
    }

    fn mark_clean(&mut self) {
        for c in self.views.values_mut() {
            c.dirty = false;
        }
    }
}

/// What the projection reads of each event, in the order of the store's
/// event columns (its row reader serves): not its hash; its metadata only
/// when the codec reads it (an event written before it carried its
/// effective date takes the day it was recorded), and otherwise as empty:
/// most events need none, and it is the longest column after the payload.
static PROJECTED_EVENTS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT position, aggregate_type, aggregate_id, sequence, event_type, \
         event_version, CAST(payload AS TEXT) AS payload, \
         CASE WHEN {} THEN CAST(metadata AS TEXT) ELSE '' END AS metadata \
         FROM events \
         WHERE position > $1 ORDER BY position",
        codec::upcast_condition()
    )
});

/// How many events the views have not seen.
pub async fn lag(db: &Db) -> anyhow::Result<i64> {
    let sql = "SELECT (SELECT position FROM event_head WHERE id = 1) - \
               (SELECT position FROM projection_positions WHERE name = $1)";
    on_backend!(db, p => sqlx::query_scalar(sql).bind(PROJECTION).fetch_one(p).await)
        .context("while comparing the projection with the event log")
}

/// Brings the views up to date with the event log. Returns the number of
/// events applied.
pub async fn catch_up(db: &Db) -> anyhow::Result<u64> {
    // Without taking any lock, most calls find nothing to do.
    if lag(db).await? <= 0 {
        return Ok(0);
    }
    project(db, false, &|_| {}).await
}

/// How far a rebuild has gone: events applied so far.
pub type Progress<'a> = &'a (dyn Fn(u64) + Sync);

/// Replays the whole event log into fresh views, telling `progress` as it
/// goes. Returns the number of events applied.
pub async fn rebuild(db: &Db, progress: Progress<'_>) -> anyhow::Result<u64> {
    project(db, true, progress).await
}

async fn project(db: &Db, rebuild: bool, progress: Progress<'_>) -> anyhow::Result<u64> {
    on_backend!(db, pool => {
        let mut applied = 0u64;
        let mut cache = Cache::default();
        // Views written out of the cache when it was full: the only ones a
        // rebuild must read back (it starts from no view at all).
        let mut evicted: hashbrown::HashSet<(String, String)> = hashbrown::HashSet::new();
        let mut tx = pool.begin().await.context("while starting a projection transaction")?;
        // Taking the row lock first serializes projectors (several processes,
        // several instances) and, on SQLite, takes the write lock up front.
        sqlx::query("UPDATE projection_positions SET position = position WHERE name = $1")
            .bind(PROJECTION)
            .execute(&mut *tx)
            .await
            .context("while locking the projection position")?;
        let mut position: i64 = if rebuild {
            sqlx::query("DELETE FROM views").execute(&mut *tx).await?;
            0
        } else {
            read_position(&mut tx).await?
        };
        // On PostgreSQL a rebuild streams the log in one query on a
        // connection of its own, a chunk ahead of the chunk it applies
        // (committed events never change, and positions are given in commit
        // order, so the query's snapshot holds a prefix of the log). On
        // SQLite that was slower: the one file serves both.
        let mut feed = (rebuild && db.backend() == "postgres").then(|| {
            let (sender, receiver) = tokio::sync::mpsc::channel(2);
            let reader = pool.clone();
            tokio::spawn(async move {
                let mut rows = sqlx::query(&PROJECTED_EVENTS).bind(0i64).fetch(&reader);
                let fresh = || Vec::with_capacity(CHUNK as usize);
                let mut chunk = fresh();
                let end = loop {
                    match rows.try_next().await {
                        Ok(Some(row)) => chunk.push(row),
                        Ok(None) => break Ok(()),
                        Err(e) => break Err(e),
                    }
                    if chunk.len() == CHUNK as usize
                        && sender.send(Ok(std::mem::replace(&mut chunk, fresh()))).await.is_err()
                    {
                        return;
                    }
                };
                // The last chunk, short or empty: the end of the log.
                let last = end.map(|()| chunk).context("while reading the event log");
                let _ = sender.send(last).await;
            });
            receiver
        });
        loop {
            let rows = match &mut feed {
                // The reader sends a short or empty chunk last: a channel
                // closed before it is a reader that failed.
                Some(receiver) => match receiver.recv().await {
                    Some(chunk) => chunk?,
                    None => bail!("the reader of the event log stopped before its end"),
                },
                None => sqlx::query(&format!("{} LIMIT $2", *PROJECTED_EVENTS))
                    .bind(position)
                    .bind(CHUNK)
                    .fetch_all(&mut *tx)
                    .await
                    .context("while reading the event log")?,
            };
            // Read in place: the rows hold the chunk's text.
            let events = rows.iter().map(crate::store::event_ref).collect::<anyhow::Result<Vec<EventRef>>>()?;
            let Some(last) = events.last() else { break };
            position = last.position;

            // Load, in one query per kind, the stored views this chunk touches.
            let mut missing: HashMap<&str, HashSet<&str>> = HashMap::new();
            for e in &events {
                let stored = !rebuild || (!evicted.is_empty() && evicted.contains(&Key::of(e)));
                if stored && !cache.contains(&Key::of(e)) {
                    missing.entry(e.aggregate_type).or_default().insert(e.aggregate_id);
                }
            }
            for (kind, ids) in missing {
                let ids: Vec<&str> = ids.into_iter().collect();
                let placeholders = (0..ids.len()).map(|i| format!("${}", i + 2)).collect::<Vec<_>>().join(",");
                let sql = format!("SELECT id, ord, payload FROM views WHERE kind = $1 AND id IN ({placeholders})");
                let mut q = sqlx::query(&sql).bind(kind);
                for id in &ids {
                    q = q.bind(*id);
                }
                for row in q.fetch_all(&mut *tx).await.context("while loading views")? {
                    let id: String = row.try_get("id")?;
                    let payload: String = row.try_get("payload")?;
                    cache.insert(kind, id, Cached {
                        view: view_from_json(kind, &payload)?,
                        ord: row.try_get("ord")?,
                        dirty: false,
                    });
                }
            }

            for e in events.iter() {
                let entry = cache.view_for(e)?;
                entry.view.apply(*e)?;
                entry.dirty = true;
            }
            applied += events.len() as u64;
            progress(applied);
            let read_to_the_end = feed.is_some() && (events.len() as i64) < CHUNK;

            if !rebuild || cache.len() > CACHE_LIMIT {
                flush(&mut tx, &mut cache, position).await?;
                if rebuild {
                    evicted.extend(cache.views.keys().cloned());
                }
                cache.clear();
            }
            if !rebuild {
                tx.commit().await.context("while committing the views")?;
                if (events.len() as i64) < CHUNK {
                    // A short chunk was the end of the log.
                    return Ok(applied);
                }
                tx = pool.begin().await?;
                sqlx::query("UPDATE projection_positions SET position = position WHERE name = $1")
                    .bind(PROJECTION)
                    .execute(&mut *tx)
                    .await?;
                // Another process may have moved on meanwhile.
                position = read_position(&mut tx).await?;
            }
            if read_to_the_end {
                break;
            }
        }
        flush(&mut tx, &mut cache, position).await?;
        tx.commit().await.context("while committing the views")?;
        Ok(applied)
    })
}

/// The projection's position, and its views, written in its transaction.
macro_rules! define_tx_helpers {
    ($db:ty, $upsert:ident) => {
        impl TxHelpers for sqlx::Transaction<'_, $db> {
            async fn position(&mut self) -> anyhow::Result<i64> {
                sqlx::query_scalar("SELECT position FROM projection_positions WHERE name = $1")
                    .bind(PROJECTION)
                    .fetch_one(&mut **self)
                    .await
                    .context("while reading the projection position")
            }

            async fn write_views(&mut self, cache: &Cache, position: i64) -> anyhow::Result<()> {
                $upsert(&mut **self, &cache.dirty())
                    .await
                    .context("while writing views")?;
                sqlx::query("UPDATE projection_positions SET position = $1 WHERE name = $2")
                    .bind(position)
                    .bind(PROJECTION)
                    .execute(&mut **self)
                    .await
                    .context("while writing the projection position")?;
                Ok(())
            }
        }
    };
}

trait TxHelpers {
    async fn position(&mut self) -> anyhow::Result<i64>;
    async fn write_views(&mut self, cache: &Cache, position: i64) -> anyhow::Result<()>;
}

define_tx_helpers!(sqlx::Sqlite, upsert_views_sqlite);
define_tx_helpers!(sqlx::Postgres, upsert_views_postgres);

/// The upsert of views, in the order of its columns.
const UPSERT_VIEWS: &str = "INSERT INTO views (kind, id, scope, ord, payload) ";
const ON_CONFLICT: &str =
    " ON CONFLICT (kind, id) DO UPDATE SET scope = excluded.scope, payload = excluded.payload";

/// SQLite is fastest with short multi-row statements.
async fn upsert_views_sqlite(
    conn: &mut sqlx::SqliteConnection,
    views: &[(&str, &str, &Cached)],
) -> Result<(), sqlx::Error> {
    for rows in views.chunks(SQLITE_UPSERT_ROWS) {
        let values = crate::store::placeholders(rows.len(), 5);
        let sql = format!("{UPSERT_VIEWS} VALUES {values}{ON_CONFLICT}");
        let mut q = sqlx::query(&sql);
        for (kind, id, c) in rows {
            q = q
                .bind(*kind)
                .bind(*id)
                .bind(c.view.scope())
                .bind(c.ord)
                .bind(c.view.to_json());
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// PostgreSQL takes the views as five arrays: one statement, parsed and
/// planned once, for thousands of views.
async fn upsert_views_postgres(
    conn: &mut sqlx::PgConnection,
    views: &[(&str, &str, &Cached)],
) -> Result<(), sqlx::Error> {
    let sql = format!(
        "{UPSERT_VIEWS} SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::bigint[], \
         $5::text[]){ON_CONFLICT}"
    );
    for rows in views.chunks(POSTGRES_UPSERT_ROWS) {
        let column =
            |f: fn(&(&str, &str, &Cached)) -> String| rows.iter().map(f).collect::<Vec<_>>();
        sqlx::query(&sql)
            .bind(rows.iter().map(|(kind, ..)| *kind).collect::<Vec<_>>())
            .bind(rows.iter().map(|(_, id, _)| *id).collect::<Vec<_>>())
            .bind(column(|(.., c)| c.view.scope()))
            .bind(rows.iter().map(|(.., c)| c.ord).collect::<Vec<_>>())
            .bind(column(|(.., c)| c.view.to_json()))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

async fn read_position<T: TxHelpers>(tx: &mut T) -> anyhow::Result<i64> {
    tx.position().await
}

async fn flush<T: TxHelpers>(tx: &mut T, cache: &mut Cache, position: i64) -> anyhow::Result<()> {
    tx.write_views(cache, position).await?;
    cache.mark_clean();
    Ok(())
}

/// The projected states of one kind of aggregate in one scope (a year or a
/// session), in the order they were first recorded.
pub async fn views<A: Aggregate + DeserializeOwned>(
    db: &Db,
    scope: &str,
) -> anyhow::Result<Vec<A>> {
    let sql = "SELECT payload FROM views WHERE kind = $1 AND scope = $2 ORDER BY ord";
    let rows: Vec<String> = on_backend!(db, p => sqlx::query_scalar(sql)
        .bind(A::TYPE)
        .bind(scope)
        .fetch_all(p)
        .await)
    .context("while reading views")?;
    rows.iter()
        .map(|r| {
            serde_json::from_str(r).with_context(|| format!("while reading a {} view", A::TYPE))
        })
        .collect()
}

/// One projected state by aggregate id.
pub async fn view<A: Aggregate + DeserializeOwned>(db: &Db, id: &str) -> anyhow::Result<Option<A>> {
    let sql = "SELECT payload FROM views WHERE kind = $1 AND id = $2";
    let row: Option<String> = on_backend!(db, p => sqlx::query_scalar(sql)
        .bind(A::TYPE)
        .bind(id)
        .fetch_optional(p)
        .await)
    .context("while reading a view")?;
    row.map(|r| {
        serde_json::from_str(&r).with_context(|| format!("while reading a {} view", A::TYPE))
    })
    .transpose()
}

/// The distinct scopes (years or sessions) that views of one kind have.
pub async fn scopes(db: &Db, kind: &str) -> anyhow::Result<Vec<String>> {
    let sql = "SELECT DISTINCT scope FROM views WHERE kind = $1 ORDER BY scope";
    let rows: Vec<String> =
        on_backend!(db, p => sqlx::query_scalar(sql).bind(kind).fetch_all(p).await)
            .context("while listing views")?;
    Ok(rows)
}

/// Every projected state of one kind of aggregate.
pub async fn all<A: Aggregate + DeserializeOwned>(db: &Db) -> anyhow::Result<Vec<A>> {
    let sql = "SELECT payload FROM views WHERE kind = $1 ORDER BY ord";
    let rows: Vec<String> =
        on_backend!(db, p => sqlx::query_scalar(sql).bind(A::TYPE).fetch_all(p).await)
            .context("while reading views")?;
    rows.iter()
        .map(|r| {
            serde_json::from_str(r).with_context(|| format!("while reading a {} view", A::TYPE))
        })
        .collect()
}
