//! Users, API tokens and web sessions, in the database. Passwords are kept as
//! Argon2 hashes; tokens and session ids, long random strings, as SHA-256
//! hashes: what is stored never lets anyone log in.

use anyhow::Context;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::app::{AppError, Message};
use crate::config::structures::Directory;
use crate::domain::access::{Role, User};
use crate::domain::types::StructureCode;
use crate::on_backend;
use crate::store::Db;

fn sha256(s: &str) -> String {
    format!("{:x}", Sha256::digest(s.as_bytes()))
}

/// A random secret of 64 hexadecimal digits (two v4 UUIDs: 244 random bits).
fn secret() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

fn bad(fr: String, en: String) -> AppError {
    AppError::BadInput(Message::new(fr, en))
}

/// A user as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserRow {
    pub name: String,
    pub role: String,
    pub structure: Option<String>,
    pub disabled: bool,
}

/// Adds a user. A focal point (`structure` role) needs a known structure.
pub async fn add(
    db: &Db,
    directory: &Directory,
    name: &str,
    role: Role,
    structure: Option<&str>,
    password: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let name = name.trim();
    if name.is_empty() || name.len() > 64 {
        return Err(bad(
            "nom d'utilisateur vide ou trop long (64 caractères au plus)".into(),
            "empty or too long user name (64 characters at most)".into(),
        ));
    }
    if password.chars().count() < 10 {
        return Err(bad(
            "mot de passe trop court : 10 caractères au moins".into(),
            "password too short: at least 10 characters".into(),
        ));
    }
    let structure = match (role, structure) {
        (Role::Structure, Some(s)) => {
            let code = StructureCode::parse(s)
                .ok()
                .filter(|c| directory.get(c).is_some())
                .ok_or_else(|| {
                    bad(
                        format!(
                            "structure « {s} » inconnue ; structures connues : {}",
                            directory.known_codes()
                        ),
                        format!(
                            "unknown structure \"{s}\"; known structures: {}",
                            directory.known_codes()
                        ),
                    )
                })?;
            Some(code.to_string())
        }
        (Role::Structure, None) => {
            return Err(bad(
                "un point focal (rôle structure) a besoin de --structure CODE".into(),
                "a focal point (structure role) needs --structure CODE".into(),
            ))
        }
        (_, Some(_)) => {
            return Err(bad(
                "--structure ne vaut que pour le rôle structure".into(),
                "--structure only applies to the structure role".into(),
            ))
        }
        (_, None) => None,
    };
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    let hash = Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("while hashing a password: {e}")))?
        .to_string();
    let sql = "INSERT INTO users (name, role, structure, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING";
    let n = on_backend!(db, p => sqlx::query(sql).bind(name).bind(role.code()).bind(&structure).bind(&hash).bind(now.timestamp_millis()).execute(p).await.map(|r| r.rows_affected()))
        .context("while adding a user")?;
    if n == 0 {
        return Err(bad(
            format!("l'utilisateur « {name} » existe déjà"),
            format!("user \"{name}\" already exists"),
        ));
    }
    Ok(())
}

pub async fn list(db: &Db) -> anyhow::Result<Vec<UserRow>> {
    let sql = "SELECT name, role, structure, disabled FROM users ORDER BY name";
    let rows: Vec<(String, String, Option<String>, i32)> =
        on_backend!(db, p => sqlx::query_as(sql).fetch_all(p).await)
            .context("while listing users")?;
    Ok(rows
        .into_iter()
        .map(|(name, role, structure, disabled)| UserRow {
            name,
            role,
            structure,
            disabled: disabled != 0,
        })
        .collect())
}

/// Disables a user: their tokens and sessions stop working.
pub async fn disable(db: &Db, name: &str) -> Result<(), AppError> {
    let n = on_backend!(db, p => sqlx::query("UPDATE users SET disabled = 1 WHERE name = $1").bind(name).execute(p).await.map(|r| r.rows_affected()))
        .context("while disabling a user")?;
    if n == 0 {
        return Err(bad(
            format!("utilisateur « {name} » inconnu"),
            format!("unknown user \"{name}\""),
        ));
    }
    on_backend!(db, p => sqlx::query("DELETE FROM web_sessions WHERE user_name = $1").bind(name).execute(p).await.map(|_| ()))
        .context("while closing the user's sessions")?;
    Ok(())
}

