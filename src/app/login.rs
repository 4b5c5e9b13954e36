//! Logging in: a password checked under the bound on password checks,
//! failures slowed down (see `throttle`), never a lock-out, and the signed
//! device cookie (see `devices`) given at each success.

use std::net::IpAddr;

use super::access::{dummy_hash, password_matches_within, secret, sha256, SESSION_HOURS};
use super::devices::DeviceKey;
use super::throttle::Verdict;
use super::{App, AppError};
use crate::domain::access::{Action, Actor, User};
use crate::store::users;
use crate::text;

/// A successful login: the session id (for its cookie), the user, and the
/// device cookie's new value.
#[derive(Debug, Clone)]
pub struct LoggedIn {
    pub session: String,
    pub user: User,
    pub device: String,
}

impl App {
    /// Checks a password and opens a web session: returns the session id
    /// (for the cookie) and the user. As [`App::log_in_with`] without a
    /// device cookie.
    pub async fn log_in(
        &self,
        name: &str,
        password: &str,
        from: Option<IpAddr>,
    ) -> Result<Option<(String, User)>, AppError> {
        Ok(self
            .log_in_with(name, password, from, None)
            .await?
            .map(|l| (l.session, l.user)))
    }

    /// Checks a password, the name whatever its case, and opens a web
    /// session. `None` for a wrong name or password, which takes as long for
    /// an unknown name as for a known one. Failures slow the next attempts
    /// down (see `throttle`): from the same address they are refused for a
    /// while (429); for the name they wait, unless `device` is the name's
    /// device cookie. Beyond `[login] password_checks` checks at once, the
    /// attempt is refused at once ([`AppError::Busy`]).
    pub async fn log_in_with(
        &self,
        name: &str,
        password: &str,
        from: Option<IpAddr>,
        device: Option<&str>,
    ) -> Result<Option<LoggedIn>, AppError> {
        let name = name.trim();
        // No account has such a name: nothing to check, nothing to count.
        if super::accounts::valid_name(name).is_err() {
            return Ok(None);
        }
        let limits = self.settings.login;
        // The name's device cookie, when this browser carries it: a few
        // characters of its signature tell its failures apart.
        let key = self.device_key().await?;
        let device = device
            .filter(|d| {
                key.holder(d, self.now())
                    .is_some_and(|holder| holder.eq_ignore_ascii_case(name))
            })
            .map(|d| &d[d.len().saturating_sub(16)..]);
        // Counted as a failure before the check, so that attempts sent all
        // at once cannot slip past the delays; a success takes it back.
        match self.logins.attempt(name, from, device, &limits) {
            Verdict::Refused { seconds } => {
                let name = self.logged_name(name).await;
                tracing::warn!(name, from = ?from, seconds, "login refused: failures of this name from this address");
                return Err(AppError::TooManyAttempts(text!(
                    "login-too-many",
                    seconds = seconds
                )));
            }
            Verdict::Go { wait } if !wait.is_zero() => {
                let logged = self.logged_name(name).await;
                tracing::warn!(name = logged, from = ?from, wait_ms = wait.as_millis() as u64, "login delayed: failures of this name");
                tokio::time::sleep(wait).await;
            }
            Verdict::Go { .. } => {}
        }
        let Ok(permit) = self.password_checks.clone().try_acquire_owned() else {
            self.logins.not_checked(name, from, device);
            tracing::warn!(from = ?from, "login refused: every password check is taken");
            return Err(AppError::Busy(text!("login-busy")));
        };
        let found = users::with_password(&self.db, name).await?;
        let hash = match &found {
            Some((_, hash)) => hash.clone(),
            None => dummy_hash().to_string(),
        };
        let matches = password_matches_within(password, &hash, Some(permit)).await?;
        let user = match found {
            Some((user, _)) if matches => user,
            // The name is logged only when it is a user's: people type
            // passwords in the wrong field.
            Some((user, _)) => {
                tracing::warn!(name = %user.name, from = ?from, "failed login");
                return Ok(None);
            }
            None => {
                tracing::warn!(from = ?from, "failed login with an unknown name");
                return Ok(None);
            }
        };
        self.logins.succeeded(name, from, device);
        let (id, csrf) = (secret(), secret());
        let expires = self.now() + chrono::Duration::hours(SESSION_HOURS);
        users::insert_session(&self.db, &sha256(&id), &user.name, &csrf, expires).await?;
        let device = key.issue(
            &user.name,
            self.now() + chrono::Duration::days(super::devices::DEVICE_DAYS),
        );
        Ok(Some(LoggedIn {
            session: id,
            user,
            device,
        }))
    }

    /// A name as the log may show it: a user's, or « (unknown) » (people
    /// type passwords in the name field).
    async fn logged_name(&self, name: &str) -> String {
        match users::with_password(&self.db, name).await {
            Ok(Some((user, _))) => user.name,
            _ => "(unknown)".to_string(),
        }
    }

    /// Forgets the failed logins of a name, so that its delays stop (the
    /// director, for someone who mistyped too often); says whether there were any.
    pub fn clear_login_delays(&self, name: &str, who: &Actor) -> Result<bool, AppError> {
        self.require(who, Action::Audit)?;
        let cleared = self.logins.clear(name);
        tracing::info!(name, actor = %who.user.name, cleared, "login delays cleared");
        Ok(cleared)
    }

    /// The bound on password checks at once, whose permits a login takes.
    pub fn password_checks(&self) -> std::sync::Arc<tokio::sync::Semaphore> {
        self.password_checks.clone()
    }

    /// The key of the device cookies, shared by the instances of the
    /// database: made at its first use, read once per process.
    async fn device_key(&self) -> Result<&DeviceKey, AppError> {
        self.device_key
            .get_or_try_init(|| async {
                let key = users::server_key(&self.db, "device_cookie", &secret()).await?;
                Ok::<_, AppError>(DeviceKey::new(&key))
            })
            .await
    }
}
