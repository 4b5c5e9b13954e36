//! Year-end snapshots: a year's tables (activities, recommendations of the
//! year's sessions, finances) as of 31 December in Africa/Bamako (by the
//! dates things took effect), as recorded by the year's close (a CPS writes
//! up its year in January), with the event position and chain head they
//! rest on. A snapshot is written once and never changed; corrections
//! recorded after the close are shown beside it as adjustments.

use anyhow::Context;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::as_of::{self, head_as_of, recorded_at, to_the_second, Cut};
use crate::clock;
use crate::domain::activity::Activity;
use crate::domain::finance::Credits;
use crate::domain::recommendation::Recommendation;
use crate::domain::types::{SessionId, Year};
use crate::domain::{Effective, TakesEffect};
use crate::report::{ActivitiesReport, FinancesReport, RecommendationsReport};
use crate::store::snapshots::{self, NewSnapshot};
use crate::store::Db;
use crate::store::{codec, StoredEvent};
use cqrs_es::Aggregate;

/// The frozen tables of a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SnapshotContent {
    pub year: i32,
    /// The day the tables are as of (31 December, its last second), in
    /// Africa/Bamako.
    pub as_of: String,
    /// The moment of the close: what had been recorded by then, in
    /// Africa/Bamako. Absent from snapshots taken before the close was
    /// separate from 31 December.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_by: Option<String>,
    /// The last event included, and its chain hash.
    pub position: i64,
    pub head_hash: String,
    pub activities: ActivitiesReport,
    pub recommendations: Vec<RecommendationsReport>,
    pub finances: FinancesReport,
}

/// A stored snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct StoredSnapshot {
    pub content: SnapshotContent,
    #[serde(skip)]
    pub content_text: String,
    pub content_hash: String,
    pub taken_at: DateTime<Utc>,
    pub taken_by: String,
}

/// A change recorded after the cutoff on something the snapshot covers.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Adjustment {
    #[serde(rename = "ref")]
    pub reference: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub at: String,
    pub actor: String,
    pub reason: Option<String>,
    pub position: i64,
}

/// 31 December 23:59:59 of `year` in Africa/Bamako.
pub fn cutoff(year: Year) -> DateTime<Utc> {
    clock::end_of_day(NaiveDate::from_ymd_opt(year.value(), 12, 31).expect("valid date"))
}

/// How moments are written in a snapshot.
const MOMENT: &str = "%Y-%m-%dT%H:%M:%S";

fn moment(at: DateTime<Utc>) -> String {
    format!(
        "{} {}",
        clock::local(at).format(MOMENT),
        clock::TIMEZONE.name()
    )
}