/// Creates an API token for a user; the token is returned once and stored hashed.
pub async fn create_token(
    db: &Db,
    user: &str,
    label: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(String, String), AppError> {
    if !list(db)
        .await?
        .iter()
        .any(|u| u.name == user && !u.disabled)
    {
        return Err(bad(
            format!("utilisateur « {user} » inconnu ou désactivé"),
            format!("unknown or disabled user \"{user}\""),
        ));
    }
    let id = uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
    let token = format!("suivi_{}", secret());
    let sql = "INSERT INTO api_tokens (id, user_name, token_hash, label, created_at) VALUES ($1, $2, $3, $4, $5)";
    on_backend!(db, p => sqlx::query(sql).bind(&id).bind(user).bind(sha256(&token)).bind(label).bind(now.timestamp_millis()).execute(p).await.map(|_| ()))
        .context("while creating a token")?;
    Ok((id, token))
}

pub async fn revoke_token(db: &Db, id: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    let sql = "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL";
    let n = on_backend!(db, p => sqlx::query(sql).bind(now.timestamp_millis()).bind(id).execute(p).await.map(|r| r.rows_affected()))
        .context("while revoking a token")?;
    if n == 0 {
        return Err(bad(
            format!("jeton « {id} » inconnu ou déjà révoqué"),
            format!("unknown or already revoked token \"{id}\""),
        ));
    }
    Ok(())
}

fn to_user(name: String, role: String, structure: Option<String>) -> Option<User> {
    Some(User {
        name,
        role: Role::parse(&role)?,
        structure: structure.and_then(|s| StructureCode::parse(&s).ok()),
    })
}

/// The user of a valid API token.
pub async fn by_token(db: &Db, token: &str) -> anyhow::Result<Option<User>> {
    let sql = "SELECT u.name, u.role, u.structure FROM api_tokens t JOIN users u ON u.name = t.user_name \
               WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled = 0";
    let row: Option<(String, String, Option<String>)> =
        on_backend!(db, p => sqlx::query_as(sql).bind(sha256(token)).fetch_optional(p).await)
            .context("while checking a token")?;
    Ok(row.and_then(|(n, r, s)| to_user(n, r, s)))
}

/// The user whose password this is.
pub async fn by_password(db: &Db, name: &str, password: &str) -> anyhow::Result<Option<User>> {
    let sql =
        "SELECT name, role, structure, password_hash FROM users WHERE name = $1 AND disabled = 0";
    let row: Option<(String, String, Option<String>, Option<String>)> =
        on_backend!(db, p => sqlx::query_as(sql).bind(name).fetch_optional(p).await)
            .context("while checking a password")?;
    let Some((n, r, s, Some(hash))) = row else {
        return Ok(None);
    };
    let parsed =
        PasswordHash::new(&hash).map_err(|e| anyhow::anyhow!("stored password hash: {e}"))?;
    if Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_err()
    {
        return Ok(None);
    }
    Ok(to_user(n, r, s))
}

/// Opens a web session for `hours`; returns its id (for the cookie) and its CSRF token.
pub async fn open_session(
    db: &Db,
    user: &str,
    now: DateTime<Utc>,
    hours: i64,
) -> anyhow::Result<(String, String)> {
    let (id, csrf) = (secret(), secret());
    let sql =
        "INSERT INTO web_sessions (id_hash, user_name, csrf, expires_at) VALUES ($1, $2, $3, $4)";
    let expires = (now + chrono::Duration::hours(hours)).timestamp_millis();
    on_backend!(db, p => sqlx::query(sql).bind(sha256(&id)).bind(user).bind(&csrf).bind(expires).execute(p).await.map(|_| ()))
        .context("while opening a session")?;
    Ok((id, csrf))
}

/// The user and CSRF token of a live session.
pub async fn session(
    db: &Db,
    id: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<(User, String)>> {
    let sql = "SELECT u.name, u.role, u.structure, s.csrf FROM web_sessions s JOIN users u ON u.name = s.user_name \
               WHERE s.id_hash = $1 AND s.expires_at > $2 AND u.disabled = 0";
    let row: Option<(String, String, Option<String>, String)> =
        on_backend!(db, p => sqlx::query_as(sql).bind(sha256(id)).bind(now.timestamp_millis()).fetch_optional(p).await).context("while reading a session")?;
    Ok(row.and_then(|(n, r, s, csrf)| to_user(n, r, s).map(|u| (u, csrf))))
}

pub async fn close_session(db: &Db, id: &str) -> anyhow::Result<()> {
    on_backend!(db, p => sqlx::query("DELETE FROM web_sessions WHERE id_hash = $1").bind(sha256(id)).execute(p).await.map(|_| ()))
        .context("while closing a session")
}
