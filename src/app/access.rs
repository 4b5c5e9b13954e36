//! Who may use suivi over HTTP: users with a role, API tokens, web sessions.
//! Passwords are kept as Argon2 hashes; tokens and session ids, long random
//! strings, as SHA-256 hashes.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sha2::{Digest, Sha256};

use super::refusals::unknown_code;
use super::{App, AppError};
use crate::domain::access::{Action, Actor, Role, User};
use crate::domain::types::StructureCode;
use crate::store::users::{self, UserRow};
use crate::text;

/// How long a web session lasts.
pub const SESSION_HOURS: i64 = 12;

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

/// A user to add, as given.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub name: &'a str,
    pub role: &'a str,
    /// The structure of a focal point (`structure` role only).
    pub structure: Option<&'a str>,
    pub password: &'a str,
}

impl App {
    /// Adds a user. A focal point needs a known structure; others none.
    pub async fn add_user(&self, new: NewUser<'_>, who: &Actor) -> Result<User, AppError> {
        self.require(who, Action::Audit)?;
        let name = new.name.trim();
        if name.is_empty() || name.chars().count() > 64 {
            return Err(AppError::bad_field("name", text!("user-name-invalid")));
        }
        if new.password.chars().count() < 10 {
            return Err(AppError::bad_field("password", text!("password-too-short")));
        }
        let role: Role = new.role.parse().map_err(|e| unknown_code("role", &e))?;
        let structure = match (role, new.structure) {
            (Role::Structure, Some(s)) => Some(
                StructureCode::parse(s)
                    .ok()
                    .filter(|c| self.directory.get(c).is_some())
                    .ok_or_else(|| {
                        AppError::bad_field(
                            "structure",
                            text!(
                                "structure-unknown",
                                code = s,
                                known = self.directory.known_codes()
                            ),
                        )
                    })?,
            ),
            (Role::Structure, None) => {
                return Err(AppError::bad_field(
                    "structure",
                    text!("user-structure-required"),
                ))
            }
            (_, Some(_)) => {
                return Err(AppError::bad_field(
                    "structure",
                    text!("user-structure-forbidden"),
                ))
            }
            (_, None) => None,
        };
        let user = User {
            name: name.to_string(),
            role,
            structure,
        };
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        let hash = Argon2::default()
            .hash_password(new.password.as_bytes(), &salt)
            .map_err(|e| anyhow::anyhow!("while hashing a password: {e}"))?
            .to_string();
        if !users::insert(&self.db, &user, &hash, self.now()).await? {
            return Err(AppError::bad_field(
                "name",
                text!("user-exists", name = name),
            ));
        }
        Ok(user)
    }

    pub async fn users(&self, who: &Actor) -> Result<Vec<UserRow>, AppError> {
        self.require(who, Action::Audit)?;
        Ok(users::list(&self.db).await?)
    }

    /// Disables a user: their tokens and sessions stop working.
    pub async fn disable_user(&self, name: &str, who: &Actor) -> Result<(), AppError> {
        self.require(who, Action::Audit)?;
        if users::disable(&self.db, name).await? {
            Ok(())
        } else {
            Err(AppError::NotFound(text!("user-unknown", name = name)))
        }
    }

    /// Creates an API token for a user: returns its id and the token, which
    /// is shown once and stored hashed.
    pub async fn create_token(
        &self,
        user: &str,
        label: Option<&str>,
        who: &Actor,
    ) -> Result<(String, String), AppError> {
        self.require(who, Action::Audit)?;
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
        users::insert_token(&self.db, &id, user, &sha256(&token), label, self.now()).await?;
        Ok((id, token))
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
        Ok(users::by_token_hash(&self.db, &sha256(token)).await?)
    }

    /// Checks a password and opens a web session: returns the session id
    /// (for the cookie) and the user. `None` for a wrong name or password.
    pub async fn log_in(
        &self,
        name: &str,
        password: &str,
    ) -> Result<Option<(String, User)>, AppError> {
        let Some((user, hash)) = users::with_password(&self.db, name.trim()).await? else {
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
        let (id, csrf) = (secret(), secret());
        let expires = self.now() + chrono::Duration::hours(SESSION_HOURS);
        users::insert_session(&self.db, &sha256(&id), &user.name, &csrf, expires).await?;
        Ok(Some((id, user)))
    }

    /// The user and CSRF token of a live web session.
    pub async fn session(&self, id: &str) -> Result<Option<(User, String)>, AppError> {
        Ok(users::session(&self.db, &sha256(id), self.now()).await?)
    }

    pub async fn log_out(&self, id: &str) -> Result<(), AppError> {
        Ok(users::delete_session(&self.db, &sha256(id)).await?)
    }
}
