//! Reading the event log: aggregates replayed through the codec, events in
//! global order or by aggregate, and the head's position.

use std::collections::HashMap;

use anyhow::Context;
use cqrs_es::Aggregate;
use sqlx::Row;

use super::{codec, Db, EventRef, Pool, StoredEvent, EVENT_COLUMNS};

impl Db {
    /// Loads an aggregate's current state and last sequence number, from its
    /// events through the codec.
    pub async fn load<A: Aggregate>(&self, id: &str) -> anyhow::Result<(A, usize)> {
        let events = self
            .events_of(A::TYPE, id)
            .await
            .with_context(|| format!("while loading {} {id}", A::TYPE))?;
        let state = codec::replay::<A>(&events)?;
        Ok((state, events.last().map_or(0, |e| e.sequence as usize)))
    }

    /// Loads several aggregates of one type at once: their state and last
    /// sequence, by id (aggregates without events are absent).
    pub async fn load_many<A: Aggregate>(
        &self,
        ids: &[&str],
    ) -> anyhow::Result<HashMap<String, (A, usize)>> {
        let mut out: HashMap<String, (A, usize)> = HashMap::new();
        let mut replay = |rows: Vec<StoredEvent>| -> anyhow::Result<()> {
            for e in rows {
                let sequence = e.sequence as usize;
                let event = codec::decode::<A>(&e)?;
                let entry = out
                    .entry(e.aggregate_id)
                    .or_insert_with(|| (A::default(), 0));
                entry.0.apply(event);
                entry.1 = sequence;
            }
            Ok(())
        };
        match &self.pool {
            Pool::Postgres(p) => {
                let sql = format!(
                    "SELECT {EVENT_COLUMNS} FROM events WHERE aggregate_type = $1 \
                     AND aggregate_id = ANY($2) ORDER BY aggregate_id, sequence"
                );
                let rows = sqlx::query(&sql)
                    .bind(A::TYPE)
                    .bind(ids)
                    .fetch_all(p)
                    .await
                    .with_context(|| format!("while loading {} aggregates", A::TYPE))?
                    .iter()
                    .map(stored_event)
                    .collect::<Result<Vec<_>, _>>()?;
                replay(rows)?;
            }
            Pool::Sqlite(p) => {
                for chunk in ids.chunks(1000) {
                    let marks = (0..chunk.len())
                        .map(|i| format!("${}", i + 2))
                        .collect::<Vec<_>>()
                        .join(",");
                    let sql = format!(
                        "SELECT {EVENT_COLUMNS} FROM events WHERE aggregate_type = $1 \
                         AND aggregate_id IN ({marks}) ORDER BY aggregate_id, sequence"
                    );
                    let mut q = sqlx::query(&sql).bind(A::TYPE);
                    for id in chunk {
                        q = q.bind(*id);
                    }
                    let rows = q
                        .fetch_all(p)
                        .await
                        .with_context(|| format!("while loading {} aggregates", A::TYPE))?
                        .iter()
                        .map(stored_event)
                        .collect::<Result<Vec<_>, _>>()?;
                    replay(rows)?;
                }
            }
        }
        Ok(out)
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

    /// Every event of the aggregates of one type whose id starts with
    /// `prefix`, in global order.
    pub async fn events_with_prefix(
        &self,
        aggregate_type: &str,
        prefix: &str,
    ) -> anyhow::Result<Vec<StoredEvent>> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE aggregate_type = $1 AND aggregate_id LIKE $2 \
             ORDER BY position"
        );
        // `_` matches any character in LIKE: the filter below keeps exact prefixes.
        let pattern = format!("{prefix}%");
        let rows = crate::on_backend!(self, p => sqlx::query(&sql)
            .bind(aggregate_type)
            .bind(&pattern)
            .fetch_all(p)
            .await
            .context("while reading events")?
            .iter()
            .map(stored_event)
            .collect::<Result<Vec<_>, _>>()?);
        Ok(rows
            .into_iter()
            .filter(|e| e.aggregate_id.starts_with(prefix))
            .collect())
    }

    /// The ids of the aggregates of one type that have events.
    pub async fn aggregate_ids(&self, aggregate_type: &str) -> anyhow::Result<Vec<String>> {
        let sql = "SELECT DISTINCT aggregate_id FROM events WHERE aggregate_type = $1";
        let ids: Vec<String> = crate::on_backend!(self, p => sqlx::query_scalar(sql)
            .bind(aggregate_type)
            .fetch_all(p)
            .await)
        .context("while listing aggregates")?;
        Ok(ids)
    }

    /// The position of the last event written.
    pub async fn head_position(&self) -> anyhow::Result<i64> {
        let sql = "SELECT position FROM event_head WHERE id = 1";
        let head: i64 = crate::on_backend!(self, p => sqlx::query_scalar(sql).fetch_one(p).await)
            .context("while reading the head of the event log")?;
        Ok(head)
    }
}

pub(crate) fn stored_event<'r, R: Row>(r: &'r R) -> anyhow::Result<StoredEvent>
where
    usize: sqlx::ColumnIndex<R>,
    i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    &'r str: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    Ok(StoredEvent {
        hash: r.try_get(8)?,
        ..event_ref(r)?.to_stored()
    })
}

/// A row of the event columns, borrowed (see [`EventRef`]), read by place
/// in the order of EVENT_COLUMNS: a rebuild reads a million rows, and a
/// column found by name costs a lookup each.
pub(crate) fn event_ref<'r, R: Row>(r: &'r R) -> anyhow::Result<EventRef<'r>>
where
    usize: sqlx::ColumnIndex<R>,
    i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    &'r str: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    Ok(EventRef {
        position: r.try_get(0)?,
        aggregate_type: r.try_get(1)?,
        aggregate_id: r.try_get(2)?,
        sequence: r.try_get(3)?,
        event_type: r.try_get(4)?,
        event_version: r.try_get(5)?,
        payload: r.try_get(6)?,
        metadata: r.try_get(7)?,
    })
}
