//! Users, API tokens and web sessions as rows. Only hashes of secrets are
//! stored (the application hashes them): what is stored never lets anyone
//! log in.

use anyhow::Context;
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Db;
use crate::domain::access::{Role, User};
use crate::domain::types::{Code, StructureCode};
use crate::on_backend;

/// A user as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct UserRow {
    pub name: String,
    #[schema(value_type = String)]
    pub role: Role,
    pub structure: Option<String>,
    pub disabled: bool,
}

fn to_user(name: String, role: String, structure: Option<String>) -> Option<User> {
    Some(User {
        name,
        role: role.parse().ok()?,
        structure: structure.and_then(|s| StructureCode::parse(&s).ok()),
    })
}

/// Adds a user; false when the name is taken.
pub async fn insert(
    db: &Db,
    user: &User,
    password_hash: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let sql = "INSERT INTO users (name, role, structure, password_hash, created_at) \
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING";
    let structure = user.structure.as_ref().map(|s| s.to_string());
    let n = on_backend!(db, p => sqlx::query(sql)
        .bind(&user.name)
        .bind(user.role.code())
        .bind(&structure)
        .bind(password_hash)
        .bind(now.timestamp_millis())
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
    .context("while adding a user")?;
    Ok(n == 1)
}

pub async fn list(db: &Db) -> anyhow::Result<Vec<UserRow>> {
    let sql = "SELECT name, role, structure, disabled FROM users ORDER BY name";
    let rows: Vec<(String, String, Option<String>, i32)> =
        on_backend!(db, p => sqlx::query_as(sql).fetch_all(p).await)
            .context("while listing users")?;
    rows.into_iter()
        .map(|(name, role, structure, disabled)| {
            Ok(UserRow {
                role: role
                    .parse()
                    .map_err(|e| anyhow::anyhow!("stored role of {name}: {e}"))?,
                name,
                structure,
                disabled: disabled != 0,
            })
        })
        .collect()
}

/// Disables a user and closes their sessions; false when unknown.
pub async fn disable(db: &Db, name: &str) -> anyhow::Result<bool> {
    crate::on_backend!(db, p => {
        let mut tx = p.begin().await?;
        let n = sqlx::query("UPDATE users SET disabled = 1 WHERE name = $1")
            .bind(name)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query("DELETE FROM web_sessions WHERE user_name = $1")
            .bind(name)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok::<bool, sqlx::Error>(n == 1)
    })
    .context("while disabling a user")
}

pub use crate::domain::access::TokenScope;

/// A token to store (its hash only).
#[derive(Debug, Clone)]
pub struct NewToken<'a> {
    pub id: &'a str,
    pub user: &'a str,
    pub token_hash: &'a str,
    pub label: Option<&'a str>,
    pub scope: TokenScope,
    pub expires_at: Option<DateTime<Utc>>,
}

pub async fn insert_token(db: &Db, t: &NewToken<'_>, now: DateTime<Utc>) -> anyhow::Result<()> {
    let sql =
        "INSERT INTO api_tokens (id, user_name, token_hash, label, created_at, scope, expires_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7)";
    on_backend!(db, p => sqlx::query(sql)
        .bind(t.id)
        .bind(t.user)
        .bind(t.token_hash)
        .bind(t.label)
        .bind(now.timestamp_millis())
        .bind(t.scope.code())
        .bind(t.expires_at.map(|e| e.timestamp_millis()))
        .execute(p)
        .await
        .map(|_| ()))
    .context("while creating a token")
}

/// A token as listed (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TokenRow {
    pub id: String,
    pub user: String,
    pub label: Option<String>,
    pub scope: TokenScope,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