fn parse_moment(s: &str) -> Option<DateTime<Utc>> {
    let local = s.strip_suffix(clock::TIMEZONE.name())?.trim();
    let naive = NaiveDateTime::parse_from_str(local, MOMENT).ok()?;
    clock::TIMEZONE
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// The moment a stored snapshot was closed, if it says.
pub fn close(stored: &StoredSnapshot) -> Option<DateTime<Utc>> {
    stored.content.recorded_by.as_deref().and_then(parse_moment)
}

/// The events a snapshot rests on: as of 31 December of its year, as
/// recorded by its close (a snapshot without a close: recorded by
/// 31 December).
fn cut_of(year: Year, recorded_by: Option<DateTime<Utc>>) -> Cut {
    match recorded_by {
        Some(close) => Cut {
            as_of: Some(year.last_day()),
            recorded_by: Some(close),
        },
        None => Cut {
            as_of: None,
            recorded_by: Some(cutoff(year)),
        },
    }
}

/// Whether a session belongs to a year: `2023`, `kind-2023` or `kind-2023-2`.
fn session_of_year(session: &str, year: Year) -> bool {
    SessionId::parse(session).ok().and_then(|s| s.year()) == Some(year.value())
}

/// The sessions of recommendations that belong to `year`, in order.
pub async fn sessions_of_year(db: &Db, year: Year) -> anyhow::Result<Vec<String>> {
    let ids = db.aggregate_ids(Recommendation::TYPE).await?;
    let mut sessions: Vec<String> = ids
        .iter()
        .filter_map(|id| id.rsplit_once('#').map(|(s, _)| s.to_string()))
        .filter(|s| session_of_year(s, year))
        // The projects' revues and missions are followed apart.
        .filter(|s| !SessionId::parse(s).is_ok_and(|s| s.of_projects()))
        .collect();
    sessions.sort();
    sessions.dedup();
    Ok(sessions)
}

/// Computes the year's tables as of 31 December from the events recorded by
/// `close` (the second it is taken: later ones are adjustments).
pub async fn compute(
    db: &Db,
    year: Year,
    close: Option<DateTime<Utc>>,
) -> anyhow::Result<SnapshotContent> {
    // Written to the second, and recomputed from what was written.
    let close = close.map(|c| parse_moment(&moment(c)).unwrap_or(c));
    let cut = cut_of(year, close);
    let head = head_as_of(db, cut.recorded_by.unwrap_or_else(|| cutoff(year))).await?;
    let mut recommendations = Vec::new();
    for session in sessions_of_year(db, year).await? {
        let Ok(id) = SessionId::parse(&session) else {
            continue;
        };
        let recs = as_of::recommendations(db, &id, cut).await?;
        if !recs.is_empty() {
            recommendations.push(RecommendationsReport::new(&session, &recs));
        }
    }
    Ok(SnapshotContent {
        year: year.value(),
        as_of: moment(cutoff(year)),
        recorded_by: close.map(moment),
        position: head.position,
        head_hash: head.hash,
        activities: ActivitiesReport::new(year, &as_of::activities(db, year, cut).await?)?,
        recommendations,
        finances: FinancesReport::new(year, as_of::credits(db, year, cut).await?.as_ref())?,
    })
}

fn sha256(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

/// Takes the snapshot of `year`, closed at `close`, unless it exists.
/// Returns it, and whether it was new.
pub async fn take(
    db: &Db,
    year: Year,
    close: DateTime<Utc>,
    actor: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<(StoredSnapshot, bool)> {
    if let Some(existing) = load(db, year).await? {
        return Ok((existing, false));
    }
    let content = compute(db, year, Some(close)).await?;
    let text = serde_json::to_string(&content)?;
    let hash = sha256(&text);
    let inserted = snapshots::insert(
        db,
        NewSnapshot {
            year: year.value(),
            as_of: &content.as_of,
            position: content.position,
            head_hash: &content.head_hash,
            content: &text,
            content_hash: &hash,
            taken_at: now,
            taken_by: actor,
        },
    )
    .await?;
    // Another process may have taken it at the same moment: the stored one stands.
    let stored = load(db, year)
        .await?
        .context("the snapshot was just stored")?;
    Ok((stored, inserted))
}

/// The stored snapshot of `year`.
pub async fn load(db: &Db, year: Year) -> anyhow::Result<Option<StoredSnapshot>> {
    let Some(row) = snapshots::load(db, year.value()).await? else {
        return Ok(None);
    };
    let content: SnapshotContent =
        serde_json::from_str(&row.content).context("while reading a stored snapshot")?;
    Ok(Some(StoredSnapshot {
        content,
        content_text: row.content,
        content_hash: row.content_hash,
        taken_at: row.taken_at,
        taken_by: row.taken_by,
    }))
}

/// The years that have a snapshot.
pub async fn years(db: &Db) -> anyhow::Result<Vec<i32>> {
    snapshots::years(db).await
}

pub use crate::domain::audit::{SnapshotBreak, SnapshotVerdict};

/// Recomputes the snapshot from the events and compares it with the stored one.
pub async fn verify(db: &Db, year: Year) -> anyhow::Result<SnapshotVerdict> {
    let Some(stored) = load(db, year).await? else {
        return Ok(SnapshotVerdict::Missing);
    };
    if sha256(&stored.content_text) != stored.content_hash {
        return Ok(SnapshotVerdict::Broken {
            reason: SnapshotBreak::ContentChanged,
        });
    }
    let close = match &stored.content.recorded_by {
        Some(text) => Some(parse_moment(text).context("while reading a snapshot's close")?),
        None => None,
    };
    let recomputed = compute(db, year, close).await?;
    if recomputed.position != stored.content.position
        || recomputed.head_hash != stored.content.head_hash
    {
        return Ok(SnapshotVerdict::Broken {
            reason: SnapshotBreak::HeadMoved {
                stored: format!("{}@{}", stored.content.head_hash, stored.content.position),
                recomputed: format!("{}@{}", recomputed.head_hash, recomputed.position),
            },
        });
    }
    if recomputed != stored.content {
        return Ok(SnapshotVerdict::Broken {
            reason: SnapshotBreak::TablesDiffer,
        });
    }
    Ok(SnapshotVerdict::Intact)
}

/// The events that change what a snapshot's tables show (Tableau 3 as
/// defined, Tableau 4, the credits): not progress, indicators, costs,
/// narratives nor reminders, which the live tables add.
const CHANGES_A_TABLE: &[&str] = &[
    "ActivityPlanned",
    "ActivityExecuted",
    "ActivityNotExecuted",
    "ActivityCarriedOver",
    "ActivityContinuedFrom",
    "RecommendationFormulated",
    "RecommendationStatusChanged",
    "RecommendationCarriedOver",
    "RecommendationContinuedFrom",
    "CreditRecorded",
];

/// When a stored event of a kind a snapshot covers takes effect.
fn takes_effect(e: &StoredEvent) -> anyhow::Result<Option<TakesEffect>> {
    Ok(match e.aggregate_type.as_str() {
        Activity::TYPE => Some(codec::decode::<Activity>(e)?.takes_effect()),
        Recommendation::TYPE => Some(codec::decode::<Recommendation>(e)?.takes_effect()),
        Credits::TYPE => Some(codec::decode::<Credits>(e)?.takes_effect()),
        _ => None,
    })
}

/// Changes recorded after the close on what the year's tables show as of
/// 31 December: its activities, the recommendations of its sessions, its
/// credits. A change that takes effect in a later year is that year's.
pub async fn adjustments(db: &Db, stored: &StoredSnapshot) -> anyhow::Result<Vec<Adjustment>> {
    let year = Year::new(stored.content.year)?;
    let legacy = stored.content.recorded_by.is_none();
    let close = match &stored.content.recorded_by {
        Some(text) => parse_moment(text).context("while reading a snapshot's close")?,
        None => cutoff(year),
    };
    let year_end = year.last_day();
    let sessions = sessions_of_year(db, year).await?;
    let y = year.to_string();
    let mut out = Vec::new();
    let mut after = 0;
    loop {
        let chunk = db.events_after(after, 1000).await?;
        let Some(last) = chunk.last() else { break };
        after = last.position;
        for e in chunk {
            let covered = match e.aggregate_type.as_str() {
                Activity::TYPE => e.aggregate_id.starts_with(&format!("{y}:")),
                Credits::TYPE => e.aggregate_id == Credits::aggregate_id(year),
                Recommendation::TYPE => e
                    .aggregate_id
                    .rsplit_once('#')
                    .is_some_and(|(s, _)| sessions.iter().any(|x| x == s)),
                _ => false,
            };
            let late = recorded_at(&e).is_some_and(|t| to_the_second(t) > close);
            if !(covered && late && CHANGES_A_TABLE.contains(&e.event_type.as_str())) {
                continue;
            }
            // A snapshot taken before the close was separate from 31 December
            // rests on recording times only: every later change is listed.
            let in_the_year = legacy
                || match takes_effect(&e)? {
                    Some(TakesEffect::Always) => true,
                    Some(TakesEffect::On(day)) => day <= year_end,
                    Some(TakesEffect::WhenRecorded) | None => false,
                };
            if in_the_year {
                let meta: std::collections::HashMap<String, String> =
                    serde_json::from_str(&e.metadata).unwrap_or_default();
                out.push(Adjustment {
                    reference: e.aggregate_id.clone(),
                    kind: e.event_type.clone(),
                    at: recorded_at(&e)
                        .map(|t| clock::local(t).to_rfc3339())
                        .unwrap_or_default(),
                    actor: meta.get("actor").cloned().unwrap_or_default(),
                    reason: meta.get("reason").cloned(),
                    position: e.position,
                });
            }
        }
    }
    Ok(out)
}
