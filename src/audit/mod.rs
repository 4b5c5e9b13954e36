//! What the director audits: the full history of a recommendation or an
//! activity (who, when, why, on what evidence, with its lineage across
//! sessions or plans), the tables as they stood at the end of any day, and
//! the year-end snapshots (`snapshot`).

pub mod snapshot;

use std::collections::HashMap;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use cqrs_es::Aggregate;
use serde::Serialize;

use crate::domain::activity::{Activity, ActivityEvent, ActivityRef};
use crate::domain::finance::Credits;
use crate::domain::recommendation::{Recommendation, RecommendationEvent, RecommendationRef};
use crate::domain::EventMetadata;
use crate::on_backend;
use crate::store::{Db, StoredEvent};

/// Dates and times are shown in the CPS's time zone.
pub const TIMEZONE: Tz = chrono_tz::Africa::Bamako;

/// The last instant of `day` in Africa/Bamako.
pub fn end_of_day(day: NaiveDate) -> DateTime<Utc> {
    let last = day.and_hms_opt(23, 59, 59).expect("valid time");
    TIMEZONE
        .from_local_datetime(&last)
        .single()
        .expect("no DST in Bamako")
        .with_timezone(&Utc)
}

/// When an event was recorded, from its metadata.
pub fn recorded_at(e: &StoredEvent) -> Option<DateTime<Utc>> {
    let meta: HashMap<String, String> = serde_json::from_str(&e.metadata).ok()?;
    DateTime::parse_from_rfc3339(meta.get(EventMetadata::RECORDED_AT)?)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// One line of a history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEvent {
    /// The recommendation or activity it happened to (histories span a lineage).
    #[serde(rename = "ref")]
    pub reference: String,
    /// Recorded at, in Africa/Bamako (`2024-01-26T10:15:00+00:00`).
    pub at: String,
    pub actor: String,
    pub reason: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub comment: Option<String>,
    pub evidence: Option<String>,
    /// What else changed, in words.
    pub details: String,
    pub position: i64,
}

/// One element of a lineage: the same recommendation (or activity) in successive sessions (or plans).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineageItem {
    #[serde(rename = "ref")]
    pub reference: String,
    pub text: String,
    pub status: String,
}

/// The whole story of one recommendation or activity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct History {
    #[serde(rename = "ref")]
    pub reference: String,
    pub lineage: Vec<LineageItem>,
    /// The first session (or plan) of the lineage, when it is still open.
    pub open_since: Option<String>,
    pub events: Vec<HistoryEvent>,
}

fn meta_of(e: &StoredEvent) -> (String, String, Option<String>) {
    let meta: HashMap<String, String> = serde_json::from_str(&e.metadata).unwrap_or_default();
    let at = recorded_at(e)
        .map(|t| t.with_timezone(&TIMEZONE).to_rfc3339())
        .unwrap_or_default();
    let actor = meta.get(EventMetadata::ACTOR).cloned().unwrap_or_default();
    (at, actor, meta.get(EventMetadata::REASON).cloned())
}

/// A history line with who, when and why, and the event it describes.
fn blank_line<A: Aggregate>(
    reference: &str,
    e: &StoredEvent,
) -> anyhow::Result<(HistoryEvent, A::Event)> {
    let (at, actor, reason) = meta_of(e);
    let payload = crate::store::codec::decode::<A>(e)
        .with_context(|| format!("while reading the history of {reference}"))?;
    let line = HistoryEvent {
        reference: reference.to_string(),
        at,
        actor,
        reason,
        kind: e.event_type.clone(),
        from: None,
        to: None,
        comment: None,
        evidence: None,
        details: String::new(),
        position: e.position,
    };
    Ok((line, payload))
}

fn recommendation_line(reference: &str, e: &StoredEvent) -> anyhow::Result<HistoryEvent> {
    let (mut h, payload) = blank_line::<Recommendation>(reference, e)?;
    match payload {
        RecommendationEvent::RecommendationFormulated { content, .. } => {
            h.to = Some("non_executee".into());
            let structures: Vec<&str> = content.structures.iter().map(|s| s.as_str()).collect();
            h.details = format!(
                "formulée : « {} » ; structures : {}",
                content.text,
                structures.join(", ")
            );
            if let Some(due) = content.due {
                h.details.push_str(&format!(" ; échéance : {due}"));
            }
        }
        RecommendationEvent::RecommendationStatusChanged {
            from,
            to,
            justification,
        } => {
            h.from = Some(from.code().into());
            h.to = Some(to.code().into());
            h.comment = justification.comment;
            h.evidence = justification.evidence;
            h.details = format!("statut : {from} → {to}");
        }
        RecommendationEvent::RecommendationCarriedOver { to } => {
            h.details = format!(
                "reconduite à la session {} sous le n° {}",
                to.session, to.number
            );
        }
        RecommendationEvent::RecommendationContinuedFrom { from } => {
            h.details = format!(
                "reprend la recommandation n° {} de la session {}",
                from.number, from.session
            );
        }
        RecommendationEvent::RecommendationReminderSent(r) => {
            h.details = format!("relance du {} envoyée à {}", r.day, r.to.join(", "));
            if !r.cc.is_empty() {
                h.details
                    .push_str(&format!(" (copie : {})", r.cc.join(", ")));
            }
            h.details.push_str(&format!(" ; message {}", r.message_id));
        }
    }
    Ok(h)
}

