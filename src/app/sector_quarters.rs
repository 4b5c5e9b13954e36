//! The sector's plan followed by quarter (or by year, filed as its last
//! quarter): a structure's execution handed in (its figures and the
//! quarter's submission in one transaction) and decided by the CPS, the
//! plan's progress at a quarter's end, and the
//! sector's follow-up report.

use std::path::Path;

use chrono::Datelike;

use super::refusals::Refusal;
use super::{App, AppError, Changed, Decision};
use crate::domain::access::{Action, Actor};
use crate::domain::sector::SectorPeriod;
use crate::domain::sector_execution::{
    SectorExecution, SectorExecutionCommand, SectorExecutionError,
};
use crate::domain::submission::{Submission, SubmissionKey, SubmissionSubject};
use crate::domain::types::{Quarter, Year};
use crate::import::Table;
use crate::projections;
use crate::report::history::History;
use crate::report::sector_follow_up::SectorFollowUp;
use crate::report::sector_progress::SectorProgressReport;
use crate::report::sector_sheets::{ProposalSheet, QuarterSheet};
use crate::text;

impl App {
    /// A structure's proposal, and its execution of `quarter` (by default
    /// the one the plan's period reports now): its activities of the plan
    /// and the figures it reported, where the quarter stands. Read as its
    /// proposal is.
    pub async fn sector_quarter(
        &self,
        year: Year,
        structure: &str,
        quarter: Option<Quarter>,
        who: &Actor,
    ) -> Result<(ProposalSheet, QuarterSheet), AppError> {
        let sheet = self.sector_proposal(year, structure, who).await?;
        let quarter = self.reported_quarter(sheet.period, year, quarter, true)?;
        let key = self.submission_key(
            SubmissionSubject::SectorExecution,
            structure,
            year,
            Some(quarter),
        )?;
        let execution = projections::view::<SectorExecution>(
            &self.db,
            &SectorExecution::aggregate_id(year, &key.structure, quarter),
        )
        .await?;
        let submission = projections::view::<Submission>(&self.db, &key.aggregate_id()).await?;
        let quarter = crate::report::sector_sheets::quarter_sheet(
            &sheet,
            quarter,
            execution.as_ref(),
            submission.as_ref(),
        );
        Ok((sheet, quarter))
    }

    /// Hands in a structure's execution of its activities of the plan at
    /// the end of `quarter` from a file (CSV or XLSX: code, statut,
    /// avancement, realise, engage, liquide).
    pub async fn submit_sector_execution(
        &self,
        year: Year,
        quarter: Option<Quarter>,
        structure: &str,
        file: &Path,
        who: &Actor,
    ) -> Result<Changed<Submission>, AppError> {
        self.report_sector_execution(year, quarter, structure, &Table::read(file)?, who)
            .await
    }

