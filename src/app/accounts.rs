//! Accounts managed from the pages: the director invites someone (a
//! one-time link, valid 72 hours, shown to the director and sent through the
//! outbox), changes a role, a structure or an e-mail address, disables and
//! enables an account, and issues a link to choose a new password; everyone
//! changes their own password. Each is an event of the account in the
//! audited history, written with the users table in one transaction, and
//! never holds a password, its hash or a link's secret.
//!
//! (Over 400 lines: each account use case writes its users-table rows and its
//! events together; they share the link and message builders above them.)

use chrono::{DateTime, Duration, Utc};

use super::{App, AppError};
use crate::domain::access::{Action, Actor, Role, User};
use crate::domain::account::{Account, AccountCommand, PasswordSource};
use crate::domain::types::StructureCode;
use crate::store::outbox::NewMessage;
use crate::store::users::{self, AccountRow, AccountRows, NewLink};
use crate::store::Companion;
use crate::text;

/// How long a link to choose a password is valid.
pub const LINK_HOURS: i64 = 72;

/// The director's account the first start's setup link creates.
pub const SETUP_NAME: &str = "directeur";

/// An account as the director sees it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AccountInfo {
    pub name: String,
    pub role: Role,
    pub structure: Option<String>,
    pub email: Option<String>,
    pub disabled: bool,
    /// Invited, no password chosen yet.
    pub pending: bool,
}

/// A link to choose a password, shown once to the director.
#[derive(Debug, Clone)]
pub struct PasswordLink {
    pub name: String,
    /// The address to open: with `public_url`, a whole URL; else its path.
    pub link: String,
    pub expires: DateTime<Utc>,
    /// Where it was also sent, through the outbox.
    pub mailed_to: Option<String>,
}

/// What a link lets someone do, for its page.
#[derive(Debug, Clone)]
pub struct LinkHolder {
    pub name: String,
    /// `invitation` or `reset`.
    pub purpose: String,
}

fn sha256(s: &str) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(s.as_bytes()))
}

/// A user name as accounts take it: 1 to 64 letters without accents,
/// digits, `.`, `-`, `_` or `@`, not starting with a dot (it goes in the
/// pages' addresses).
pub(super) fn valid_name(name: &str) -> Result<&str, AppError> {
    let name = name.trim();
    let fine = !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'));
    if fine {
        Ok(name)
    } else {
        Err(AppError::bad_field("name", text!("user-name-invalid")))
    }
}

/// The e-mail address given, checked; none when blank.
fn email(given: Option<&str>) -> Result<Option<String>, AppError> {
    match given.map(str::trim).filter(|e| !e.is_empty()) {
        None => Ok(None),
        Some(e) if crate::mail::deliverable(e) => Ok(Some(e.to_string())),
        Some(e) => Err(AppError::bad_field(
            "email",
            text!("email-invalid", address = e),
        )),
    }
}

impl App {
    /// The address of the pages as people reach them (`public_url` in
    /// `config/reminders.toml`), if set.
    pub fn public_url(&self) -> Option<String> {
        self.mail_config()
            .ok()?
            .settings
            .public_url
            .as_ref()
            .map(|u| u.trim_end_matches('/').to_string())
    }

