//! The plan's activities: importing a year's plan, recording execution,
//! non-execution and costs, carrying an activity over to a later plan. Each
//! use case checks the caller's rights, decides through the aggregate and
//! writes in one transaction.

use std::path::Path;

use chrono::NaiveDate;

use super::refusals::{bad_value, effective_day};
use super::{App, AppError, Changed, Commit, ImportOutcome};
use crate::domain::access::{Action, Actor};
use crate::domain::activity::{Activity, ActivityCommand, ActivityRef, ProducedDocument};
use crate::domain::types::{ActivityCode, Fcfa, Year};
use crate::import::{self, Table};
use crate::projections;
use crate::text;

impl App {
    // ----- Activities -----

    /// Imports a year's plan from a CSV or XLSX file: every row or none.
    pub async fn import_plan(
        &self,
        path: &Path,
        year: Year,
        who: &Actor,
    ) -> Result<ImportOutcome, AppError> {
        self.require(who, Action::Record)?;
        self.import_plan_table(&Table::read(path)?, year, who, Commit::Always)
            .await
    }

    /// Imports a plan sent as CSV text (an upload, say) under the name `file`.
    pub async fn import_plan_csv(
        &self,
        file: &str,
        csv: &str,
        year: Year,
        who: &Actor,
    ) -> Result<ImportOutcome, AppError> {
        self.require(who, Action::Record)?;
        let table =
            Table::parse_csv(file, csv).map_err(|e| AppError::bad_field("body", e.text()))?;
        self.import_plan_table(&table, year, who, Commit::Always)
            .await
    }

    pub(super) async fn import_plan_table(
        &self,
        table: &Table,
        year: Year,
        who: &Actor,
        commit: Commit<'_>,
    ) -> Result<ImportOutcome, AppError> {
        self.require(who, Action::Record)?;
        let rows = import::plan::parse(table, year)?
            .into_iter()
            .map(|r| {
                let command = ActivityCommand::Plan {
                    id: r.id.clone(),
                    plan: r.plan,
                };
                (r.id.aggregate_id(), r.line, command)
            })
            .collect();
        self.run_import::<Activity>(&table.file, rows, &(), who, commit)
            .await
    }

    async fn activity_command(
        &self,
        id: &ActivityRef,
        command: ActivityCommand,
        who: &Actor,
    ) -> Result<Changed<Activity>, AppError> {
        self.require(who, Action::Record)?;
        self.run_one::<Activity>(id.aggregate_id(), id.aggregate_id(), command, &(), who)
            .await
    }

    /// Writes the narrative of a planned activity for the yearly report
    /// (what was done, how, with whom), in Markdown.
    pub async fn write_activity_narrative(
        &self,
        id: &ActivityRef,
        markdown: String,
        who: &Actor,
    ) -> Result<Changed<Activity>, AppError> {
        super::refusals::bounded_to(
            "file",
            Some(&markdown),
            crate::domain::report::MAX_SECTION_CHARS,
        )?;
        let command = ActivityCommand::WriteNarrative { markdown };
        self.activity_command(id, command, who).await
    }

    /// Marks the document of suivi the activity produces, of the year it
    /// is of (none: no longer any); the yearly report links it from the
    /// activity.
    pub async fn mark_activity_document(
        &self,
        id: &ActivityRef,
        document: Option<ProducedDocument>,
        who: &Actor,
    ) -> Result<Changed<Activity>, AppError> {
        self.activity_command(id, ActivityCommand::MarkDocument { document }, who)
            .await
    }

    /// The day a fact about an activity took effect: `date`, by default
    /// today; from 1 January of its plan's year to today.
    fn activity_day(
        &self,
        id: &ActivityRef,
        date: Option<NaiveDate>,
    ) -> Result<NaiveDate, AppError> {
        effective_day(date, Some(id.year.first_day()), self.today())
    }

    /// Records an activity as executed on `date` (default today).
    pub async fn execute_activity(
        &self,
        id: &ActivityRef,
        period: Option<String>,
        observation: Option<String>,
        date: Option<NaiveDate>,
        who: &Actor,
    ) -> Result<Changed<Activity>, AppError> {
        super::refusals::bounded("period", period.as_deref())?;
        super::refusals::bounded("observation", observation.as_deref())?;
        let command = ActivityCommand::Execute {
            period,
            observation,
            effective: self.activity_day(id, date)?,
        };
        self.activity_command(id, command, who).await
    }

