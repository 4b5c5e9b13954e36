//! What the scheduler keeps in the database: the days each job ran, and the
//! lease that lets one instance at a time schedule.

use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};

use super::Db;
use crate::on_backend;

/// The days a job already ran, among recent ones.
pub async fn ran_days(db: &Db, job: &str) -> anyhow::Result<Vec<NaiveDate>> {
    let sql = "SELECT day FROM scheduler_runs WHERE job = $1 ORDER BY day DESC LIMIT 30";
    let days: Vec<String> =
        on_backend!(db, p => sqlx::query_scalar(sql).bind(job).fetch_all(p).await)
            .context("while reading the scheduler's runs")?;
    Ok(days.iter().filter_map(|d| d.parse().ok()).collect())
}

/// Records that a job ran for a day; false if it was already recorded.
pub async fn record_run(
    db: &Db,
    job: &str,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let sql = "INSERT INTO scheduler_runs (job, day, ran_at) VALUES ($1, $2, $3) ON CONFLICT (job, day) DO NOTHING";
    let n = on_backend!(db, p => sqlx::query(sql)
        .bind(job)
        .bind(day.to_string())
        .bind(now.timestamp_millis())
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
    .context("while recording a scheduler run")?;
    Ok(n == 1)
}

/// Takes or renews the scheduling lease for `holder` until `now + ttl`; false
/// while another live instance holds it.
pub async fn acquire_lease(
    db: &Db,
    holder: &str,
    now: DateTime<Utc>,
    ttl: Duration,
) -> anyhow::Result<bool> {
    let sql = "UPDATE leases SET holder = $1, expires_at = $2 WHERE name = 'scheduler' AND (holder = $1 OR expires_at <= $3)";
    let until = now.timestamp_millis() + ttl.as_millis() as i64;
    let n = on_backend!(db, p => sqlx::query(sql)
        .bind(holder)
        .bind(until)
        .bind(now.timestamp_millis())
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
    .context("while taking the scheduler lease")?;
    Ok(n == 1)
}

/// Gives the lease up at shutdown so another instance takes over at once.
pub async fn release_lease(db: &Db, holder: &str) -> anyhow::Result<()> {
    let sql = "UPDATE leases SET expires_at = 0 WHERE name = 'scheduler' AND holder = $1";
    on_backend!(db, p => sqlx::query(sql).bind(holder).execute(p).await.map(|_| ()))
        .context("while releasing the scheduler lease")
}