type TokenTuple = (
    String,
    String,
    Option<String>,
    String,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

/// Every token, or a user's, newest first.
pub async fn list_tokens(db: &Db, user: Option<&str>) -> anyhow::Result<Vec<TokenRow>> {
    let sql =
        "SELECT id, user_name, label, scope, created_at, expires_at, last_used_at, revoked_at \
               FROM api_tokens WHERE ($1 = '' OR user_name = $1) ORDER BY created_at DESC, id";
    let rows: Vec<TokenTuple> = on_backend!(db, p => sqlx::query_as(sql)
        .bind(user.unwrap_or(""))
        .fetch_all(p)
        .await)
    .context("while listing tokens")?;
    let at = |ms: i64| DateTime::from_timestamp_millis(ms).unwrap_or_default();
    rows.into_iter()
        .map(
            |(id, user, label, scope, created, expires, used, revoked)| {
                Ok(TokenRow {
                    scope: scope
                        .parse()
                        .map_err(|e| anyhow::anyhow!("stored scope of token {id}: {e}"))?,
                    id,
                    user,
                    label,
                    created_at: at(created),
                    expires_at: expires.map(at),
                    last_used_at: used.map(at),
                    revoked_at: revoked.map(at),
                })
            },
        )
        .collect()
}

/// Revokes a token; false when unknown or already revoked.
pub async fn revoke_token(db: &Db, id: &str, now: DateTime<Utc>) -> anyhow::Result<bool> {
    let sql = "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL";
    let n = on_backend!(db, p => sqlx::query(sql)
        .bind(now.timestamp_millis())
        .bind(id)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
    .context("while revoking a token")?;
    Ok(n == 1)
}

/// The enabled user of a live token of `scope` (not revoked, not expired at
/// `now`), noting when it was used (to the minute).
pub async fn by_token_hash(
    db: &Db,
    token_hash: &str,
    scope: TokenScope,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<User>> {
    let sql = "SELECT u.name, u.role, u.structure, t.last_used_at FROM api_tokens t \
               JOIN users u ON u.name = t.user_name \
               WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled = 0 AND t.scope = $2 \
               AND (t.expires_at IS NULL OR t.expires_at > $3)";
    let used = "UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2";
    let now = now.timestamp_millis();
    let row: Option<(String, String, Option<String>, Option<i64>)> = on_backend!(db, p => {
        let row: Option<(String, String, Option<String>, Option<i64>)> = sqlx::query_as(sql)
            .bind(token_hash)
            .bind(scope.code())
            .bind(now)
            .fetch_optional(p)
            .await?;
        // Written at most once a minute: a request does not take the write lock.
        let stale = row
            .as_ref()
            .is_some_and(|r| r.3.is_none_or(|t| t < now - 60_000));
        if stale {
            // Noting the use must not refuse the token (a busy SQLite, say).
            if let Err(e) = sqlx::query(used).bind(now).bind(token_hash).execute(p).await {
                tracing::warn!(error = %e, "the last use of a token was not noted");
            }
        }
        Ok::<_, sqlx::Error>(row)
    })
    .context("while checking a token")?;
    Ok(row.and_then(|(n, r, s, _)| to_user(n, r, s)))
}

/// Deletes the web sessions expired at `now`; returns how many.
pub async fn purge_sessions(db: &Db, now: DateTime<Utc>) -> anyhow::Result<u64> {
    on_backend!(db, p => sqlx::query("DELETE FROM web_sessions WHERE expires_at <= $1")
        .bind(now.timestamp_millis())
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
    .context("while purging expired sessions")
}

/// An enabled user and their password hash.
pub async fn with_password(db: &Db, name: &str) -> anyhow::Result<Option<(User, String)>> {
    let sql =
        "SELECT name, role, structure, password_hash FROM users WHERE name = $1 AND disabled = 0";
    let row: Option<(String, String, Option<String>, Option<String>)> =
        on_backend!(db, p => sqlx::query_as(sql).bind(name).fetch_optional(p).await)
            .context("while checking a password")?;
    Ok(row.and_then(|(n, r, s, hash)| Some((to_user(n, r, s)?, hash?))))
}

pub async fn insert_session(
    db: &Db,
    id_hash: &str,
    user: &str,
    csrf: &str,
    expires: DateTime<Utc>,
) -> anyhow::Result<()> {
    let sql =
        "INSERT INTO web_sessions (id_hash, user_name, csrf, expires_at) VALUES ($1, $2, $3, $4)";
    on_backend!(db, p => sqlx::query(sql)
        .bind(id_hash)
        .bind(user)
        .bind(csrf)
        .bind(expires.timestamp_millis())
        .execute(p)
        .await
        .map(|_| ()))
    .context("while opening a session")
}

/// The user and CSRF token of a live session.
pub async fn session(
    db: &Db,
    id_hash: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<(User, String)>> {
    let sql = "SELECT u.name, u.role, u.structure, s.csrf FROM web_sessions s JOIN users u ON u.name = s.user_name \
               WHERE s.id_hash = $1 AND s.expires_at > $2 AND u.disabled = 0";
    let row: Option<(String, String, Option<String>, String)> =
        on_backend!(db, p => sqlx::query_as(sql)
        .bind(id_hash)
        .bind(now.timestamp_millis())
        .fetch_optional(p)
        .await)
        .context("while reading a session")?;
    Ok(row.and_then(|(n, r, s, csrf)| to_user(n, r, s).map(|u| (u, csrf))))
}

pub async fn delete_session(db: &Db, id_hash: &str) -> anyhow::Result<()> {
    on_backend!(db, p => sqlx::query("DELETE FROM web_sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(p)
        .await
        .map(|_| ()))
    .context("while closing a session")
}