    /// Hands in a structure's execution of its activities of the plan at
    /// the end of `quarter` (none: the year, when the plan is followed by
    /// year) (`table` in the execution's columns): its
    /// figures replace the ones it reported for the quarter, and the
    /// quarter is submitted, in one transaction, or nothing is written. An
    /// approved quarter refuses it until the CPS reopens it.
    pub async fn report_sector_execution(
        &self,
        year: Year,
        quarter: Option<Quarter>,
        structure: &str,
        table: &Table,
        who: &Actor,
    ) -> Result<Changed<Submission>, AppError> {
        let proposal_key =
            self.submission_key(SubmissionSubject::SectorPlan, structure, year, None)?;
        self.require(
            who,
            Action::RecordSectorPlan(std::slice::from_ref(&proposal_key.structure)),
        )?;
        let call = self.sector_call(year).await?;
        let quarter = self.reported_quarter(call.period, year, quarter, false)?;
        let key = SubmissionKey {
            subject: SubmissionSubject::SectorExecution,
            quarter: Some(quarter),
            ..proposal_key.clone()
        };
        if quarter.first_day(year.value()) > self.today() {
            return Err(AppError::refused(
                Some("quarter"),
                text!(
                    "sector-execution-too-early",
                    quarter = quarter.value(),
                    year = year.value(),
                    period = crate::domain::types::Code::code(call.period)
                ),
            ));
        }
        let approved = projections::view::<Submission>(&self.db, &proposal_key.aggregate_id())
            .await?
            .is_some_and(|s| s.locked());
        let codes = call
            .codes
            .get(&key.structure)
            .filter(|codes| approved && !codes.is_empty())
            .ok_or_else(|| {
                AppError::refused(
                    Some("structure"),
                    text!(
                        "sector-execution-no-plan",
                        structure = key.structure.as_str(),
                        year = year.value()
                    ),
                )
            })?;
        let lines = crate::import::sector::parse_execution(table, codes)?;
        let command = SectorExecutionCommand::Report {
            year,
            structure: key.structure.clone(),
            quarter,
            lines,
            on: self.today(),
        };
        let id = SectorExecution::aggregate_id(year, &key.structure, quarter);
        self.record_and_submit::<SectorExecution>(id, command, &key, &table.file, who)
            .await
    }

    /// Returns (with a comment), approves or reopens (with a reason) a
    /// structure's execution of the sector's plan of a quarter.
    pub async fn decide_sector_quarter(
        &self,
        year: Year,
        structure: &str,
        quarter: Quarter,
        decision: Decision,
        who: &Actor,
    ) -> Result<Changed<Submission>, AppError> {
        let period = self.sector_call(year).await?.period;
        let quarter = self.reported_quarter(period, year, Some(quarter), false)?;
        let key = self.submission_key(
            SubmissionSubject::SectorExecution,
            structure,
            year,
            Some(quarter),
        )?;
        // A quarter is handed in with its figures, never without them.
        if matches!(decision, Decision::Submit(_)) {
            self.require(
                who,
                Action::RecordSectorPlan(std::slice::from_ref(&key.structure)),
            )?;
            return Err(AppError::refused(
                Some("decision"),
                text!("sector-execution-submit-with-figures"),
            ));
        }
        self.decide_submission(key, decision, who).await
    }

    /// The sector's follow-up report of `year` at the end of `quarter` (by
    /// default, as [`App::sector_progress`]): its progress and how each
    /// structure handed in what the plan asked.
    pub async fn sector_follow_up(
        &self,
        year: Year,
        quarter: Option<Quarter>,
        who: &Actor,
    ) -> Result<SectorFollowUp, AppError> {
        let progress = self.sector_progress(year, quarter, who).await?;
        let call = self.sector_call(year).await?;
        let submissions: Vec<Submission> = projections::views(&self.db, &year.to_string()).await?;
        let of = |subject| {
            submissions
                .iter()
                .filter(|s| s.key.as_ref().is_some_and(|k| k.subject == subject))
                .cloned()
                .collect::<Vec<_>>()
        };
        let due_days = self.mail_config()?.settings.project_figures_due_days;
        let structures: Vec<String> = call.structures.iter().map(|s| s.to_string()).collect();
        let mastery = crate::report::sector_follow_up::mastery(
            &progress,
            &structures,
            call.deadline,
            &of(SubmissionSubject::SectorPlan),
            &of(SubmissionSubject::SectorExecution),
            |q| crate::report::projects::figures_due(year, q, due_days),
        );
        Ok(SectorFollowUp { progress, mastery })
    }

    /// The sector's follow-up report as a Word document or an HTML page,
    /// and its file name.
    pub async fn sector_follow_up_document(
        &self,
        year: Year,
        quarter: Option<Quarter>,
        format: super::DocumentFormat,
        lang: crate::text::Lang,
        who: &Actor,
    ) -> Result<(Vec<u8>, String), AppError> {
        let report = self.sector_follow_up(year, quarter, who).await?;
        let document = crate::report::sector_follow_up::document(
            &report,
            &self.report_settings.identity,
            lang,
        );
        let bytes = format.write(&document, lang)?;
        let period = match report.progress.period {
            SectorPeriod::Quarter => format!("-T{}", report.progress.quarter),
            SectorPeriod::Year => String::new(),
        };
        let name = format!(
            "suivi-pta-secteur-{year}{period}.{}",
            crate::domain::types::Code::code(format)
        );
        Ok((bytes, name))
    }

