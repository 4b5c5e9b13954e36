//! The sector's plan: each structure's canevas handed in (its activities
//! and its submission in one transaction), returned, approved (its
//! activities coded, in the same transaction) or reopened by the CPS, and
//! the plan compiled from the approved proposals and validated. The call to
//! the structures is `sector_call`, the quarters `sector_quarters`.

use std::path::Path;

use super::refusals::Refusal;
use super::{command_error, App, AppError, Changed, Decision};
use crate::domain::access::{Action, Actor};
use crate::domain::sector::{
    SectorCall, SectorCallCommand, SectorProposal, SectorProposalCommand, SectorProposalError,
    Validation,
};
use crate::domain::submission::{Submission, SubmissionError, SubmissionState, SubmissionSubject};
use crate::domain::types::Year;
use crate::import::Table;
use crate::projections;
use crate::report::sector::SectorPlanReport;
use crate::report::sector_sheets::ProposalSheet;
use crate::text;

impl App {
    /// Hands in a structure's canevas (CSV or XLSX): its activities replace
    /// the ones it proposed before, and its proposal is submitted, in one
    /// transaction, or nothing is written.
    pub async fn submit_sector_canevas(
        &self,
        year: Year,
        structure: &str,
        file: &Path,
        who: &Actor,
    ) -> Result<ProposalSheet, AppError> {
        self.propose_sector(year, structure, &Table::read(file)?, true, who)
            .await
    }

    /// Records a structure's activities for the sector's plan of `year`
    /// (`table` in the canevas' columns: a file, a form's rows, an API
    /// body's), replacing the ones it proposed before; with `submit`, its
    /// proposal is submitted in the same transaction. A draft waits while
    /// the proposal awaits a decision or is approved.
    pub async fn propose_sector(
        &self,
        year: Year,
        structure: &str,
        table: &Table,
        submit: bool,
        who: &Actor,
    ) -> Result<ProposalSheet, AppError> {
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
        let activities = crate::import::sector::parse(table, &call.objectives_set())?;
        let command = SectorProposalCommand::Propose {
            year,
            structure: key.structure.clone(),
            activities,
            on: self.today(),
        };
        let id = SectorProposal::aggregate_id(year, &key.structure);
        if submit {
            self.record_and_submit::<SectorProposal>(id, command, &key, &table.file, who)
                .await?;
        } else {
            let submission = projections::view::<Submission>(&self.db, &key.aggregate_id())
                .await?
                .unwrap_or_default();
            let refusal = match submission.state {
                Some(SubmissionState::Submitted) => Some(SubmissionError::AlreadySubmitted),
                Some(SubmissionState::Approved) => Some(SubmissionError::Locked),
                _ => None,
            };
            if let Some(e) = refusal {
                return Err(e.refusal(&key.aggregate_id()));
            }
            self.run_one::<SectorProposal>(id.clone(), table.file.clone(), command, &(), who)
                .await?;
        }
        self.sector_proposal(year, structure, who).await
    }

