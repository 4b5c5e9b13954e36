//! Files uploaded to be imported, kept between their preview and its
//! confirmation: at most [`KEPT_MINUTES`], keyed by who uploaded them and
//! the SHA-256 of their bytes.

use anyhow::Context;
use chrono::{DateTime, Utc};

use super::Db;
use crate::on_backend;

/// How long an upload is kept.
pub const KEPT_MINUTES: i64 = 60;

/// Keeps `content` for `user` under `sha256`, and forgets uploads older
/// than [`KEPT_MINUTES`].
pub async fn keep(
    db: &Db,
    user: &str,
    sha256: &str,
    file_name: &str,
    content: &[u8],
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let expired = (now - chrono::Duration::minutes(KEPT_MINUTES)).timestamp_millis();
    on_backend!(db, p => {
        let mut tx = p.begin().await?;
        sqlx::query("DELETE FROM uploads WHERE uploaded_at < $1")
            .bind(expired)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO uploads (user_name, sha256, file_name, content, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_name, sha256) \
             DO UPDATE SET file_name = excluded.file_name, uploaded_at = excluded.uploaded_at",
        )
        .bind(user)
        .bind(sha256)
        .bind(file_name)
        .bind(content)
        .bind(now.timestamp_millis())
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    })
    .context("while keeping an upload")
}

/// The name and bytes `user` uploaded under `sha256`, if kept and not
/// older than [`KEPT_MINUTES`].
pub async fn find(
    db: &Db,
    user: &str,
    sha256: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<(String, Vec<u8>)>> {
    let expired = (now - chrono::Duration::minutes(KEPT_MINUTES)).timestamp_millis();
    let sql = "SELECT file_name, content FROM uploads \
               WHERE user_name = $1 AND sha256 = $2 AND uploaded_at >= $3";
    on_backend!(db, p => sqlx::query_as(sql)
        .bind(user)
        .bind(sha256)
        .bind(expired)
        .fetch_optional(p)
        .await)
    .context("while reading an upload")
}

/// Forgets what `user` uploaded under `sha256` (once imported).
pub async fn forget(db: &Db, user: &str, sha256: &str) -> anyhow::Result<()> {
    on_backend!(db, p => sqlx::query("DELETE FROM uploads WHERE user_name = $1 AND sha256 = $2")
        .bind(user)
        .bind(sha256)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
    .context("while forgetting an upload")?;
    Ok(())
}