    /// The history of a structure's execution of a quarter: each
    /// submission, return, approval and reopening, with who, when and why.
    pub async fn sector_quarter_history(
        &self,
        year: Year,
        structure: &str,
        quarter: Quarter,
        who: &Actor,
    ) -> Result<History, AppError> {
        let key = self.submission_key(
            SubmissionSubject::SectorExecution,
            structure,
            year,
            Some(quarter),
        )?;
        self.submission_history(key, who).await
    }

    /// How far the sector's plan of `year` has come at the end of
    /// `quarter`, by structure, by objective and up the directory. By
    /// default: the year's end when the plan is followed by year, else the
    /// current quarter in the current year, the last in another.
    pub async fn sector_progress(
        &self,
        year: Year,
        quarter: Option<Quarter>,
        who: &Actor,
    ) -> Result<SectorProgressReport, AppError> {
        let plan = self.sector_plan(year, who).await?;
        let quarter = self.reported_quarter(plan.period, year, quarter, true)?;
        let executions: Vec<SectorExecution> =
            projections::views(&self.db, &year.to_string()).await?;
        let submissions: Vec<Submission> =
            projections::views::<Submission>(&self.db, &year.to_string())
                .await?
                .into_iter()
                .filter(|s| {
                    s.key
                        .as_ref()
                        .is_some_and(|k| k.subject == SubmissionSubject::SectorExecution)
                })
                .collect();
        let directory = self.directory();
        Ok(crate::report::sector_progress::progress(
            &plan,
            quarter,
            &executions,
            &submissions,
            |s| directory.above(s),
        ))
    }
}

impl App {
    /// The quarter a plan followed by `period` reports for `asked`: one of
    /// its quarters; the last alone (the year) when followed by year, and
    /// then it may go unsaid. Unsaid by quarter, a reading (`reading`) takes
    /// the current quarter of the current year, the last of another; a
    /// change needs it said.
    fn reported_quarter(
        &self,
        period: SectorPeriod,
        year: Year,
        asked: Option<Quarter>,
        reading: bool,
    ) -> Result<Quarter, AppError> {
        match (period, asked) {
            (SectorPeriod::Year, None) => Ok(Quarter::LAST),
            (SectorPeriod::Quarter, Some(q)) => Ok(q),
            (SectorPeriod::Year, Some(q)) if q == Quarter::LAST => Ok(q),
            (SectorPeriod::Year, Some(q)) => Err(AppError::refused(
                Some("quarter"),
                text!(
                    "sector-period-year-only",
                    year = year.value(),
                    quarter = q.value()
                ),
            )),
            (SectorPeriod::Quarter, None) if reading => {
                let today = self.today();
                Ok(if today.year() == year.value() {
                    Quarter::of(today)
                } else {
                    Quarter::LAST
                })
            }
            (SectorPeriod::Quarter, None) => Err(AppError::refused(
                Some("quarter"),
                text!("sector-period-quarter-required", year = year.value()),
            )),
        }
    }
}

impl Refusal for SectorExecutionError {
    fn refusal(&self, subject: &str) -> AppError {
        let t = match self {
            SectorExecutionError::WrongReport => text!("sector-execution-wrong"),
            SectorExecutionError::Empty => text!("import-sector-execution-empty"),
            SectorExecutionError::Twice(code) => {
                text!("import-sector-code-twice", value = code.as_str())
            }
        };
        AppError::refused(None, super::refusals::about(subject, t))
    }
}
