//! The submission cycle of a structure's figures of a period: submitted by
//! its focal point (or the CPS), returned with a comment or approved by the
//! CPS, an approved period locked, and reopened only with a reason. Used for
//! the quarters of the projects' figures, a structure's proposal for the
//! sector's plan and its quarters' execution, each decided alone or written
//! with what it is about in one transaction.

use chrono::Datelike;

use super::refusals::{bad_value, Refusal};
use cqrs_es::Aggregate;

use super::{command_error, App, AppError, Changed};
use crate::domain::access::{Action, Actor};
use crate::domain::project::Project;
use crate::domain::submission::{
    Submission, SubmissionCommand, SubmissionError, SubmissionKey, SubmissionSubject,
};
use crate::domain::types::{Quarter, StructureCode, Year};
use crate::domain::Scoped;
use crate::projections;
use crate::report::history::History;
use crate::store::{Changes, CommandError};
use crate::text;
use crate::text::Arg;

/// What a decision on a submission is.
#[derive(Debug, Clone)]
pub enum Decision {
    Submit(Option<String>),
    /// With its comment.
    Return(String),
    Approve,
    /// With its reason.
    Reopen(String),
}

impl Decision {
    /// A decision by its code (`submit`, `return`, `approve`, `reopen`),
    /// with the comment or reason that goes with it.
    pub fn from_code(code: &str, comment: Option<String>) -> Result<Decision, AppError> {
        let comment = comment.filter(|t| !t.trim().is_empty());
        Ok(match code {
            "submit" => Decision::Submit(comment),
            "return" => Decision::Return(comment.unwrap_or_default()),
            "approve" => Decision::Approve,
            "reopen" => Decision::Reopen(comment.unwrap_or_default()),
            other => {
                return Err(AppError::bad_field(
                    "decision",
                    text!(
                        "unknown-code",
                        value = other,
                        allowed = "submit, return, approve, reopen"
                    ),
                ))
            }
        })
    }
}

impl App {
    /// Submits, returns, approves or reopens the quarter of the structure
    /// that hands in the figures of the project `code`.
    pub async fn decide_project_quarter(
        &self,
        code: &str,
        year: Year,
        quarter: Quarter,
        decision: Decision,
        who: &Actor,
    ) -> Result<Changed<Submission>, AppError> {
        let project = self.followed_project(code, who).await?;
        let structure = project
            .details
            .as_ref()
            .map(|d| d.reporting_structure().to_string())
            .unwrap_or_default();
        self.decide_quarter(&structure, year, quarter, decision, who)
            .await
    }

    /// The key of a structure's projects' figures of a quarter.
    fn quarter_key(
        &self,
        structure: &str,
        year: Year,
        quarter: Quarter,
    ) -> Result<SubmissionKey, AppError> {
        self.submission_key(SubmissionSubject::Projects, structure, year, Some(quarter))
    }

    /// The key of what a structure of the directory hands in.
    pub(super) fn submission_key(
        &self,
        subject: SubmissionSubject,
        structure: &str,
        year: Year,
        quarter: Option<Quarter>,
    ) -> Result<SubmissionKey, AppError> {
        let structure = StructureCode::parse(structure).map_err(|e| bad_value("structure", &e))?;
        if self.directory().get(&structure).is_none() {
            return Err(AppError::refused(
                Some("structure"),
                text!(
                    "structure-unknown",
                    code = structure.as_str(),
                    known = self.directory().known_codes()
                ),
            ));
        }
        Ok(SubmissionKey {
            subject,
            structure,
            year,
            quarter,
        })
    }

    /// Submits, returns, approves or reopens a structure's projects'
    /// figures of a quarter. Its focal point submits; the CPS decides.
    pub async fn decide_quarter(
        &self,
        structure: &str,
        year: Year,
        quarter: Quarter,
        decision: Decision,
        who: &Actor,
    ) -> Result<Changed<Submission>, AppError> {
        let key = self.quarter_key(structure, year, quarter)?;
        self.decide_submission(key, decision, who).await
    }

    /// The command of a decision on `key`: its structure's focal point (or
    /// the CPS) submits; the CPS returns, approves or reopens.
    pub(super) fn submission_command(
        &self,
        key: &SubmissionKey,
        decision: Decision,
        who: &Actor,
    ) -> Result<SubmissionCommand, AppError> {
        let on = self.today();
        let own = std::slice::from_ref(&key.structure);
        Ok(match decision {
            Decision::Submit(comment) => {
                self.require(
                    who,
                    match key.subject {
                        SubmissionSubject::Projects => Action::RecordProjectFigures(own),
                        SubmissionSubject::SectorPlan | SubmissionSubject::SectorExecution => {
                            Action::RecordSectorPlan(own)
                        }
                    },
                )?;
                super::refusals::bounded("comment", comment.as_deref())?;
                SubmissionCommand::Submit {
                    key: key.clone(),
                    on,
                    comment,
                }
            }
            Decision::Return(comment) => {
                self.require(who, Action::Record)?;
                super::refusals::bounded("comment", Some(&comment))?;
                SubmissionCommand::Return { on, comment }
            }
            Decision::Approve => {
                self.require(who, Action::Record)?;
                SubmissionCommand::Approve { on }
            }
            Decision::Reopen(reason) => {
                self.require(who, Action::Record)?;
                super::refusals::bounded("reason", Some(&reason))?;
                SubmissionCommand::Reopen { on, reason }
            }
        })
    }