fn activity_line(reference: &str, e: &StoredEvent) -> anyhow::Result<HistoryEvent> {
    let (mut h, payload) = blank_line::<Activity>(reference, e)?;
    match payload {
        ActivityEvent::ActivityPlanned { plan, .. } => {
            h.to = Some("planned".into());
            h.details = format!("programmée : « {} » ; budget : {}", plan.title, plan.budget);
        }
        ActivityEvent::ActivityExecuted {
            period,
            observation,
        } => {
            h.to = Some("executed".into());
            h.comment = observation;
            h.details = format!(
                "exécutée{}",
                period.map(|p| format!(" ({p})")).unwrap_or_default()
            );
        }
        ActivityEvent::ActivityNotExecuted { reason } => {
            h.to = Some("not_executed".into());
            h.comment = Some(reason.clone());
            h.details = format!("non exécutée : {reason}");
        }
        ActivityEvent::ActivityCostRecorded {
            engaged,
            liquidated,
        } => {
            h.details = format!("coût : engagé {engaged} F CFA, liquidé {liquidated} F CFA");
        }
        ActivityEvent::ActivityCarriedOver { to } => {
            h.details = format!(
                "reprogrammée dans le plan {} sous le code {}",
                to.year, to.code
            );
        }
        ActivityEvent::ActivityContinuedFrom { from } => {
            h.details = format!("reprend l'activité {} du plan {}", from.code, from.year);
        }
    }
    Ok(h)
}

/// Fills in the `from` of status events from the status before them.
fn chain_statuses(events: &mut [HistoryEvent]) {
    let mut last: HashMap<String, String> = HashMap::new();
    for e in events.iter_mut() {
        if let Some(to) = &e.to {
            if e.from.is_none() {
                e.from = last.get(&e.reference).cloned();
            }
            last.insert(e.reference.clone(), to.clone());
        }
    }
}

/// The history of a recommendation and of its whole lineage, oldest first.
pub async fn recommendation_history(
    db: &Db,
    id: &RecommendationRef,
) -> anyhow::Result<Option<History>> {
    let (start, _) = db.load::<Recommendation>(&id.aggregate_id()).await?;
    if start.id.is_none() {
        return Ok(None);
    }
    // Walk back to the first session, then forward to the last.
    let mut first = start.clone();
    let mut guard = 0;
    while let (Some(from), true) = (first.carried_from.clone(), guard < 100) {
        let (prev, _) = db.load::<Recommendation>(&from.aggregate_id()).await?;
        if prev.id.is_none() {
            break;
        }
        first = prev;
        guard += 1;
    }
    let mut lineage = vec![first];
    while let (Some(to), true) = (
        lineage.last().and_then(|r| r.carried_to.clone()),
        lineage.len() < 100,
    ) {
        let (next, _) = db.load::<Recommendation>(&to.aggregate_id()).await?;
        if next.id.is_none() {
            break;
        }
        lineage.push(next);
    }
    let mut events = Vec::new();
    for r in &lineage {
        let rid = r.id.as_ref().expect("loaded").aggregate_id();
        for e in db.events_of(Recommendation::TYPE, &rid).await? {
            events.push(recommendation_line(&rid, &e)?);
        }
    }
    events.sort_by_key(|e| e.position);
    chain_statuses(&mut events);
    let last = lineage.last().expect("at least one");
    let open = last.status != Some(crate::domain::workflow::RecommendationStatus::Executee);
    let open_since = (open && lineage.len() > 1)
        .then(|| {
            lineage[0]
                .id
                .as_ref()
                .map(|i| format!("session {}", i.session))
        })
        .flatten();
    Ok(Some(History {
        reference: id.aggregate_id(),
        lineage: lineage
            .iter()
            .map(|r| LineageItem {
                reference: r.id.as_ref().expect("loaded").aggregate_id(),
                text: r
                    .content
                    .as_ref()
                    .map(|c| c.text.clone())
                    .unwrap_or_default(),
                status: r.status.map(|s| s.code().to_string()).unwrap_or_default(),
            })
            .collect(),
        open_since,
        events,
    }))
}