    /// Records an activity as not executed on `date` (default today); the
    /// reason is required.
    pub async fn activity_not_executed(
        &self,
        id: &ActivityRef,
        reason: Option<String>,
        date: Option<NaiveDate>,
        who: &Actor,
    ) -> Result<Changed<Activity>, AppError> {
        super::refusals::bounded("reason", reason.as_deref())?;
        let reason = reason
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .ok_or_else(|| AppError::refused(Some("reason"), text!("activity-reason-required")))?;
        let command = ActivityCommand::MarkNotExecuted {
            reason,
            effective: self.activity_day(id, date)?,
        };
        self.activity_command(id, command, who).await
    }

    /// Records an activity's costs as they stood on `date` (default today).
    pub async fn activity_cost(
        &self,
        id: &ActivityRef,
        engaged: i64,
        liquidated: i64,
        date: Option<NaiveDate>,
        who: &Actor,
    ) -> Result<Changed<Activity>, AppError> {
        let engaged = Fcfa::new(engaged).map_err(|e| bad_value("engaged", &e))?;
        let liquidated = Fcfa::new(liquidated).map_err(|e| bad_value("liquidated", &e))?;
        let command = ActivityCommand::RecordCost {
            engaged,
            liquidated,
            effective: self.activity_day(id, date)?,
        };
        self.activity_command(id, command, who).await
    }

    /// Carries an activity over to a later plan: the target is created from
    /// the source when missing, and both keep the link, in one transaction.
    /// Returns the target.
    pub async fn carry_over_activity(
        &self,
        from: &ActivityRef,
        to_year: Year,
        to_code: Option<ActivityCode>,
        who: &Actor,
    ) -> Result<Changed<Activity>, AppError> {
        self.require(who, Action::Record)?;
        let to = ActivityRef {
            year: to_year,
            code: to_code.unwrap_or_else(|| from.code.clone()),
        };
        let (source, _) = self.db.load::<Activity>(&from.aggregate_id()).await?;
        let Some(plan) = source.plan else {
            return Err(AppError::NotFound(text!(
                "activity-unknown",
                year = from.year.value(),
                code = from.code.to_string()
            )));
        };
        let (target, _) = self.db.load::<Activity>(&to.aggregate_id()).await?;
        let mut batch = Vec::new();
        if target.plan.is_none() {
            batch.push((
                to.aggregate_id(),
                ActivityCommand::Plan {
                    id: to.clone(),
                    plan,
                },
            ));
        }
        batch.push((
            to.aggregate_id(),
            ActivityCommand::ContinueFrom { from: from.clone() },
        ));
        batch.push((
            from.aggregate_id(),
            ActivityCommand::CarryOver { to: to.clone() },
        ));
        let written = self
            .run::<Activity>(batch, &(), who, |id| id.to_string())
            .await?;
        Ok(Changed::of(written, &to.aggregate_id()))
    }

    /// The year's activities as recorded, by code: their narratives and the
    /// documents they produce, for the forms.
    pub async fn activity_details(
        &self,
        year: Year,
        who: &Actor,
    ) -> Result<std::collections::BTreeMap<String, Activity>, AppError> {
        self.require(who, Action::ReadTables)?;
        Ok(projections::views::<Activity>(&self.db, &year.to_string())
            .await?
            .into_iter()
            .filter_map(|a| Some((a.id.as_ref()?.code.to_string(), a)))
            .collect())
    }

    /// One activity of a plan, or not found.
    pub async fn activity(&self, id: &ActivityRef, who: &Actor) -> Result<Activity, AppError> {
        self.require(who, Action::ReadTables)?;
        projections::view::<Activity>(&self.db, &id.aggregate_id())
            .await?
            .ok_or_else(|| {
                AppError::NotFound(text!(
                    "activity-unknown",
                    year = id.year.value(),
                    code = id.code.to_string()
                ))
            })
    }
}
