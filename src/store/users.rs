//! Users, API tokens and web sessions as rows. Only hashes of secrets are
//! stored (the application hashes them): what is stored never lets anyone
//! log in.
//!
//! (Over 400 lines: the users, tokens, sessions and account links are one set
//! of tables, written together.)

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

/// An enabled user and their password's hash, by name whatever its case
/// (the exact spelling first).
pub async fn with_password(db: &Db, name: &str) -> anyhow::Result<Option<(User, String)>> {
    let sql = "SELECT name, role, structure, password_hash FROM users \
               WHERE lower(name) = lower($1) AND disabled = 0 ORDER BY name = $1 DESC LIMIT 1";
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

/// A users-table row as an account's events leave it.
#[derive(Debug, Clone)]
pub struct AccountRow {
    pub name: String,
    pub role: Role,
    pub structure: Option<StructureCode>,
    pub email: Option<String>,
    pub disabled: bool,
}

/// A one-time link to choose a password.
#[derive(Debug, Clone)]
pub struct NewLink {
    pub token_hash: String,
    pub user: String,
    /// `invitation` or `reset`.
    pub purpose: &'static str,
    pub expires_at: DateTime<Utc>,
}

/// What an account's events change beside them, in their transaction: the
/// users table, its links and sessions, and a message to queue.
#[derive(Debug, Clone, Default)]
pub struct AccountRows {
    /// The row to insert (a new account) or to update.
    pub row: Option<(AccountRow, bool)>,
    /// The password hash to store for a user.
    pub password: Option<(String, String)>,
    /// A link to issue; the user's earlier unused links expire with it.
    pub link: Option<NewLink>,
    /// A link to use, at a time: nothing is written unless it is unused,
    /// unexpired and the user's.
    pub use_link: Option<(String, String, DateTime<Utc>)>,
    /// Closes every session of this user, but the one whose hash is given.
    pub close_sessions: Option<(String, Option<String>)>,
    /// Expires every unused link of this user.
    pub expire_links: Option<String>,
    /// A message to queue.
    pub message: Option<super::outbox::NewMessage>,
}

macro_rules! account_rows_on {
    ($name:ident, $conn:ty, $queue:path) => {
        /// Writes `rows` within the caller's transaction; false (and
        /// nothing to commit) when the link to use is not valid.
        pub(crate) async fn $name(
            conn: &mut $conn,
            rows: &AccountRows,
            now: DateTime<Utc>,
        ) -> Result<bool, sqlx::Error> {
            if let Some((hash, user, at)) = &rows.use_link {
                let used = sqlx::query(
                    "UPDATE account_links SET used_at = $1 WHERE token_hash = $2 AND user_name = $3 \
                     AND used_at IS NULL AND expires_at > $1",
                )
                .bind(at.timestamp_millis())
                .bind(hash)
                .bind(user)
                .execute(&mut *conn)
                .await?
                .rows_affected();
                if used != 1 {
                    return Ok(false);
                }
            }
            if let Some((row, insert)) = &rows.row {
                let structure = row.structure.as_ref().map(|s| s.to_string());
                let sql = if *insert {
                    "INSERT INTO users (name, role, structure, email, disabled, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)"
                } else {
                    "UPDATE users SET role = $2, structure = $3, email = $4, disabled = $5 \
                     WHERE name = $1"
                };
                let query = sqlx::query(sql)
                    .bind(&row.name)
                    .bind(row.role.code())
                    .bind(&structure)
                    .bind(&row.email)
                    .bind(i32::from(row.disabled));
                let query = if *insert {
                    query.bind(now.timestamp_millis())
                } else {
                    query
                };
                query.execute(&mut *conn).await?;
            }
            if let Some((user, hash)) = &rows.password {
                sqlx::query("UPDATE users SET password_hash = $1 WHERE name = $2")
                    .bind(hash)
                    .bind(user)
                    .execute(&mut *conn)
                    .await?;
            }
            if let Some(link) = &rows.link {
                sqlx::query(
                    "UPDATE account_links SET expires_at = $1 WHERE user_name = $2 AND used_at IS NULL \
                     AND expires_at > $1",
                )
                .bind(now.timestamp_millis())
                .bind(&link.user)
                .execute(&mut *conn)
                .await?;
                sqlx::query(
                    "INSERT INTO account_links (token_hash, user_name, purpose, expires_at) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(&link.token_hash)
                .bind(&link.user)
                .bind(link.purpose)
                .bind(link.expires_at.timestamp_millis())
                .execute(&mut *conn)
                .await?;
            }
            if let Some((user, keep)) = &rows.close_sessions {
                sqlx::query("DELETE FROM web_sessions WHERE user_name = $1 AND id_hash <> $2")
                    .bind(user)
                    .bind(keep.as_deref().unwrap_or(""))
                    .execute(&mut *conn)
                    .await?;
            }
            if let Some(user) = &rows.expire_links {
                sqlx::query(
                    "UPDATE account_links SET expires_at = $1 WHERE user_name = $2 AND used_at IS NULL \
                     AND expires_at > $1",
                )
                .bind(now.timestamp_millis())
                .bind(user)
                .execute(&mut *conn)
                .await?;
            }
            if let Some(message) = &rows.message {
                $queue(&mut *conn, message, now).await?;
            }
            Ok(true)
        }
    };
}
account_rows_on!(
    account_rows_postgres,
    sqlx::PgConnection,
    super::outbox::queue_postgres
);
account_rows_on!(
    account_rows_sqlite,
    sqlx::SqliteConnection,
    super::outbox::queue_sqlite
);

/// The user a valid link (by its hash) lets choose a password, and why.
pub async fn link_user(
    db: &Db,
    token_hash: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<(String, String)>> {
    let sql = "SELECT l.user_name, l.purpose FROM account_links l JOIN users u ON u.name = l.user_name \
               WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2 AND u.disabled = 0";
    on_backend!(db, p => sqlx::query_as(sql)
        .bind(token_hash)
        .bind(now.timestamp_millis())
        .fetch_optional(p)
        .await)
    .context("while reading a link")
}

/// A users-table row with its e-mail address and whether it has a password.
type AccountRead = (String, String, Option<String>, i32, Option<String>, bool);

const ACCOUNT_COLUMNS: &str =
    "SELECT name, role, structure, disabled, email, password_hash IS NOT NULL FROM users";

fn account_read(
    (name, role, structure, disabled, email, has_password): AccountRead,
) -> anyhow::Result<(UserRow, Option<String>, bool)> {
    Ok((
        UserRow {
            role: role
                .parse()
                .map_err(|e| anyhow::anyhow!("stored role of {name}: {e}"))?,
            name,
            structure,
            disabled: disabled != 0,
        },
        email,
        has_password,
    ))
}

/// A user's row, enabled or not, with its e-mail and whether it has a password.
pub async fn get(db: &Db, name: &str) -> anyhow::Result<Option<(UserRow, Option<String>, bool)>> {
    let sql = format!("{ACCOUNT_COLUMNS} WHERE name = $1");
    let row: Option<AccountRead> =
        on_backend!(db, p => sqlx::query_as(&sql).bind(name).fetch_optional(p).await)
            .context("while reading a user")?;
    row.map(account_read).transpose()
}

/// Every user with their e-mail address and whether they have a password,
/// in one query.
pub async fn list_accounts(db: &Db) -> anyhow::Result<Vec<(UserRow, Option<String>, bool)>> {
    let sql = format!("{ACCOUNT_COLUMNS} ORDER BY name");
    let rows: Vec<AccountRead> = on_backend!(db, p => sqlx::query_as(&sql).fetch_all(p).await)
        .context("while listing users")?;
    rows.into_iter().map(account_read).collect()
}

/// The secret `name` shared by the instances of this database, made at its
/// first use from `fresh` (random bytes, hex).
pub async fn server_key(db: &Db, name: &str, fresh: &str) -> anyhow::Result<String> {
    let insert = "INSERT INTO server_keys (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING";
    on_backend!(db, p => sqlx::query(insert).bind(name).bind(fresh).execute(p).await.map(|_| ()))
        .context("while keeping a server key")?;
    let select = "SELECT value FROM server_keys WHERE name = $1";
    let value: String =
        on_backend!(db, p => sqlx::query_scalar(select).bind(name).fetch_one(p).await)
            .context("while reading a server key")?;
    Ok(value)
}
