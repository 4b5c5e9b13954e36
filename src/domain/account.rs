//! A person's account, as the audited history keeps it: who opened or
//! invited it, its role and structure, its e-mail address, when it was
//! disabled or enabled, and when a password was set or a reset link issued.
//! Never a password, its hash or a link's secret: those stay in the users
//! table, written in the same transaction as these events.

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use super::access::Role;
use super::types::StructureCode;

crate::codes! {
    /// How a password came to be set.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, utoipa::ToSchema)]
    pub enum PasswordSource {
        /// Given when the account was opened by the operator.
        Opening => "opening",
        /// Chosen through an invitation link.
        Invitation => "invitation",
        /// Chosen through a reset link.
        Reset => "reset",
        /// Changed by the person, who gave the current one.
        Own => "own",
    }
}

/// An account's state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Account {
    pub name: Option<String>,
    #[schema(value_type = Option<String>)]
    pub role: Option<Role>,
    #[schema(value_type = Option<String>)]
    pub structure: Option<StructureCode>,
    pub email: Option<String>,
    pub disabled: bool,
    /// Invited, and no password chosen yet.
    pub pending: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AccountCommand {
    /// Opens an account with a password (the operator's `user add`), or
    /// records one that existed before accounts had a history.
    Open {
        name: String,
        role: Role,
        structure: Option<StructureCode>,
        email: Option<String>,
    },
    /// Invites someone: the account exists, without a password until the
    /// invitation's link is used.
    Invite {
        name: String,
        role: Role,
        structure: Option<StructureCode>,
        email: Option<String>,
    },
    Change {
        role: Role,
        structure: Option<StructureCode>,
        email: Option<String>,
    },
    Disable,
    Enable,
    /// A link to choose a new password was issued.
    IssueReset,
    SetPassword {
        source: PasswordSource,
    },
}

/// Events of an account; names are stored and never change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum AccountEvent {
    AccountOpened {
        name: String,
        #[schema(value_type = String)]
        role: Role,
        #[schema(value_type = Option<String>)]
        structure: Option<StructureCode>,
        email: Option<String>,
    },
    AccountInvited {
        name: String,
        #[schema(value_type = String)]
        role: Role,
        #[schema(value_type = Option<String>)]
        structure: Option<StructureCode>,
        email: Option<String>,
    },
    AccountChanged {
        #[schema(value_type = String)]
        role: Role,
        #[schema(value_type = Option<String>)]
        structure: Option<StructureCode>,
        email: Option<String>,
    },
    AccountDisabled,
    AccountEnabled,
    PasswordResetIssued,
    PasswordSet {
        source: PasswordSource,
    },
}

