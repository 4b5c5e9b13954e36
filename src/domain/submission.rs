//! The `Submission` aggregate: one structure's figures of one period go
//! through one cycle, as DevResults and DHIS2 have them: draft → submitted
//! → returned (with a comment) → submitted again → approved, and an
//! approved period is locked; reopening it is an exception recorded with
//! its reason. Built for the quarters of the projects' figures, and meant
//! for the other figures a structure reports (the sector's plan).

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use super::types::{Quarter, StructureCode, Year};
use super::{Effective, TakesEffect};

crate::codes! {
    /// What is submitted.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, utoipa::ToSchema)]
    pub enum SubmissionSubject {
        /// A structure's projects' figures of a quarter.
        Projects => "projects",
        /// A structure's proposal for the sector's plan of a year.
        SectorPlan => "sector_plan",
        /// A structure's execution of its part of the sector's plan, of a quarter.
        SectorExecution => "sector_execution",
    }
}

crate::codes! {
    /// Where a submission stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, utoipa::ToSchema)]
    pub enum SubmissionState {
        Draft => "draft",
        Submitted => "submitted",
        Returned => "returned",
        /// Approved, and locked.
        Approved => "approved",
    }
}

/// What a submission is of: a subject, a structure, a year and a quarter
/// (none: the whole year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SubmissionKey {
    pub subject: SubmissionSubject,
    pub structure: StructureCode,
    pub year: Year,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<u8>)]
    pub quarter: Option<Quarter>,
}

