//! The accounts in an exported log, when asked for: each user with its
//! password's hash, and each token with its hash and scope. Sessions and
//! one-time links are not carried: they are short-lived.

use std::io::Write;

use anyhow::Context;

use super::{write_line, Record};
use crate::on_backend;
use crate::store::Db;

type UserTuple = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    i64,
);
type TokenTuple = (
    String,
    String,
    String,
    Option<String>,
    String,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

/// Writes every user, then every token; returns how many of each.
pub(super) async fn export(db: &Db, out: &mut dyn Write) -> anyhow::Result<(i64, i64)> {
    let sql = "SELECT name, role, structure, email, password_hash, CAST(disabled AS bigint), \
               created_at FROM users ORDER BY name";
    let users: Vec<UserTuple> = on_backend!(db, p => sqlx::query_as(sql).fetch_all(p).await)
        .context("while reading the accounts")?;
    for (name, role, structure, email, password_hash, disabled, created_at) in &users {
        write_line(
            out,
            &Record::User {
                name: name.clone(),
                role: role.clone(),
                structure: structure.clone(),
                email: email.clone(),
                password_hash: password_hash.clone(),
                disabled: *disabled != 0,
                created_at: *created_at,
            },
        )?;
    }
    let sql = "SELECT id, user_name, token_hash, label, scope, created_at, expires_at, \
               revoked_at, last_used_at FROM api_tokens ORDER BY created_at, id";
    let tokens: Vec<TokenTuple> = on_backend!(db, p => sqlx::query_as(sql).fetch_all(p).await)
        .context("while reading the tokens")?;
    for (
        id,
        user_name,
        token_hash,
        label,
        scope,
        created_at,
        expires_at,
        revoked_at,
        last_used_at,
    ) in &tokens
    {
        write_line(
            out,
            &Record::Token {
                id: id.clone(),
                user_name: user_name.clone(),
                token_hash: token_hash.clone(),
                label: label.clone(),
                scope: scope.clone(),
                created_at: *created_at,
                expires_at: *expires_at,
                revoked_at: *revoked_at,
                last_used_at: *last_used_at,
            },
        )?;
    }
    Ok((users.len() as i64, tokens.len() as i64))
}
