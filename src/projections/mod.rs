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
use crate::store::{codec, Db, StoredEvent, PROJECTION};

/// Events read per round trip.
const CHUNK: i64 = 1000;
/// Views kept in memory during a rebuild before they are written out.
const CACHE_LIMIT: usize = 20_000;
/// Rows per multi-row upsert on PostgreSQL.
const UPSERT_ROWS: usize = 500;

/// The projected state of one aggregate, whatever its type.
trait Projected: Send + Sync {
    fn apply(&mut self, event: &StoredEvent) -> anyhow::Result<()>;
    /// The year or session the view belongs to, by which tables select it.
    fn scope(&self) -> String;
    fn to_json(&self) -> String;
}

impl<A> Projected for A
where
    A: Aggregate + Scoped + Serialize + Send + Sync,
{
    fn apply(&mut self, event: &StoredEvent) -> anyhow::Result<()> {
        Aggregate::apply(self, codec::decode::<A>(event)?);
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

/// The views in memory: by aggregate type, then by id.
#[derive(Default)]
struct Cache {
    kinds: HashMap<String, HashMap<String, Cached>>,
    len: usize,
}

impl Cache {
    fn get_mut(&mut self, kind: &str, id: &str) -> Option<&mut Cached> {
        self.kinds.get_mut(kind)?.get_mut(id)
    }

    fn contains(&self, kind: &str, id: &str) -> bool {
        self.kinds.get(kind).is_some_and(|k| k.contains_key(id))
    }

    fn insert(&mut self, kind: &str, id: String, c: Cached) {
        let ids = match self.kinds.get_mut(kind) {
            Some(ids) => ids,
            None => self.kinds.entry(kind.to_string()).or_default(),
        };
        if ids.insert(id, c).is_none() {
            self.len += 1;
        }
    }

    fn clear(&mut self) {
        self.kinds.clear();
        self.len = 0;
    }

    fn dirty(&self) -> Vec<(&str, &str, &Cached)> {
        self.kinds
            .iter()
            .flat_map(|(kind, ids)| {
                ids.iter()
                    .filter(|(_, c)| c.dirty)
                    .map(move |(id, c)| (kind.as_str(), id.as_str(), c))
            })
            .collect()
    }

    fn mark_clean(&mut self) {
        for c in self.kinds.values_mut().flat_map(|ids| ids.values_mut()) {
            c.dirty = false;
        }
    }
}

/// What the projection reads of each event: not its hash (given as empty,
/// so that the store's row reader serves); its metadata, from which events
/// written before they carried their effective date take their recorded day.
const PROJECTED_EVENTS: &str =
    "SELECT position, aggregate_type, aggregate_id, sequence, event_type, \
     event_version, CAST(payload AS TEXT) AS payload, CAST(metadata AS TEXT) AS metadata, \
     CAST(NULL AS TEXT) AS hash FROM events \
     WHERE position > $1 ORDER BY position LIMIT $2";

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
        let mut evicted: HashSet<(String, String)> = HashSet::new();
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
        // On PostgreSQL a rebuild reads the log on a connection of its own, a
        // chunk ahead, while it applies the chunk before (committed events
        // never change). On SQLite that was slower: the one file serves both.
        let mut feed = (rebuild && db.backend() == "postgres").then(|| {
            let (sender, receiver) = tokio::sync::mpsc::channel(2);
            let reader = pool.clone();
            tokio::spawn(async move {
                let mut after = 0i64;
                loop {
                    let chunk = sqlx::query(PROJECTED_EVENTS)
                        .bind(after)
                        .bind(CHUNK)
                        .fetch_all(&reader)
                        .await
                        .context("while reading the event log")
                        .and_then(|rows| rows.iter().map(crate::store::stored_event).collect::<anyhow::Result<Vec<StoredEvent>>>());
                    let last = chunk.as_ref().ok().and_then(|c| c.last().map(|e| e.position));
                    let full = chunk.as_ref().is_ok_and(|c| c.len() as i64 == CHUNK);
                    if sender.send(chunk).await.is_err() {
                        return;
                    }
                    match last {
                        Some(p) if full => after = p,
                        _ => return,
                    }
                }
            });
            receiver
        });
        loop {
            let events = match &mut feed {
                Some(receiver) => match receiver.recv().await {
                    Some(chunk) => chunk?,
                    None => Vec::new(),
                },
                None => sqlx::query(PROJECTED_EVENTS)
                    .bind(position)
                    .bind(CHUNK)
                    .fetch_all(&mut *tx)
                    .await
                    .context("while reading the event log")?
                    .iter()
                    .map(crate::store::stored_event)
                    .collect::<anyhow::Result<Vec<StoredEvent>>>()?,
            };
            let Some(last) = events.last() else { break };
            position = last.position;

            // Load, in one query per kind, the stored views this chunk touches.
            let mut missing: HashMap<&str, HashSet<&str>> = HashMap::new();
            for e in &events {
                let stored = !rebuild
                    || (!evicted.is_empty()
                        && evicted.contains(&(e.aggregate_type.clone(), e.aggregate_id.clone())));
                if stored && !cache.contains(&e.aggregate_type, &e.aggregate_id) {
                    missing.entry(&e.aggregate_type).or_default().insert(&e.aggregate_id);
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
                if !cache.contains(&e.aggregate_type, &e.aggregate_id) {
                    let new = Cached {
                        view: new_view(&e.aggregate_type)?,
                        ord: e.position,
                        dirty: true,
                    };
                    cache.insert(&e.aggregate_type, e.aggregate_id.clone(), new);
                }
                let entry = cache
                    .get_mut(&e.aggregate_type, &e.aggregate_id)
                    .expect("inserted above");
                entry.view.apply(e)?;
                entry.dirty = true;
            }
            applied += events.len() as u64;
            progress(applied);

            if !rebuild || cache.len > CACHE_LIMIT {
                flush(&mut tx, &mut cache, position).await?;
                if rebuild {
                    for (kind, ids) in &cache.kinds {
                        evicted.extend(ids.keys().map(|id| (kind.clone(), id.clone())));
                    }
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
        }
        flush(&mut tx, &mut cache, position).await?;
        tx.commit().await.context("while committing the views")?;
        Ok(applied)
    })
}

/// The stored position of the projection, read inside its transaction.
macro_rules! define_tx_helpers {
    ($db:ty, $rows:expr) => {
        impl TxHelpers for sqlx::Transaction<'_, $db> {
            async fn position(&mut self) -> anyhow::Result<i64> {
                sqlx::query_scalar("SELECT position FROM projection_positions WHERE name = $1")
                    .bind(PROJECTION)
                    .fetch_one(&mut **self)
                    .await
                    .context("while reading the projection position")
            }

            async fn write_views(&mut self, cache: &Cache, position: i64) -> anyhow::Result<()> {
                let dirty = cache.dirty();
                for rows in dirty.chunks($rows) {
                    let values = (0..rows.len())
                        .map(|i| {
                            let b = i * 5;
                            format!("(${},${},${},${},${})", b + 1, b + 2, b + 3, b + 4, b + 5)
                        })
                        .collect::<Vec<_>>()
                        .join(",");
                    let sql = format!(
                        "INSERT INTO views (kind, id, scope, ord, payload) VALUES {values} \
                         ON CONFLICT (kind, id) DO UPDATE SET scope = excluded.scope, payload = excluded.payload"
                    );
                    let mut q = sqlx::query(&sql);
                    for (kind, id, c) in rows {
                        q = q.bind(*kind).bind(*id).bind(c.view.scope()).bind(c.ord).bind(c.view.to_json());
                    }
                    q.execute(&mut **self).await.context("while writing views")?;
                }
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

// SQLite is faster with short statements, PostgreSQL with long ones.
define_tx_helpers!(sqlx::Sqlite, 50);
define_tx_helpers!(sqlx::Postgres, UPSERT_ROWS);

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
