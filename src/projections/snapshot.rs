//! Year-end snapshots: a year's tables (activities, recommendations of the
//! year's sessions, finances) frozen as of 31 December 23:59:59 in
//! Africa/Bamako, with the event position and chain head they rest on. A
//! snapshot is written once and never changed; corrections recorded after
//! the cutoff are shown beside it as adjustments.

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::as_of::{self, head_as_of, recorded_at};
use crate::clock;
use crate::domain::types::{SessionId, Year};
use crate::report::{ActivitiesReport, FinancesReport, RecommendationsReport};
use crate::store::snapshots::{self, NewSnapshot};
use crate::store::Db;

/// The frozen tables of a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SnapshotContent {
    pub year: i32,
    /// The cutoff, in Africa/Bamako.
    pub as_of: String,
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

/// Whether a session belongs to a year: `2023`, `kind-2023` or `kind-2023-2`.
fn session_of_year(session: &str, year: Year) -> bool {
    SessionId::parse(session).ok().and_then(|s| s.year()) == Some(year.value())
}

/// The sessions of recommendations that belong to `year`, in order.
pub async fn sessions_of_year(db: &Db, year: Year) -> anyhow::Result<Vec<String>> {
    let ids = db.aggregate_ids("recommendation").await?;
    let mut sessions: Vec<String> = ids
        .iter()
        .filter_map(|id| id.rsplit_once('#').map(|(s, _)| s.to_string()))
        .filter(|s| session_of_year(s, year))
        .collect();
    sessions.sort();
    sessions.dedup();
    Ok(sessions)
}

/// Computes the year's tables from the events recorded until the cutoff.
pub async fn compute(db: &Db, year: Year) -> anyhow::Result<SnapshotContent> {
    let cut = cutoff(year);
    let head = head_as_of(db, cut).await?;
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
        as_of: format!(
            "{} Africa/Bamako",
            clock::local(cut).format("%Y-%m-%dT%H:%M:%S")
        ),
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

/// Takes the snapshot of `year` unless it exists. Returns it, and whether it was new.
pub async fn take(
    db: &Db,
    year: Year,
    actor: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<(StoredSnapshot, bool)> {
    if let Some(existing) = load(db, year).await? {
        return Ok((existing, false));
    }
    let content = compute(db, year).await?;
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

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum SnapshotVerdict {
    Intact,
    Missing,
    Broken { reason: SnapshotBreak },
}

/// How a snapshot no longer matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SnapshotBreak {
    /// The stored content no longer has the hash stored beside it.
    ContentChanged,
    /// The log up to the cutoff no longer ends at the same event.
    HeadMoved { stored: String, recomputed: String },
    /// The tables recomputed from the events differ.
    TablesDiffer,
}

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
    let recomputed = compute(db, year).await?;
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

/// Changes recorded after the cutoff on the year's activities, recommendations and credits.
pub async fn adjustments(db: &Db, year: Year) -> anyhow::Result<Vec<Adjustment>> {
    let cut = cutoff(year);
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
                "activity" => e.aggregate_id.starts_with(&format!("{y}:")),
                "credits" => e.aggregate_id == y,
                "recommendation" => e
                    .aggregate_id
                    .rsplit_once('#')
                    .is_some_and(|(s, _)| sessions.iter().any(|x| x == s)),
                _ => false,
            };
            let late = recorded_at(&e).is_some_and(|t| t > cut);
            // Reminders and narratives change no table of the snapshot.
            let changes_a_table = !e.event_type.ends_with("ReminderSent")
                && e.event_type != "ActivityNarrativeWritten";
            if covered && late && changes_a_table {
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
