//! The state of things as it stood at the end of a past day: aggregates
//! replayed from the events recorded until then, and the chain head at that
//! moment.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;

use crate::domain::activity::Activity;
use crate::domain::finance::Credits;
use crate::domain::recommendation::Recommendation;
use crate::domain::types::{SessionId, Year};
use crate::domain::EventMetadata;
use crate::store::chain::Anchor;
use crate::store::{codec, Db, StoredEvent};

/// When an event was recorded, from its metadata.
pub fn recorded_at(e: &StoredEvent) -> Option<DateTime<Utc>> {
    let meta: HashMap<String, String> = serde_json::from_str(&e.metadata).ok()?;
    DateTime::parse_from_rfc3339(meta.get(EventMetadata::RECORDED_AT)?)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The states of the aggregates of one type whose id starts with `prefix`
/// (or equals it, with `exact`), from the events recorded until `cutoff`, in
/// the order they were first recorded.
pub async fn states_as_of<A: Aggregate>(
    db: &Db,
    prefix: &str,
    exact: bool,
    cutoff: DateTime<Utc>,
) -> anyhow::Result<Vec<A>> {
    let mut order: Vec<String> = Vec::new();
    let mut states: HashMap<String, A> = HashMap::new();
    for e in db.events_with_prefix(A::TYPE, prefix).await? {
        if (exact && e.aggregate_id != prefix) || recorded_at(&e).is_none_or(|t| t > cutoff) {
            continue;
        }
        let event = codec::decode::<A>(&e)?;
        let state = states.entry(e.aggregate_id.clone()).or_insert_with(|| {
            order.push(e.aggregate_id.clone());
            A::default()
        });
        state.apply(event);
    }
    Ok(order
        .into_iter()
        .filter_map(|id| states.remove(&id))
        .collect())
}

/// The position and chain hash of the last event recorded until `cutoff`.
pub async fn head_as_of(db: &Db, cutoff: DateTime<Utc>) -> anyhow::Result<Anchor> {
    let mut head = Anchor {
        position: 0,
        hash: String::new(),
    };
    let mut after = 0;
    loop {
        let chunk = db.events_after(after, 1000).await?;
        let Some(last) = chunk.last() else { break };
        after = last.position;
        for e in &chunk {
            if recorded_at(e).is_some_and(|t| t <= cutoff) {
                head = Anchor {
                    position: e.position,
                    hash: e.hash.clone().unwrap_or_default(),
                };
            }
        }
    }
    Ok(head)
}

/// The activities of a year's plan as of `cutoff`.
pub async fn activities(
    db: &Db,
    year: Year,
    cutoff: DateTime<Utc>,
) -> anyhow::Result<Vec<Activity>> {
    states_as_of::<Activity>(db, &format!("{year}:"), false, cutoff).await
}

/// The recommendations of a session as of `cutoff`.
pub async fn recommendations(
    db: &Db,
    session: &SessionId,
    cutoff: DateTime<Utc>,
) -> anyhow::Result<Vec<Recommendation>> {
    states_as_of::<Recommendation>(db, &format!("{session}#"), false, cutoff).await
}

/// The credits of a year as of `cutoff`.
pub async fn credits(
    db: &Db,
    year: Year,
    cutoff: DateTime<Utc>,
) -> anyhow::Result<Option<Credits>> {
    Ok(
        states_as_of::<Credits>(db, &Credits::aggregate_id(year), true, cutoff)
            .await?
            .pop(),
    )
}