    /// Records a decision on what `key` names.
    pub(super) async fn decide_submission(
        &self,
        key: SubmissionKey,
        decision: Decision,
        who: &Actor,
    ) -> Result<Changed<Submission>, AppError> {
        let command = self.submission_command(&key, decision, who)?;
        let id = key.aggregate_id();
        self.run_one::<Submission>(id.clone(), id, command, &(), who)
            .await
    }

    /// Records what a structure hands in (`command` on `id`, read from
    /// `source`) and submits `key`, in one transaction.
    pub(super) async fn record_and_submit<A>(
        &self,
        id: String,
        command: A::Command,
        key: &SubmissionKey,
        source: &str,
        who: &Actor,
    ) -> Result<Changed<Submission>, AppError>
    where
        A: Aggregate<Services = ()> + Scoped,
        A::Error: Refusal,
    {
        let metadata = who.metadata(self.now());
        let recorded = self
            .db
            .decide::<A>(vec![(id, command)], &(), &metadata)
            .await
            .map_err(|e| command_error(e, |_| source.to_string()))?;
        let submit = self.submission_command(key, Decision::Submit(None), who)?;
        self.decide_with(key, submit, recorded.changes, who).await
    }

    /// Decides `command` on the submission `key` and writes its events with
    /// `with`, in one transaction.
    pub(super) async fn decide_with(
        &self,
        key: &SubmissionKey,
        command: SubmissionCommand,
        with: Changes,
        who: &Actor,
    ) -> Result<Changed<Submission>, AppError> {
        let metadata = who.metadata(self.now());
        let id = key.aggregate_id();
        let decided = self
            .db
            .decide::<Submission>(vec![(id.clone(), command)], &(), &metadata)
            .await
            .map_err(|e| command_error(e, |_| id.clone()))?;
        let mut changes = with;
        changes.extend(decided.changes);
        let events = changes.len();
        let projected = self.db.write(&changes).await.map_err(|e| match e {
            CommandError::Conflict => AppError::Conflict(text!("write-conflict")),
            CommandError::Store(e) => AppError::Internal(e),
            CommandError::Rejected { error, .. } => match error {},
        })?;
        self.settle(true, projected).await?;
        let state = decided
            .states
            .into_iter()
            .next()
            .map(|(_, s)| s)
            .unwrap_or_default();
        Ok(Changed { events, state })
    }

    /// The history of a structure's quarter: each submission, return,
    /// approval and reopening, with who, when and why.
    pub async fn quarter_history(
        &self,
        structure: &str,
        year: Year,
        quarter: Quarter,
        who: &Actor,
    ) -> Result<History, AppError> {
        let key = self.quarter_key(structure, year, quarter)?;
        self.submission_history(key, who).await
    }

    /// The history of what `key` names.
    pub(super) async fn submission_history(
        &self,
        key: SubmissionKey,
        who: &Actor,
    ) -> Result<History, AppError> {
        self.require(who, Action::ReadTables)?;
        projections::history::of::<Submission>(&self.db, &key.aggregate_id())
            .await?
            .ok_or_else(|| {
                AppError::NotFound(text!(
                    "quarter-unknown",
                    structure = key.structure.as_str(),
                    quarter = key.quarter.map(|q| q.value()).unwrap_or_default(),
                    year = key.year.value()
                ))
            })
    }

    /// Refuses a figure of `project` dated `day` in a quarter its
    /// structure's approval locked.
    pub(super) async fn refuse_if_locked(
        &self,
        project: &Project,
        year: Year,
        day: chrono::NaiveDate,
    ) -> Result<(), AppError> {
        let Some(details) = &project.details else {
            return Ok(());
        };
        let structure = details.reporting_structure().clone();
        let quarter = match day.year().cmp(&year.value()) {
            std::cmp::Ordering::Less => Quarter::FIRST,
            std::cmp::Ordering::Greater => Quarter::LAST,
            std::cmp::Ordering::Equal => Quarter::of(day),
        };
        let key = SubmissionKey {
            subject: SubmissionSubject::Projects,
            structure,
            year,
            quarter: Some(quarter),
        };
        let locked = projections::view::<Submission>(&self.db, &key.aggregate_id())
            .await?
            .is_some_and(|s| s.locked());
        if locked {
            return Err(AppError::refused(
                Some("date"),
                text!(
                    "quarter-locked",
                    structure = key.structure.as_str(),
                    quarter = quarter.value(),
                    year = year.value()
                ),
            ));
        }
        Ok(())
    }
}

impl Refusal for SubmissionError {
    fn refusal(&self, subject: &str) -> AppError {
        let (field, t) = match self {
            SubmissionError::NotSubmitted => (None, text!("submission-not-submitted")),
            SubmissionError::NotAwaiting(state) => (
                None,
                text!(
                    "submission-not-awaiting",
                    state = Arg::Text(Box::new(text::Text::new(format!(
                        "submission-state-{}",
                        crate::domain::types::Code::code(*state)
                    ))))
                ),
            ),
            SubmissionError::Locked => (None, text!("submission-locked")),
            SubmissionError::AlreadySubmitted => (None, text!("submission-already-submitted")),
            SubmissionError::NotApproved => (None, text!("submission-not-approved")),
            SubmissionError::CommentRequired => {
                (Some("comment"), text!("submission-comment-required"))
            }
            SubmissionError::ReasonRequired => {
                (Some("reason"), text!("submission-reason-required"))
            }
            SubmissionError::WrongKey => (None, text!("submission-wrong-key")),
        };
        AppError::refused(field, super::refusals::about(subject, t))
    }
}
