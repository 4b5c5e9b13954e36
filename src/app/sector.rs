//! The sector's plan: the CPS's call to the structures, each structure's
//! canevas handed in (its activities and its submission in one
//! transaction), returned, approved or reopened by the CPS, and the plan
//! compiled from the approved proposals.

use std::path::Path;

use chrono::NaiveDate;

use super::refusals::Refusal;
use super::{command_error, App, AppError, Changed, Decision};
use crate::domain::access::{Action, Actor};
use crate::domain::sector::{
    SectorCall, SectorCallCommand, SectorCallError, SectorProposal, SectorProposalCommand,
    SectorProposalError,
};
use crate::domain::submission::{Submission, SubmissionSubject};
use crate::domain::types::Year;
use crate::import::Table;
use crate::projections;
use crate::report::sector::SectorPlanReport;
use crate::store::CommandError;
use crate::text;

impl App {
    /// Opens the call for the sector's plan of `year` to `structures` (as
    /// the documents write them), due on `deadline`; again, it changes them.
    pub async fn open_sector_call(
        &self,
        year: Year,
        deadline: NaiveDate,
        structures: &str,
        who: &Actor,
    ) -> Result<Changed<SectorCall>, AppError> {
        self.require(who, Action::Record)?;
        let structures = self
            .directory()
            .resolve_list(structures)
            .map_err(|e| AppError::refused(Some("structures"), e.text()))?;
        let id = SectorCall::aggregate_id(year);
        let command = SectorCallCommand::Open {
            year,
            deadline,
            structures,
            on: self.today(),
        };
        self.run_one::<SectorCall>(id.clone(), id, command, &(), who)
            .await
    }

    /// The call of `year`, open.
    async fn sector_call(&self, year: Year) -> Result<SectorCall, AppError> {
        projections::view::<SectorCall>(&self.db, &SectorCall::aggregate_id(year))
            .await?
            .filter(|c| c.year.is_some())
            .ok_or_else(|| AppError::NotFound(text!("sector-call-unknown", year = year.value())))
    }

    /// Hands in a structure's canevas (CSV or XLSX): its activities replace
    /// the ones it proposed before, and its proposal is submitted, in one
    /// transaction, or nothing is written.
    pub async fn submit_sector_canevas(
        &self,
        year: Year,
        structure: &str,
        file: &Path,
        who: &Actor,
    ) -> Result<Changed<Submission>, AppError> {
        let key = self.submission_key(SubmissionSubject::SectorPlan, structure, year, None)?;
        self.require(
            who,
            Action::RecordSectorPlan(std::slice::from_ref(&key.structure)),
        )?;
        let call = self.sector_call(year).await?;
        if !call.structures.contains(&key.structure) {
            return Err(AppError::refused(
                Some("structure"),
                text!(
                    "sector-not-called",
                    structure = key.structure.as_str(),
                    year = year.value()
                ),
            ));
        }
        let activities = crate::import::sector::parse(&Table::read(file)?)?;
        let metadata = who.metadata(self.now());
        let proposal_id = SectorProposal::aggregate_id(year, &key.structure);
        let proposed = self
            .db
            .decide::<SectorProposal>(
                vec![(
                    proposal_id,
                    SectorProposalCommand::Propose {
                        year,
                        structure: key.structure.clone(),
                        activities,
                        on: self.today(),
                    },
                )],
                &(),
                &metadata,
            )
            .await
            .map_err(|e| command_error(e, |_| file.display().to_string()))?;
        let submission_id = key.aggregate_id();
        let command = self.submission_command(&key, Decision::Submit(None), who)?;
        let submitted = self
            .db
            .decide::<Submission>(vec![(submission_id.clone(), command)], &(), &metadata)
            .await
            .map_err(|e| command_error(e, |_| submission_id.clone()))?;
        let mut changes = proposed.changes;
        changes.extend(submitted.changes);
        let events = changes.len();
        let projected = self.db.write(&changes).await.map_err(|e| match e {
            CommandError::Conflict => AppError::Conflict(text!("write-conflict")),
            CommandError::Store(e) => AppError::Internal(e),
            CommandError::Rejected { error, .. } => match error {},
        })?;
        self.settle(true, projected).await?;
        let state = submitted
            .states
            .into_iter()
            .next()
            .map(|(_, s)| s)
            .unwrap_or_default();
        Ok(Changed { events, state })
    }

    /// Returns (with a comment), approves or reopens (with a reason) a
    /// structure's proposal for the sector's plan of `year`.
    pub async fn decide_sector_proposal(
        &self,
        year: Year,
        structure: &str,
        decision: Decision,
        who: &Actor,
    ) -> Result<Changed<Submission>, AppError> {
        let key = self.submission_key(SubmissionSubject::SectorPlan, structure, year, None)?;
        self.decide_submission(key, decision, who).await
    }

    /// The sector's plan of `year`, compiled from the approved proposals.
    pub async fn sector_plan(&self, year: Year, who: &Actor) -> Result<SectorPlanReport, AppError> {
        self.require(who, Action::ReadTables)?;
        let call = self.sector_call(year).await?;
        let proposals: Vec<SectorProposal> =
            projections::views(&self.db, &year.to_string()).await?;
        let submissions: Vec<Submission> =
            projections::views::<Submission>(&self.db, &year.to_string())
                .await?
                .into_iter()
                .filter(|s| {
                    s.key
                        .as_ref()
                        .is_some_and(|k| k.subject == SubmissionSubject::SectorPlan)
                })
                .collect();
        Ok(crate::report::sector::compile(
            &call,
            &proposals,
            &submissions,
        ))
    }
}

impl Refusal for SectorCallError {
    fn refusal(&self, subject: &str) -> AppError {
        let (field, t) = match self {
            SectorCallError::WrongYear(own, other) => (
                Some("year"),
                text!(
                    "sector-call-wrong-year",
                    own = own.value(),
                    other = other.value()
                ),
            ),
            SectorCallError::NoStructure => (Some("structures"), text!("sector-call-no-structure")),
            SectorCallError::DeadlineBeforeCall { deadline, on } => (
                Some("deadline"),
                text!(
                    "sector-call-deadline-before",
                    deadline = text::Arg::Date(*deadline),
                    on = text::Arg::Date(*on)
                ),
            ),
            SectorCallError::NotOpened => (None, text!("sector-call-not-opened")),
            SectorCallError::Validated => (None, text!("sector-call-validated")),
        };
        AppError::refused(field, super::refusals::about(subject, t))
    }
}

impl Refusal for SectorProposalError {
    fn refusal(&self, subject: &str) -> AppError {
        let t = match self {
            SectorProposalError::WrongProposal => text!("sector-proposal-wrong"),
            SectorProposalError::Empty => text!("import-sector-empty"),
        };
        AppError::refused(None, super::refusals::about(subject, t))
    }
}
