//! Who may use suivi over HTTP: users with a role, API tokens, web sessions.
//! Passwords are kept as Argon2 hashes; tokens and session ids, long random
//! strings, as SHA-256 hashes.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sha2::{Digest, Sha256};

use super::refusals::unknown_code;
use super::{App, AppError};
use crate::domain::access::{Action, Actor, User};
use crate::store::users::{self, NewToken, TokenRow, TokenScope, UserRow};
use crate::text;

/// How long a web session lasts.
pub const SESSION_HOURS: i64 = 12;

pub(super) fn sha256(s: &str) -> String {
    format!("{:x}", Sha256::digest(s.as_bytes()))
}

/// A random secret of 64 hexadecimal digits (two v4 UUIDs: 244 random bits).
pub(super) fn secret() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// The hash a password is checked against when the user name is unknown,
/// so that an unknown name costs the same time as a known one.
pub(super) fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        Argon2::default()
            .hash_password(secret().as_bytes(), &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

/// The Argon2 hash of a new password of at least 10 characters, computed
/// off the threads that serve requests.
pub(super) async fn hash_password(password: &str) -> Result<String, AppError> {
    if password.chars().count() < 10 {
        return Err(AppError::bad_field("password", text!("password-too-short")));
    }
    let password = password.to_string();
    let hash = tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("while hashing a password: {e}"))
    })
    .await
    .map_err(|e| anyhow::anyhow!("while hashing a password: {e}"))??;
    Ok(hash)
}

/// Whether `password` is the one `hash` was made from (Argon2 is made to be
/// slow: off the threads that serve requests).
pub(super) async fn password_matches(password: &str, hash: &str) -> Result<bool, AppError> {
    password_matches_within(password, hash, None).await
}

/// As [`password_matches`], holding `permit` (of the bound on password
/// checks) until the check itself is over, even when the request that
/// asked for it is gone.
pub(super) async fn password_matches_within(
    password: &str,
    hash: &str,
    permit: Option<tokio::sync::OwnedSemaphorePermit>,
) -> Result<bool, AppError> {
    let (password, hash) = (password.to_string(), hash.to_string());
    Ok(tokio::task::spawn_blocking(move || {
        let _permit = permit;
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .map_err(|e| anyhow::anyhow!("stored password hash: {e}"))
    })
    .await
    .map_err(|e| anyhow::anyhow!("while checking a password: {e}"))??)
}

/// A user to add, as given.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub name: &'a str,
    pub role: &'a str,
    /// The structure of a focal point (`structure` role only).
    pub structure: Option<&'a str>,
    /// Where the account's messages go (invitations, password links).
    pub email: Option<&'a str>,
    pub password: &'a str,
}

impl App {
    /// Adds a user with a password (the operator's `user add`); the
    /// account is opened in the audited history. A focal point needs a
    /// known structure; others none.
    pub async fn add_user(&self, new: NewUser<'_>, who: &Actor) -> Result<User, AppError> {
        self.require(who, Action::Audit)?;
        let name = super::accounts::valid_name(new.name)?;
        if new.password.chars().count() < 10 {
            return Err(AppError::bad_field("password", text!("password-too-short")));
        }
        let (role, structure) = self.account_fields(new.role, new.structure)?;
        let email = match new.email.map(str::trim).filter(|e| !e.is_empty()) {
            Some(e) if crate::mail::deliverable(e) => Some(e.to_string()),
            Some(e) => {
                return Err(AppError::bad_field(
                    "email",
                    text!("email-invalid", address = e),
                ))
            }
            None => None,
        };
        let user = User {
            name: name.to_string(),
            role,
            structure,
        };
        if users::get(&self.db, name).await?.is_some() {
            return Err(AppError::bad_field(
                "name",
                text!("user-exists", name = name),
            ));
        }
        let hash = hash_password(new.password).await?;
        self.open_account(&user, email, hash, who).await?;
        Ok(user)
    }

    pub async fn users(&self, who: &Actor) -> Result<Vec<UserRow>, AppError> {
        self.require(who, Action::Audit)?;
        Ok(users::list(&self.db).await?)
    }

    /// Disables a user: their tokens and sessions stop working.
    pub async fn disable_user(&self, name: &str, who: &Actor) -> Result<(), AppError> {
        self.set_account_enabled(name, false, who).await
    }

    /// Creates a token for a user: returns its id and the token, which is
    /// shown once and stored hashed. A `feed` token only reads the user's
    /// iCalendar feeds; a token may expire.
    pub async fn create_token(
        &self,
        user: &str,
        label: Option<&str>,
        scope: &str,
        expires_at: Option<chrono::DateTime<chrono::Utc>>,
        who: &Actor,
    ) -> Result<(String, String), AppError> {
        self.require(who, Action::Audit)?;
        self.issue_token(user, label, scope, expires_at).await
    }

