//! Year-end snapshots: a year's tables (activities, recommendations of the
//! year's sessions, finances) frozen as of 31 December 23:59:59 in
//! Africa/Bamako, with the event position and chain head they rest on. A
//! snapshot is written once and never changed; corrections recorded after
//! the cutoff are shown beside it as adjustments.

use anyhow::Context;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{
    activities_as_of, credits_as_of, end_of_day, head_as_of, recommendations_as_of, recorded_at,
    TIMEZONE,
};
use crate::domain::types::Year;
use crate::on_backend;
use crate::report::{ActivitiesReport, FinancesReport, RecommendationsReport};
use crate::store::Db;

/// The frozen tables of a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredSnapshot {
    pub content: SnapshotContent,
    #[serde(skip)]
    pub content_text: String,
    pub content_hash: String,
    pub taken_at: DateTime<Utc>,
    pub taken_by: String,
}

/// A change recorded after the cutoff on something the snapshot covers.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    end_of_day(NaiveDate::from_ymd_opt(year.value(), 12, 31).expect("valid date"))
}

/// Whether a session belongs to a year: `2023`, or `kind-2023`.
fn session_of_year(session: &str, year: Year) -> bool {
    let y = year.to_string();
    session == y || session.ends_with(&format!("-{y}"))
}

async fn sessions_of_year(db: &Db, year: Year) -> anyhow::Result<Vec<String>> {
    let sql = "SELECT DISTINCT aggregate_id FROM events WHERE aggregate_type = 'recommendation'";
    let ids: Vec<String> = on_backend!(db, p => sqlx::query_scalar(sql).fetch_all(p).await)
        .context("while listing sessions")?;
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
        let recs = recommendations_as_of(db, &session, cut).await?;
        if !recs.is_empty() {
            recommendations.push(RecommendationsReport::new(&session, &recs));
        }
    }
    Ok(SnapshotContent {
        year: year.value(),
        as_of: format!(
            "{} Africa/Bamako",
            cut.with_timezone(&TIMEZONE).format("%Y-%m-%dT%H:%M:%S")
        ),
        position: head.position,
        head_hash: head.hash,
        activities: ActivitiesReport::new(year, &activities_as_of(db, year, cut).await?),
        recommendations,
        finances: FinancesReport::new(year, credits_as_of(db, year, cut).await?.as_ref()),
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
    let sql = "INSERT INTO year_snapshots (year, as_of, position, head_hash, content, content_hash, taken_at, taken_by) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (year) DO NOTHING";
    let inserted = on_backend!(db, p => sqlx::query(sql)
        .bind(year.value())
        .bind(&content.as_of)
        .bind(content.position)
        .bind(&content.head_hash)
        .bind(&text)
        .bind(&hash)
        .bind(now.timestamp_millis())
        .bind(actor)
        .execute(p)
        .await
        .map(|r| r.rows_affected() == 1))
    .context("while storing a snapshot")?;
    // Another process may have taken it at the same moment: the stored one stands.
    let stored = load(db, year)
        .await?
        .context("the snapshot was just stored")?;
    Ok((stored, inserted))
}

/// The stored snapshot of `year`.
pub async fn load(db: &Db, year: Year) -> anyhow::Result<Option<StoredSnapshot>> {
    let sql =
        "SELECT content, content_hash, taken_at, taken_by FROM year_snapshots WHERE year = $1";
    let row: Option<(String, String, i64, String)> =
        on_backend!(db, p => sqlx::query_as(sql).bind(year.value()).fetch_optional(p).await)
            .context("while reading a snapshot")?;
    let Some((text, content_hash, taken_at, taken_by)) = row else {
        return Ok(None);
    };
    let content: SnapshotContent =
        serde_json::from_str(&text).context("while reading a stored snapshot")?;
    Ok(Some(StoredSnapshot {
        content,
        content_text: text,
        content_hash,
        taken_at: Utc
            .timestamp_millis_opt(taken_at)
            .single()
            .unwrap_or_default(),
        taken_by,
    }))
}

/// The years that have a snapshot.
pub async fn years(db: &Db) -> anyhow::Result<Vec<i32>> {
    let sql = "SELECT year FROM year_snapshots ORDER BY year";
    on_backend!(db, p => sqlx::query_scalar(sql).fetch_all(p).await)
        .context("while listing snapshots")
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum SnapshotVerdict {
    Intact,
    Missing,
    Broken { reason: String },
}

/// Recomputes the snapshot from the events and compares it with the stored one.
pub async fn verify(db: &Db, year: Year) -> anyhow::Result<SnapshotVerdict> {
    let Some(stored) = load(db, year).await? else {
        return Ok(SnapshotVerdict::Missing);
    };
    if sha256(&stored.content_text) != stored.content_hash {
        return Ok(SnapshotVerdict::Broken {
            reason: "l'empreinte du contenu ne correspond plus : la photographie a été modifiée"
                .into(),
        });
    }
    let recomputed = compute(db, year).await?;
    if recomputed.position != stored.content.position
        || recomputed.head_hash != stored.content.head_hash
    {
        return Ok(SnapshotVerdict::Broken {
            reason: format!(
                "le journal au 31/12 ne finit plus au même événement ({}@{} enregistré, {}@{} recalculé)",
                stored.content.head_hash, stored.content.position, recomputed.head_hash, recomputed.position
            ),
        });
    }
    if recomputed != stored.content {
        return Ok(SnapshotVerdict::Broken {
            reason: "les tableaux recalculés à partir des événements diffèrent de la photographie"
                .into(),
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
            if covered && late && !e.event_type.ends_with("ReminderSent") {
                let meta: std::collections::HashMap<String, String> =
                    serde_json::from_str(&e.metadata).unwrap_or_default();
                out.push(Adjustment {
                    reference: e.aggregate_id.clone(),
                    kind: e.event_type.clone(),
                    at: recorded_at(&e)
                        .map(|t| t.with_timezone(&TIMEZONE).to_rfc3339())
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
