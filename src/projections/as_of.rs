//! The state of things on a past day, by either of two clocks: what had
//! taken effect by the end of a day (`as_of`: the documents' own dates, an
//! execution dated in December counts in December however late it was
//! typed), and what the log held at a moment (`recorded_by`: the audit's
//! question). Both may be given: a year-end snapshot is the year as of
//! 31 December, as recorded by its closing day.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use cqrs_es::Aggregate;

use crate::clock;
use crate::domain::activity::Activity;
use crate::domain::audit::Anchor;
use crate::domain::finance::Credits;
use crate::domain::recommendation::Recommendation;
use crate::domain::types::{SessionId, Year};
use crate::domain::{Effective, TakesEffect};
use crate::store::{codec, Db, StoredEvent};

/// Which events a table is computed from; the default is every event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cut {
    /// What had taken effect by the end of this day (in Bamako).
    pub as_of: Option<NaiveDate>,
    /// What had been recorded by this moment.
    pub recorded_by: Option<DateTime<Utc>>,
}

impl Cut {
    /// Every event recorded by the end of `day`.
    pub fn recorded_by(day: NaiveDate) -> Cut {
        Cut {
            as_of: None,
            recorded_by: Some(clock::end_of_day(day)),
        }
    }

    /// Every event that had taken effect by the end of `day`.
    pub fn as_of(day: NaiveDate) -> Cut {
        Cut {
            as_of: Some(day),
            recorded_by: None,
        }
    }

    /// Whether the cut keeps everything.
    pub fn is_now(&self) -> bool {
        self.as_of.is_none() && self.recorded_by.is_none()
    }

    /// Whether the stored row was recorded by the cut's moment.
    fn recorded(&self, e: &StoredEvent) -> bool {
        match self.recorded_by {
            None => true,
            Some(cutoff) => recorded_at(e).is_some_and(|t| to_the_second(t) <= cutoff),
        }
    }

    /// Whether the event had taken effect by the cut's day.
    fn in_effect(&self, event: &impl Effective, e: &StoredEvent) -> bool {
        let Some(day) = self.as_of else {
            return true;
        };
        match event.takes_effect() {
            TakesEffect::Always => true,
            TakesEffect::On(d) => d <= day,
            TakesEffect::WhenRecorded => codec::recorded_day(e).is_some_and(|d| d <= day),
        }
    }
}

/// An instant to the second, as cut-offs are written (`23:59:59` is the
/// whole last second of a day: an event recorded at 23:59:59.4 belongs to it).
pub fn to_the_second(t: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::SubsecRound;
    t.trunc_subsecs(0)
}

/// When an event was recorded, from its metadata.
pub fn recorded_at(e: &StoredEvent) -> Option<DateTime<Utc>> {
    e.recorded_at()
}

/// The states of the aggregates of one type whose id starts with `prefix`
/// (or equals it, with `exact`), from the events the cut keeps, in the order
/// they were first recorded. An aggregate none of whose events is kept is
/// not there.
pub async fn states_as_of<A>(db: &Db, prefix: &str, exact: bool, cut: Cut) -> anyhow::Result<Vec<A>>
where
    A: Aggregate,
    A::Event: Effective,
{
    let mut order: Vec<String> = Vec::new();
    let mut states: HashMap<String, A> = HashMap::new();
    for e in db.events_with_prefix(A::TYPE, prefix).await? {
        if (exact && e.aggregate_id != prefix) || !cut.recorded(&e) {
            continue;
        }
        let event = codec::decode::<A>(&e)?;
        if !cut.in_effect(&event, &e) {
            continue;
        }
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
            if recorded_at(e).is_some_and(|t| to_the_second(t) <= cutoff) {
                head = Anchor {
                    position: e.position,
                    hash: e.hash.clone().unwrap_or_default(),
                };
            }
        }
    }
    Ok(head)
}

/// The activities of a year's plan by the cut.
pub async fn activities(db: &Db, year: Year, cut: Cut) -> anyhow::Result<Vec<Activity>> {
    states_as_of::<Activity>(db, &format!("{year}:"), false, cut).await
}

/// The recommendations of a session by the cut.
pub async fn recommendations(
    db: &Db,
    session: &SessionId,
    cut: Cut,
) -> anyhow::Result<Vec<Recommendation>> {
    states_as_of::<Recommendation>(db, &format!("{session}#"), false, cut).await
}

/// The credits of a year by the cut.
pub async fn credits(db: &Db, year: Year, cut: Cut) -> anyhow::Result<Option<Credits>> {
    Ok(
        states_as_of::<Credits>(db, &Credits::aggregate_id(year), true, cut)
            .await?
            .pop(),
    )
}