    /// The role and structure given, checked against each other and the directory.
    pub(super) fn account_fields(
        &self,
        role: &str,
        structure: Option<&str>,
    ) -> Result<(Role, Option<StructureCode>), AppError> {
        let role: Role = role
            .parse()
            .map_err(|e| super::refusals::unknown_code("role", &e))?;
        let structure = structure.map(str::trim).filter(|s| !s.is_empty());
        let structure = match (role, structure) {
            (Role::Structure, Some(s)) => Some(
                StructureCode::parse(s)
                    .ok()
                    .filter(|c| self.directory().get(c).is_some())
                    .ok_or_else(|| {
                        AppError::bad_field(
                            "structure",
                            text!(
                                "structure-unknown",
                                code = s,
                                known = self.directory().known_codes()
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
        Ok((role, structure))
    }

    /// Every account, with its e-mail address and whether it waits for its password.
    pub async fn accounts(&self, who: &Actor) -> Result<Vec<AccountInfo>, AppError> {
        self.require(who, Action::Audit)?;
        Ok(users::list_accounts(&self.db)
            .await?
            .into_iter()
            .map(|(row, email, has_password)| AccountInfo {
                name: row.name,
                role: row.role,
                structure: row.structure,
                email,
                disabled: row.disabled,
                pending: !has_password,
            })
            .collect())
    }

    /// Records `commands` on the account `name` with `rows`, in one
    /// transaction. An account opened before accounts had a history is
    /// first recorded as it stands.
    async fn account_write(
        &self,
        name: &str,
        commands: Vec<AccountCommand>,
        rows: &AccountRows,
        who: &Actor,
    ) -> Result<Account, AppError> {
        super::refusals::bounded("reason", who.reason.as_deref())?;
        let (state, _) = self.db.load::<Account>(name).await?;
        let mut batch = Vec::new();
        if state.name.is_none()
            && !commands.iter().any(|c| {
                matches!(
                    c,
                    AccountCommand::Open { .. } | AccountCommand::Invite { .. }
                )
            })
        {
            let Some((row, email, _)) = users::get(&self.db, name).await? else {
                return Err(AppError::NotFound(text!("user-unknown", name = name)));
            };
            batch.push((
                name.to_string(),
                AccountCommand::Open {
                    name: name.to_string(),
                    role: row.role,
                    structure: row
                        .structure
                        .as_deref()
                        .and_then(|s| StructureCode::parse(s).ok()),
                    email,
                },
            ));
            if row.disabled {
                batch.push((name.to_string(), AccountCommand::Disable));
            }
        }
        batch.extend(commands.into_iter().map(|c| (name.to_string(), c)));
        let written = self
            .db
            .execute_with::<Account>(
                batch,
                &(),
                &who.metadata(self.now()),
                Companion::Accounts(rows, self.now()),
            )
            .await
            .map_err(|e| super::command_error(e, |id| id.to_string()))?
            .ok_or_else(|| AppError::NotFound(text!("link-invalid", hours = LINK_HOURS)))?;
        self.settle(false, written.projected).await?;
        Ok(written
            .states
            .into_iter()
            .find(|(id, _)| id == name)
            .map(|(_, s)| s)
            .unwrap_or_default())
    }

    /// Opens an account with its password (the operator's `user add`).
    pub(super) async fn open_account(
        &self,
        user: &User,
        email: Option<String>,
        password_hash: String,
        who: &Actor,
    ) -> Result<(), AppError> {
        let rows = AccountRows {
            row: Some((
                AccountRow {
                    name: user.name.clone(),
                    role: user.role,
                    structure: user.structure.clone(),
                    email: email.clone(),
                    disabled: false,
                },
                true,
            )),
            password: Some((user.name.clone(), password_hash)),
            ..AccountRows::default()
        };
        let open = AccountCommand::Open {
            name: user.name.clone(),
            role: user.role,
            structure: user.structure.clone(),
            email,
        };
        self.account_write(&user.name, vec![open], &rows, who)
            .await?;
        Ok(())
    }

    /// A new link for `name` (`invitation` or `reset`), and its message.
    fn password_link(
        &self,
        name: &str,
        purpose: &'static str,
        to: Option<&str>,
    ) -> Result<(PasswordLink, NewLink, Option<NewMessage>), AppError> {
        self.password_link_at(name, purpose, to, None)
    }

    /// As [`App::password_link`], at `base` rather than `public_url` when given.
    fn password_link_at(
        &self,
        name: &str,
        purpose: &'static str,
        to: Option<&str>,
        base: Option<&str>,
    ) -> Result<(PasswordLink, NewLink, Option<NewMessage>), AppError> {
        let token = super::access::secret();
        let expires = self.now() + Duration::hours(LINK_HOURS);
        let config = self.mail_config()?;
        let path = format!("/welcome/{token}");
        let link = match base.or(config.settings.public_url.as_deref()) {
            Some(base) => format!("{}{path}", base.trim_end_matches('/')),
            None => path,
        };
        let absolute = link.starts_with("http");
        let lang = config.settings.lang;
        let message = to.filter(|_| absolute).map(|to| {
            let cps = self.settings.cps.to_string();
            let subject = text!(format!("mail-{purpose}-subject"), cps = cps.as_str()).render(lang);
            let body = text!(
                format!("mail-{purpose}-body"),
                name = name,
                cps = cps.as_str(),
                link = link.as_str(),
                hours = LINK_HOURS
            )
            .render(lang);
            let html = format!(
                "<p>{}</p>",
                html_escape(&body)
                    .replace("\n\n", "</p><p>")
                    .replace('\n', "<br>")
            );
            NewMessage {
                idempotency_key: format!("{purpose}/{}", &sha256(&token)[..32]),
                day: crate::clock::day_of(self.now()),
                structure: String::new(),
                to: vec![to.to_string()],
                cc: Vec::new(),
                subject,
                body_text: body,
                body_html: html,
                items: Vec::new(),
            }
        });
        let new = NewLink {
            token_hash: sha256(&token),
            user: name.to_string(),
            purpose,
            expires_at: expires,
        };
        Ok((
            PasswordLink {
                name: name.to_string(),
                link,
                expires,
                mailed_to: message.as_ref().map(|m| m.to[0].clone()),
            },
            new,
            message,
        ))
    }

    /// Invites someone: the account exists without a password until the
    /// link, shown to the director and sent to `email`, is used.
    pub async fn invite_user(
        &self,
        name: &str,
        role: &str,
        structure: Option<&str>,
        email_given: Option<&str>,
        who: &Actor,
    ) -> Result<PasswordLink, AppError> {
        self.require(who, Action::Audit)?;
        let name = valid_name(name)?;
        let (role, structure) = self.account_fields(role, structure)?;
        let email = email(email_given)?;
        if users::get(&self.db, name).await?.is_some() {
            return Err(AppError::bad_field(
                "name",
                text!("user-exists", name = name),
            ));
        }
        let (shown, link, message) = self.password_link(name, "invitation", email.as_deref())?;
        let rows = AccountRows {
            row: Some((
                AccountRow {
                    name: name.to_string(),
                    role,
                    structure: structure.clone(),
                    email: email.clone(),
                    disabled: false,
                },
                true,
            )),
            link: Some(link),
            message,
            ..AccountRows::default()
        };
        let invite = AccountCommand::Invite {
            name: name.to_string(),
            role,
            structure,
            email,
        };
        self.account_write(name, vec![invite], &rows, who).await?;
        Ok(shown)
    }

    /// On a database where nobody can log in yet (a first start), a
    /// one-time link at `base` where the director's account
    /// ([`SETUP_NAME`]) is created by choosing its password; each start
    /// until then issues a new one and the earlier ones expire. None once
    /// someone can log in: no default password exists anywhere.
    pub async fn setup_link(&self, base: &str) -> Result<Option<PasswordLink>, AppError> {
        let accounts = users::list_accounts(&self.db).await?;
        if accounts
            .iter()
            .any(|(row, _, has_password)| *has_password && !row.disabled)
        {
            return Ok(None);
        }
        let who = Actor::operator("suivi (installation)", None);
        let (shown, link, _) = self.password_link_at(SETUP_NAME, "invitation", None, Some(base))?;
        let existing = accounts.iter().find(|(row, _, _)| row.name == SETUP_NAME);
        let (rows, command) = match existing {
            None => (
                AccountRows {
                    row: Some((
                        AccountRow {
                            name: SETUP_NAME.to_string(),
                            role: Role::Director,
                            structure: None,
                            email: None,
                            disabled: false,
                        },
                        true,
                    )),
                    link: Some(link),
                    ..AccountRows::default()
                },
                AccountCommand::Invite {
                    name: SETUP_NAME.to_string(),
                    role: Role::Director,
                    structure: None,
                    email: None,
                },
            ),
            Some((row, _, _)) if row.role != Role::Director || row.disabled => {
                tracing::warn!(
                    name = SETUP_NAME,
                    "nobody can log in, and the account that the setup link would open is not an enabled director's: create one with `suivi user add`"
                );
                return Ok(None);
            }
            Some(_) => (
                AccountRows {
                    link: Some(link),
                    ..AccountRows::default()
                },
                AccountCommand::IssueReset,
            ),
        };
        self.account_write(SETUP_NAME, vec![command], &rows, &who)
            .await?;
        Ok(Some(shown))
    }

    /// Issues a link for `name` to choose a new password; earlier links expire.
    pub async fn issue_password_reset(
        &self,
        name: &str,
        who: &Actor,
    ) -> Result<PasswordLink, AppError> {
        self.require(who, Action::Audit)?;
        let Some((row, email, _)) = users::get(&self.db, name).await? else {
            return Err(AppError::NotFound(text!("user-unknown", name = name)));
        };
        if row.disabled {
            return Err(AppError::refused(
                Some("name"),
                text!("account-disabled-no-link", name = name),
            ));
        }
        let (shown, link, message) = self.password_link(name, "reset", email.as_deref())?;
        let rows = AccountRows {
            link: Some(link),
            message,
            ..AccountRows::default()
        };
        self.account_write(name, vec![AccountCommand::IssueReset], &rows, who)
            .await?;
        Ok(shown)
    }

    /// Changes an account's role, structure and e-mail address.
    pub async fn change_account(
        &self,
        name: &str,
        role: &str,
        structure: Option<&str>,
        email_given: Option<&str>,
        who: &Actor,
    ) -> Result<(), AppError> {
        self.require(who, Action::Audit)?;
        let (role, structure) = self.account_fields(role, structure)?;
        let email = email(email_given)?;
        if name == who.user.name && role != Role::Director {
            return Err(AppError::refused(Some("role"), text!("account-own")));
        }
        let Some((row, _, _)) = users::get(&self.db, name).await? else {
            return Err(AppError::NotFound(text!("user-unknown", name = name)));
        };
        let rows = AccountRows {
            row: Some((
                AccountRow {
                    name: name.to_string(),
                    role,
                    structure: structure.clone(),
                    email: email.clone(),
                    disabled: row.disabled,
                },
                false,
            )),
            // A new role or structure: open sessions carry the old rights.
            close_sessions: Some((name.to_string(), None)),
            ..AccountRows::default()
        };
        let change = AccountCommand::Change {
            role,
            structure,
            email,
        };
        self.account_write(name, vec![change], &rows, who).await?;
        Ok(())
    }

    /// Disables (their sessions and tokens stop working) or enables an account.
    pub async fn set_account_enabled(
        &self,
        name: &str,
        enabled: bool,
        who: &Actor,
    ) -> Result<(), AppError> {
        self.require(who, Action::Audit)?;
        if name == who.user.name {
            return Err(AppError::refused(Some("name"), text!("account-own")));
        }
        let Some((row, email, _)) = users::get(&self.db, name).await? else {
            return Err(AppError::NotFound(text!("user-unknown", name = name)));
        };
        let rows = AccountRows {
            row: Some((
                AccountRow {
                    name: name.to_string(),
                    role: row.role,
                    structure: row
                        .structure
                        .as_deref()
                        .and_then(|s| StructureCode::parse(s).ok()),
                    email,
                    disabled: !enabled,
                },
                false,
            )),
            close_sessions: (!enabled).then(|| (name.to_string(), None)),
            // A disabled account's links die with the decision.
            expire_links: (!enabled).then(|| name.to_string()),
            ..AccountRows::default()
        };
        let command = if enabled {
            AccountCommand::Enable
        } else {
            AccountCommand::Disable
        };
        self.account_write(name, vec![command], &rows, who).await?;
        Ok(())
    }

    /// Whom a link (invitation or reset) is for, while it is valid.
    pub async fn link_holder(&self, token: &str) -> Result<Option<LinkHolder>, AppError> {
        Ok(
            users::link_user(&self.db, &sha256(token.trim()), self.now())
                .await?
                .map(|(name, purpose)| LinkHolder { name, purpose }),
        )
    }

    /// Sets the password of the link's holder; the link is used once.
    pub async fn choose_password(&self, token: &str, password: &str) -> Result<String, AppError> {
        let Some(holder) = self.link_holder(token).await? else {
            return Err(AppError::NotFound(text!(
                "link-invalid",
                hours = LINK_HOURS
            )));
        };
        let Some((row, _, _)) = users::get(&self.db, &holder.name).await? else {
            return Err(AppError::NotFound(text!(
                "link-invalid",
                hours = LINK_HOURS
            )));
        };
        let hash = super::access::hash_password(password).await?;
        let source = if holder.purpose == "reset" {
            PasswordSource::Reset
        } else {
            PasswordSource::Invitation
        };
        let rows = AccountRows {
            password: Some((holder.name.clone(), hash)),
            use_link: Some((sha256(token.trim()), holder.name.clone(), self.now())),
            close_sessions: Some((holder.name.clone(), None)),
            expire_links: Some(holder.name.clone()),
            ..AccountRows::default()
        };
        // The person acts: the history names them.
        let me = Actor::new(
            User {
                name: row.name.clone(),
                role: row.role,
                structure: row
                    .structure
                    .as_deref()
                    .and_then(|s| StructureCode::parse(s).ok()),
            },
            None,
        );
        self.account_write(
            &holder.name,
            vec![AccountCommand::SetPassword { source }],
            &rows,
            &me,
        )
        .await?;
        Ok(holder.name)
    }

    /// Changes the caller's own password, given the current one; their
    /// other sessions close (but `keep`, the session id they act from) and
    /// their unused links expire.
    pub async fn change_own_password(
        &self,
        current: &str,
        new: &str,
        keep: Option<&str>,
        who: &Actor,
    ) -> Result<(), AppError> {
        let name = who.user.name.clone();
        let Some((_, stored)) = users::with_password(&self.db, &name).await? else {
            return Err(AppError::Forbidden);
        };
        if !super::access::password_matches(current, &stored).await? {
            return Err(AppError::bad_field("current", text!("password-wrong")));
        }
        let hash = super::access::hash_password(new).await?;
        let rows = AccountRows {
            password: Some((name.clone(), hash)),
            close_sessions: Some((name.clone(), keep.map(sha256))),
            expire_links: Some(name.clone()),
            ..AccountRows::default()
        };
        let set = AccountCommand::SetPassword {
            source: PasswordSource::Own,
        };
        self.account_write(&name, vec![set], &rows, who).await?;
        Ok(())
    }
}

/// Text made safe to put in HTML.
fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