impl SubmissionKey {
    /// `projects/MMEIA/2024/T2`, `projects/MMEIA/2024`.
    pub fn aggregate_id(&self) -> String {
        use super::types::Code;
        let base = format!("{}/{}/{}", self.subject.code(), self.structure, self.year);
        match self.quarter {
            Some(q) => format!("{base}/T{}", q.value()),
            None => base,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum SubmissionCommand {
    Submit {
        key: SubmissionKey,
        on: NaiveDate,
        comment: Option<String>,
    },
    Return {
        on: NaiveDate,
        comment: String,
    },
    Approve {
        on: NaiveDate,
    },
    Reopen {
        on: NaiveDate,
        reason: String,
    },
}

/// Events of a submission; names are stored and never change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum SubmissionEvent {
    SubmissionSubmitted {
        key: SubmissionKey,
        on: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        comment: Option<String>,
    },
    SubmissionReturned {
        on: NaiveDate,
        comment: String,
    },
    SubmissionApproved {
        on: NaiveDate,
    },
    SubmissionReopened {
        on: NaiveDate,
        reason: String,
    },
}

impl DomainEvent for SubmissionEvent {
    fn event_type(&self) -> String {
        match self {
            Self::SubmissionSubmitted { .. } => "SubmissionSubmitted",
            Self::SubmissionReturned { .. } => "SubmissionReturned",
            Self::SubmissionApproved { .. } => "SubmissionApproved",
            Self::SubmissionReopened { .. } => "SubmissionReopened",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1".to_string()
    }
}

impl Effective for SubmissionEvent {
    fn takes_effect(&self) -> TakesEffect {
        match self {
            Self::SubmissionSubmitted { on, .. }
            | Self::SubmissionReturned { on, .. }
            | Self::SubmissionApproved { on }
            | Self::SubmissionReopened { on, .. } => TakesEffect::On(*on),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubmissionError {
    #[error("nothing submitted yet")]
    NotSubmitted,
    #[error("{0:?}: not awaiting a decision")]
    NotAwaiting(SubmissionState),
    #[error("approved, hence locked: reopen it first, with a reason")]
    Locked,
    #[error("only an approved period is reopened")]
    NotApproved,
    #[error("a comment is required")]
    CommentRequired,
    #[error("already submitted: it awaits a decision")]
    AlreadySubmitted,
    #[error("a reason is required")]
    ReasonRequired,
    #[error("another submission's key")]
    WrongKey,
}

/// One structure's figures of one period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Submission {
    pub key: Option<SubmissionKey>,
    pub state: Option<SubmissionState>,
    /// The day it was last submitted.
    pub submitted_on: Option<NaiveDate>,
    /// The day it was first submitted (whether it came on time).
    #[serde(default)]
    pub first_submitted_on: Option<NaiveDate>,
    /// The day it was approved.
    pub approved_on: Option<NaiveDate>,
    /// How often it was returned.
    pub returned: u32,
    /// How often it was reopened.
    pub reopened: u32,
    /// The last comment of a return, or reason of a reopening.
    pub last_comment: Option<String>,
}

impl Submission {
    /// Whether its figures may no longer change.
    pub fn locked(&self) -> bool {
        self.state == Some(SubmissionState::Approved)
    }
}

fn required(text: &str, error: SubmissionError) -> Result<String, SubmissionError> {
    let t = text.trim();
    if t.is_empty() {
        Err(error)
    } else {
        Ok(t.to_string())
    }
}

impl Aggregate for Submission {
    const TYPE: &'static str = "submission";
    type Command = SubmissionCommand;
    type Event = SubmissionEvent;
    type Error = SubmissionError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        use SubmissionState::*;
        let event = match command {
            SubmissionCommand::Submit { key, on, comment } => {
                if self.key.as_ref().is_some_and(|k| *k != key) {
                    return Err(SubmissionError::WrongKey);
                }
                match self.state {
                    None | Some(Draft) | Some(Returned) => {}
                    Some(Submitted) => return Err(SubmissionError::AlreadySubmitted),
                    Some(Approved) => return Err(SubmissionError::Locked),
                }
                SubmissionEvent::SubmissionSubmitted {
                    key,
                    on,
                    comment: comment
                        .map(|c| c.trim().to_string())
                        .filter(|c| !c.is_empty()),
                }
            }
            SubmissionCommand::Return { on, comment } => {
                match self.state {
                    None => return Err(SubmissionError::NotSubmitted),
                    Some(Submitted) => {}
                    Some(Approved) => return Err(SubmissionError::Locked),
                    Some(other) => return Err(SubmissionError::NotAwaiting(other)),
                }
                let comment = required(&comment, SubmissionError::CommentRequired)?;
                SubmissionEvent::SubmissionReturned { on, comment }
            }
            SubmissionCommand::Approve { on } => match self.state {
                None => return Err(SubmissionError::NotSubmitted),
                Some(Submitted) => SubmissionEvent::SubmissionApproved { on },
                Some(Approved) => return Err(SubmissionError::Locked),
                Some(other) => return Err(SubmissionError::NotAwaiting(other)),
            },
            SubmissionCommand::Reopen { on, reason } => {
                if self.state != Some(Approved) {
                    return Err(SubmissionError::NotApproved);
                }
                let reason = required(&reason, SubmissionError::ReasonRequired)?;
                SubmissionEvent::SubmissionReopened { on, reason }
            }
        };
        sink.write(event, self).await;
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            SubmissionEvent::SubmissionSubmitted { key, on, .. } => {
                self.key = Some(key);
                self.state = Some(SubmissionState::Submitted);
                self.submitted_on = Some(on);
                self.first_submitted_on.get_or_insert(on);
            }
            SubmissionEvent::SubmissionReturned { comment, .. } => {
                self.state = Some(SubmissionState::Returned);
                self.returned += 1;
                self.last_comment = Some(comment);
            }
            SubmissionEvent::SubmissionApproved { on } => {
                self.state = Some(SubmissionState::Approved);
                self.approved_on = Some(on);
            }
            SubmissionEvent::SubmissionReopened { reason, .. } => {
                self.state = Some(SubmissionState::Draft);
                self.approved_on = None;
                self.reopened += 1;
                self.last_comment = Some(reason);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cqrs_es::test::TestFramework;

    type Given = TestFramework<Submission>;

    fn key() -> SubmissionKey {
        SubmissionKey {
            subject: SubmissionSubject::Projects,
            structure: StructureCode::parse("MMEIA").unwrap(),
            year: Year::new(2024).unwrap(),
            quarter: Quarter::new(2).ok(),
        }
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 7, 10).unwrap()
    }

    fn submitted() -> SubmissionEvent {
        SubmissionEvent::SubmissionSubmitted {
            key: key(),
            on: day(),
            comment: None,
        }
    }

    #[test]
    fn a_quarter_is_named_by_its_subject_structure_and_period() {
        assert_eq!(key().aggregate_id(), "projects/MMEIA/2024/T2");
    }

    #[test]
    fn a_return_needs_a_comment() {
        Given::with(())
            .given(vec![submitted()])
            .when(SubmissionCommand::Return {
                on: day(),
                comment: "  ".into(),
            })
            .then_expect_error_message("a comment is required");
    }

    #[test]
    fn an_approved_quarter_is_locked_until_reopened_with_a_reason() {
        Given::with(())
            .given(vec![
                submitted(),
                SubmissionEvent::SubmissionApproved { on: day() },
            ])
            .when(SubmissionCommand::Submit {
                key: key(),
                on: day(),
                comment: None,
            })
            .then_expect_error_message("approved, hence locked: reopen it first, with a reason");
        Given::with(())
            .given(vec![
                submitted(),
                SubmissionEvent::SubmissionApproved { on: day() },
            ])
            .when(SubmissionCommand::Reopen {
                on: day(),
                reason: "".into(),
            })
            .then_expect_error_message("a reason is required");
    }

    #[test]
    fn only_a_submitted_quarter_is_decided() {
        Given::with(())
            .given_no_previous_events()
            .when(SubmissionCommand::Approve { on: day() })
            .then_expect_error_message("nothing submitted yet");
    }
}