/// The history of an activity and of the activities it continues or is continued by.
pub async fn activity_history(db: &Db, id: &ActivityRef) -> anyhow::Result<Option<History>> {
    let (start, _) = db.load::<Activity>(&id.aggregate_id()).await?;
    if start.id.is_none() {
        return Ok(None);
    }
    let mut first = start;
    while let Some(from) = first.carried_from.clone() {
        let (prev, _) = db.load::<Activity>(&from.aggregate_id()).await?;
        if prev.id.is_none()
            || prev.id.as_ref().map(|i| i.year) >= first.id.as_ref().map(|i| i.year)
        {
            break;
        }
        first = prev;
    }
    let mut lineage = vec![first];
    while let Some(to) = lineage.last().and_then(|a| a.carried_to.clone()) {
        let (next, _) = db.load::<Activity>(&to.aggregate_id()).await?;
        if next.id.is_none() || lineage.len() >= 100 {
            break;
        }
        lineage.push(next);
    }
    let mut events = Vec::new();
    for a in &lineage {
        let aid = a.id.as_ref().expect("loaded").aggregate_id();
        for e in db.events_of(Activity::TYPE, &aid).await? {
            events.push(activity_line(&aid, &e)?);
        }
    }
    events.sort_by_key(|e| e.position);
    chain_statuses(&mut events);
    let open = lineage.last().and_then(|a| a.status)
        != Some(crate::domain::activity::ActivityStatus::Executed);
    let open_since = (open && lineage.len() > 1)
        .then(|| lineage[0].id.as_ref().map(|i| format!("plan {}", i.year)))
        .flatten();
    Ok(Some(History {
        reference: id.aggregate_id(),
        lineage: lineage
            .iter()
            .map(|a| LineageItem {
                reference: a.id.as_ref().expect("loaded").aggregate_id(),
                text: a.plan.as_ref().map(|p| p.title.clone()).unwrap_or_default(),
                status: match a.status {
                    Some(crate::domain::activity::ActivityStatus::Executed) => "executed",
                    Some(crate::domain::activity::ActivityStatus::NotExecuted) => "not_executed",
                    _ => "planned",
                }
                .to_string(),
            })
            .collect(),
        open_since,
        events,
    }))
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
    let sql = format!(
        "SELECT {} FROM events WHERE aggregate_type = $1 AND aggregate_id LIKE $2 ORDER BY position",
        crate::store::EVENT_COLUMNS
    );
    let pattern = if exact {
        prefix.to_string()
    } else {
        format!("{prefix}%")
    };
    let rows = on_backend!(db, p => sqlx::query(&sql)
        .bind(A::TYPE)
        .bind(&pattern)
        .fetch_all(p)
        .await
        .context("while reading events")?
        .iter()
        .map(crate::store::stored_event)
        .collect::<anyhow::Result<Vec<_>>>())?;
    let mut order: Vec<String> = Vec::new();
    let mut states: HashMap<String, A> = HashMap::new();
    for e in rows {
        let matches = if exact {
            e.aggregate_id == prefix
        } else {
            e.aggregate_id.starts_with(prefix)
        };
        if !matches || recorded_at(&e).is_none_or(|t| t > cutoff) {
            continue;
        }
        let event = crate::store::codec::decode::<A>(&e)?;
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
pub async fn head_as_of(
    db: &Db,
    cutoff: DateTime<Utc>,
) -> anyhow::Result<crate::store::chain::Anchor> {
    let mut head = crate::store::chain::Anchor {
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
                head = crate::store::chain::Anchor {
                    position: e.position,
                    hash: e.hash.clone().unwrap_or_default(),
                };
            }
        }
    }
    Ok(head)
}

/// Activities of a year, recommendations of a session, credits of a year, as of `cutoff`.
pub async fn activities_as_of(
    db: &Db,
    year: crate::domain::types::Year,
    cutoff: DateTime<Utc>,
) -> anyhow::Result<Vec<Activity>> {
    states_as_of::<Activity>(db, &format!("{year}:"), false, cutoff).await
}

pub async fn recommendations_as_of(
    db: &Db,
    session: &str,
    cutoff: DateTime<Utc>,
) -> anyhow::Result<Vec<Recommendation>> {
    states_as_of::<Recommendation>(db, &format!("{session}#"), false, cutoff).await
}

pub async fn credits_as_of(
    db: &Db,
    year: crate::domain::types::Year,
    cutoff: DateTime<Utc>,
) -> anyhow::Result<Option<Credits>> {
    Ok(
        states_as_of::<Credits>(db, &Credits::aggregate_id(year), true, cutoff)
            .await?
            .pop(),
    )
}