    /// A structure's proposal for the sector's plan of `year`: its
    /// activities, their codes once approved, where it stands. Read by
    /// whoever reads the tables and by the structure's focal points.
    pub async fn sector_proposal(
        &self,
        year: Year,
        structure: &str,
        who: &Actor,
    ) -> Result<ProposalSheet, AppError> {
        let key = self.submission_key(SubmissionSubject::SectorPlan, structure, year, None)?;
        if self.require(who, Action::ReadTables).is_err() {
            self.require(
                who,
                Action::RecordSectorPlan(std::slice::from_ref(&key.structure)),
            )?;
        }
        let call = self.sector_call(year).await?;
        let proposal = projections::view::<SectorProposal>(
            &self.db,
            &SectorProposal::aggregate_id(year, &key.structure),
        )
        .await?;
        let submission = projections::view::<Submission>(&self.db, &key.aggregate_id()).await?;
        let mut sheet = crate::report::sector_sheets::proposal_sheet(
            &call,
            &key.structure,
            proposal.as_ref(),
            submission.as_ref(),
        );
        sheet.may_edit = who.may(Action::RecordSectorPlan(std::slice::from_ref(
            &key.structure,
        )));
        sheet.may_decide = who.may(Action::Record);
        Ok(sheet)
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
        let proposal_id = SectorProposal::aggregate_id(year, &key.structure);
        let proposal = projections::view::<SectorProposal>(&self.db, &proposal_id).await?;
        if matches!(decision, Decision::Submit(_)) && proposal.is_none() {
            return Err(SectorProposalError::Empty.refusal(&key.aggregate_id()));
        }
        if !matches!(decision, Decision::Approve) {
            return self.decide_submission(key, decision, who).await;
        }
        // Approved, its activities take their codes in the plan, in the
        // same transaction.
        let approve = self.submission_command(&key, decision, who)?;
        let proposal = proposal.unwrap_or_default();
        let call_id = SectorCall::aggregate_id(year);
        let coded = self
            .db
            .decide::<SectorCall>(
                vec![(
                    call_id.clone(),
                    SectorCallCommand::Code {
                        structure: key.structure.clone(),
                        activities: proposal
                            .activities
                            .iter()
                            .map(|a| (a.objective.clone(), a.title.clone()))
                            .collect(),
                    },
                )],
                &(),
                &who.metadata(self.now()),
            )
            .await
            .map_err(|e| command_error(e, |_| call_id.clone()))?;
        self.decide_with(&key, approve, coded.changes, who).await
    }

    /// Records the compiled plan's validation: the day, how (« par échanges
    /// de courriers électroniques »), by whom. The call no longer changes.
    pub async fn validate_sector_plan(
        &self,
        year: Year,
        validation: Validation,
        who: &Actor,
    ) -> Result<Changed<SectorCall>, AppError> {
        self.require(who, Action::Record)?;
        super::refusals::bounded("how", Some(&validation.how))?;
        super::refusals::bounded("by", Some(&validation.by))?;
        if validation.how.trim().is_empty() || validation.by.trim().is_empty() {
            return Err(AppError::bad_field(
                "how",
                text!("sector-validation-incomplete"),
            ));
        }
        self.sector_call(year).await?;
        let id = SectorCall::aggregate_id(year);
        self.run_one::<SectorCall>(
            id.clone(),
            id,
            SectorCallCommand::Validate(validation),
            &(),
            who,
        )
        .await
    }

    /// The compiled plan as a Word document or an HTML page, and its file
    /// name.
    pub async fn sector_plan_document(
        &self,
        year: Year,
        format: super::DocumentFormat,
        lang: crate::text::Lang,
        who: &Actor,
    ) -> Result<(Vec<u8>, String), AppError> {
        let plan = self.sector_plan(year, who).await?;
        let document =
            crate::report::sector_document::document(&plan, &self.report_settings.identity, lang);
        let bytes = format.write(&document, lang)?;
        let name = format!(
            "pta-secteur-{year}.{}",
            crate::domain::types::Code::code(format)
        );
        Ok((bytes, name))
    }

    /// The CPS gives the activity `from` of the sector's plan the code `to`.
    pub async fn recode_sector_activity(
        &self,
        year: Year,
        from: &str,
        to: &str,
        who: &Actor,
    ) -> Result<Changed<SectorCall>, AppError> {
        self.require(who, Action::Record)?;
        self.sector_call(year).await?;
        let id = SectorCall::aggregate_id(year);
        let command = SectorCallCommand::Recode {
            from: from.to_string(),
            to: to.to_string(),
        };
        self.run_one::<SectorCall>(id.clone(), id, command, &(), who)
            .await
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

impl Refusal for SectorProposalError {
    fn refusal(&self, subject: &str) -> AppError {
        let t = match self {
            SectorProposalError::WrongProposal => text!("sector-proposal-wrong"),
            SectorProposalError::Empty => text!("import-sector-empty"),
        };
        AppError::refused(None, super::refusals::about(subject, t))
    }
}