impl DomainEvent for AccountEvent {
    fn event_type(&self) -> String {
        match self {
            Self::AccountOpened { .. } => "AccountOpened",
            Self::AccountInvited { .. } => "AccountInvited",
            Self::AccountChanged { .. } => "AccountChanged",
            Self::AccountDisabled => "AccountDisabled",
            Self::AccountEnabled => "AccountEnabled",
            Self::PasswordResetIssued => "PasswordResetIssued",
            Self::PasswordSet { .. } => "PasswordSet",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("the account exists")]
    Exists,
    #[error("no such account")]
    Unknown,
    #[error("a focal point needs a structure")]
    StructureRequired,
    #[error("only a focal point has a structure")]
    StructureForbidden,
    #[error("already disabled")]
    AlreadyDisabled,
    #[error("not disabled")]
    NotDisabled,
    #[error("nothing changes")]
    Unchanged,
}

/// A focal point has a structure; no one else has.
fn check_structure(role: Role, structure: &Option<StructureCode>) -> Result<(), AccountError> {
    match (role, structure) {
        (Role::Structure, None) => Err(AccountError::StructureRequired),
        (Role::Structure, Some(_)) | (_, None) => Ok(()),
        (_, Some(_)) => Err(AccountError::StructureForbidden),
    }
}

impl Aggregate for Account {
    const TYPE: &'static str = "account";
    type Command = AccountCommand;
    type Event = AccountEvent;
    type Error = AccountError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _: &(),
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        use AccountCommand as C;
        use AccountEvent as E;
        let exists = self.name.is_some();
        let event = match command {
            C::Open { .. } | C::Invite { .. } if exists => return Err(AccountError::Exists),
            _ if !exists && !matches!(command, C::Open { .. } | C::Invite { .. }) => {
                return Err(AccountError::Unknown)
            }
            C::Open {
                name,
                role,
                structure,
                email,
            } => {
                check_structure(role, &structure)?;
                E::AccountOpened {
                    name,
                    role,
                    structure,
                    email,
                }
            }
            C::Invite {
                name,
                role,
                structure,
                email,
            } => {
                check_structure(role, &structure)?;
                E::AccountInvited {
                    name,
                    role,
                    structure,
                    email,
                }
            }
            C::Change {
                role,
                structure,
                email,
            } => {
                check_structure(role, &structure)?;
                if self.role == Some(role) && self.structure == structure && self.email == email {
                    return Err(AccountError::Unchanged);
                }
                E::AccountChanged {
                    role,
                    structure,
                    email,
                }
            }
            C::Disable if self.disabled => return Err(AccountError::AlreadyDisabled),
            C::Disable => E::AccountDisabled,
            C::Enable if !self.disabled => return Err(AccountError::NotDisabled),
            C::Enable => E::AccountEnabled,
            C::IssueReset => E::PasswordResetIssued,
            C::SetPassword { source } => E::PasswordSet { source },
        };
        sink.write(event, self).await;
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        use AccountEvent as E;
        match event {
            E::AccountOpened {
                name,
                role,
                structure,
                email,
            } => {
                *self = Account {
                    name: Some(name),
                    role: Some(role),
                    structure,
                    email,
                    disabled: false,
                    pending: false,
                }
            }
            E::AccountInvited {
                name,
                role,
                structure,
                email,
            } => {
                *self = Account {
                    name: Some(name),
                    role: Some(role),
                    structure,
                    email,
                    disabled: false,
                    pending: true,
                }
            }
            E::AccountChanged {
                role,
                structure,
                email,
            } => {
                self.role = Some(role);
                self.structure = structure;
                self.email = email;
            }
            E::AccountDisabled => self.disabled = true,
            E::AccountEnabled => self.disabled = false,
            E::PasswordResetIssued => {}
            E::PasswordSet { .. } => self.pending = false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cqrs_es::test::TestFramework;

    type Given = TestFramework<Account>;

    fn invited() -> AccountEvent {
        AccountEvent::AccountInvited {
            name: "pf.dcm".into(),
            role: Role::Structure,
            structure: Some(StructureCode::parse("DCM").unwrap()),
            email: Some("pf@dcm.example.org".into()),
        }
    }

    #[test]
    fn an_invitation_needs_the_structure_of_a_focal_point() {
        Given::with(())
            .given_no_previous_events()
            .when(AccountCommand::Invite {
                name: "pf.dcm".into(),
                role: Role::Structure,
                structure: None,
                email: None,
            })
            .then_expect_error(AccountError::StructureRequired);
        Given::with(())
            .given(vec![invited()])
            .when(AccountCommand::Invite {
                name: "pf.dcm".into(),
                role: Role::Reader,
                structure: None,
                email: None,
            })
            .then_expect_error(AccountError::Exists);
    }

    #[test]
    fn a_disabled_account_is_enabled_once() {
        Given::with(())
            .given(vec![invited(), AccountEvent::AccountDisabled])
            .when(AccountCommand::Disable)
            .then_expect_error(AccountError::AlreadyDisabled);
        Given::with(())
            .given(vec![invited(), AccountEvent::AccountDisabled])
            .when(AccountCommand::Enable)
            .then_expect_events(vec![AccountEvent::AccountEnabled]);
        Given::with(())
            .given_no_previous_events()
            .when(AccountCommand::Disable)
            .then_expect_error(AccountError::Unknown);
    }

    #[test]
    fn a_change_that_changes_nothing_is_refused() {
        Given::with(())
            .given(vec![invited()])
            .when(AccountCommand::Change {
                role: Role::Structure,
                structure: Some(StructureCode::parse("DCM").unwrap()),
                email: Some("pf@dcm.example.org".into()),
            })
            .then_expect_error(AccountError::Unchanged);
        Given::with(())
            .given(vec![invited()])
            .when(AccountCommand::Change {
                role: Role::Cps,
                structure: Some(StructureCode::parse("DCM").unwrap()),
                email: None,
            })
            .then_expect_error(AccountError::StructureForbidden);
    }
}
