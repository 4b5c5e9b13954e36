//! The `year_snapshots` table: each year's frozen tables, as JSON text with
//! its hash, written once.

use anyhow::Context;
use chrono::{DateTime, TimeZone, Utc};

use super::Db;
use crate::on_backend;

/// A snapshot as stored: its content as written, and who took it when.
#[derive(Debug, Clone)]
pub struct SnapshotRow {
    pub content: String,
    pub content_hash: String,
    pub taken_at: DateTime<Utc>,
    pub taken_by: String,
}

/// What a new snapshot rests on.
#[derive(Debug, Clone)]
pub struct NewSnapshot<'a> {
    pub year: i32,
    pub as_of: &'a str,
    pub position: i64,
    pub head_hash: &'a str,
    pub content: &'a str,
    pub content_hash: &'a str,
    pub taken_at: DateTime<Utc>,
    pub taken_by: &'a str,
}

/// Stores a snapshot unless the year has one; true when this one was stored.
pub async fn insert(db: &Db, s: NewSnapshot<'_>) -> anyhow::Result<bool> {
    let sql = "INSERT INTO year_snapshots (year, as_of, position, head_hash, content, content_hash, taken_at, taken_by) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (year) DO NOTHING";
    on_backend!(db, p => sqlx::query(sql)
        .bind(s.year)
        .bind(s.as_of)
        .bind(s.position)
        .bind(s.head_hash)
        .bind(s.content)
        .bind(s.content_hash)
        .bind(s.taken_at.timestamp_millis())
        .bind(s.taken_by)
        .execute(p)
        .await
        .map(|r| r.rows_affected() == 1))
    .context("while storing a snapshot")
}

/// The stored snapshot of `year`.
pub async fn load(db: &Db, year: i32) -> anyhow::Result<Option<SnapshotRow>> {
    let sql =
        "SELECT content, content_hash, taken_at, taken_by FROM year_snapshots WHERE year = $1";
    let row: Option<(String, String, i64, String)> =
        on_backend!(db, p => sqlx::query_as(sql).bind(year).fetch_optional(p).await)
            .context("while reading a snapshot")?;
    Ok(
        row.map(|(content, content_hash, taken_at, taken_by)| SnapshotRow {
            content,
            content_hash,
            taken_at: Utc
                .timestamp_millis_opt(taken_at)
                .single()
                .unwrap_or_default(),
            taken_by,
        }),
    )
}

/// The years that have a snapshot.
pub async fn years(db: &Db) -> anyhow::Result<Vec<i32>> {
    let sql = "SELECT year FROM year_snapshots ORDER BY year";
    on_backend!(db, p => sqlx::query_scalar(sql).fetch_all(p).await)
        .context("while listing snapshots")
}