    /// Creates a token for the caller themself (a focal point's calendar
    /// feed, say): shown once, stored hashed, with the caller's rights.
    pub async fn create_own_token(
        &self,
        label: Option<&str>,
        scope: &str,
        who: &Actor,
    ) -> Result<(String, String), AppError> {
        self.issue_token(&who.user.name, label, scope, None).await
    }

    async fn issue_token(
        &self,
        user: &str,
        label: Option<&str>,
        scope: &str,
        expires_at: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<(String, String), AppError> {
        let scope: TokenScope = scope.parse().map_err(|e| unknown_code("scope", &e))?;
        super::refusals::bounded("label", label)?;
        if expires_at.is_some_and(|e| e <= self.now()) {
            return Err(AppError::bad_field("expires", text!("token-expiry-past")));
        }
        let known = users::list(&self.db)
            .await?
            .iter()
            .any(|u| u.name == user && !u.disabled);
        if !known {
            return Err(AppError::NotFound(text!(
                "user-unknown-or-disabled",
                name = user
            )));
        }
        let id = uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
        let token = format!("suivi_{}", secret());
        let new = NewToken {
            id: &id,
            user,
            token_hash: &sha256(&token),
            label,
            scope,
            expires_at,
        };
        users::insert_token(&self.db, &new, self.now()).await?;
        Ok((id, token))
    }

    /// The tokens (never their secrets): scope, expiry, last use.
    pub async fn tokens(
        &self,
        user: Option<&str>,
        who: &Actor,
    ) -> Result<Vec<TokenInfo>, AppError> {
        self.require(who, Action::Audit)?;
        Ok(users::list_tokens(&self.db, user)
            .await?
            .into_iter()
            .map(TokenInfo::from)
            .collect())
    }

    /// Deletes the expired web sessions; returns how many.
    pub async fn purge_expired_sessions(&self) -> Result<u64, AppError> {
        Ok(users::purge_sessions(&self.db, self.now()).await?)
    }

    pub async fn revoke_token(&self, id: &str, who: &Actor) -> Result<(), AppError> {
        self.require(who, Action::Audit)?;
        if users::revoke_token(&self.db, id, self.now()).await? {
            Ok(())
        } else {
            Err(AppError::NotFound(text!("token-unknown", id = id)))
        }
    }

    /// The user of a live API token.
    pub async fn user_by_token(&self, token: &str) -> Result<Option<User>, AppError> {
        Ok(users::by_token_hash(&self.db, &sha256(token), TokenScope::Api, self.now()).await?)
    }

    /// The user of a live feed token: it reads iCalendar feeds, nothing else.
    pub async fn user_by_feed_token(&self, token: &str) -> Result<Option<User>, AppError> {
        Ok(users::by_token_hash(&self.db, &sha256(token), TokenScope::Feed, self.now()).await?)
    }

    /// The user and CSRF token of a live web session.
    pub async fn session(&self, id: &str) -> Result<Option<(User, String)>, AppError> {
        Ok(users::session(&self.db, &sha256(id), self.now()).await?)
    }

    pub async fn log_out(&self, id: &str) -> Result<(), AppError> {
        Ok(users::delete_session(&self.db, &sha256(id)).await?)
    }
}

/// A token as the director sees it: whose, what for, until when, and when
/// it was last used; never its secret.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct TokenInfo {
    pub id: String,
    pub user: String,
    pub label: Option<String>,
    pub scope: TokenScope,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<TokenRow> for TokenInfo {
    fn from(t: TokenRow) -> Self {
        TokenInfo {
            id: t.id,
            user: t.user,
            label: t.label,
            scope: t.scope,
            created_at: t.created_at,
            expires_at: t.expires_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_name_is_checked_against_a_hash_of_the_same_cost() {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        let real = Argon2::default()
            .hash_password(b"un mot de passe", &salt)
            .unwrap()
            .to_string();
        let real = PasswordHash::new(&real).unwrap();
        let dummy = PasswordHash::new(dummy_hash()).unwrap();
        assert_eq!(dummy.algorithm, real.algorithm);
        assert_eq!(dummy.version, real.version);
        assert_eq!(
            dummy.params, real.params,
            "same memory, time and parallelism"
        );
        assert!(Argon2::default()
            .verify_password(b"un mot de passe", &dummy)
            .is_err());
    }
}
