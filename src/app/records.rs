//! Recording what happens: plans and their execution, recommendations and
//! their follow-up, credits, revues. Each use case checks the caller's
//! rights, decides through the aggregates and writes in one transaction.

use std::path::Path;

use chrono::NaiveDate;

use super::refusals::{bad_value, unknown_code};
use super::{App, AppError, Changed, ImportOutcome};
use crate::domain::access::{Action, Actor};
use crate::domain::activity::{Activity, ActivityCommand, ActivityRef};
use crate::domain::finance::{Credits, CreditsCommand};
use crate::domain::recommendation::{
    Recommendation, RecommendationCommand, RecommendationContent, RecommendationRef,
};
use crate::domain::revue::{Revue, RevueCommand, RevueRef};
use crate::domain::types::{ActivityCode, Fcfa, SessionId, StructureCode, Year};
use crate::domain::workflow::RecommendationStatus;
use crate::import::{self, Table};
use crate::projections;
use crate::text;

/// A credit to record: the line, the stage and the amount, as given.
#[derive(Debug, Clone)]
pub struct CreditInput<'a> {
    pub line: &'a str,
    pub kind: &'a str,
    /// F CFA.
    pub amount: i64,
}

/// A revue with the number of recommendations of its session.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RevueSummary {
    #[schema(value_type = Object)]
    pub revue: Revue,
    pub recommendations: usize,
}

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
        self.import_plan_table(&Table::read(path)?, year, who).await
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
        let table = Table::parse_csv(file, csv).map_err(|t| AppError::bad_field("body", t))?;
        self.import_plan_table(&table, year, who).await
    }

    async fn import_plan_table(
        &self,
        table: &Table,
        year: Year,
        who: &Actor,
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
        self.run_import::<Activity>(&table.file, rows, &(), who)
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

    pub async fn execute_activity(
        &self,
        id: &ActivityRef,
        period: Option<String>,
        observation: Option<String>,
        who: &Actor,
    ) -> Result<Changed<Activity>, AppError> {
        let command = ActivityCommand::Execute {
            period,
            observation,
        };
        self.activity_command(id, command, who).await
    }

    /// Records an activity as not executed; the reason is required.
    pub async fn activity_not_executed(
        &self,
        id: &ActivityRef,
        reason: Option<String>,
        who: &Actor,
    ) -> Result<Changed<Activity>, AppError> {
        let reason = reason
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .ok_or_else(|| AppError::bad_field("reason", text!("activity-reason-required")))?;
        let command = ActivityCommand::MarkNotExecuted { reason };
        self.activity_command(id, command, who).await
    }

    pub async fn activity_cost(
        &self,
        id: &ActivityRef,
        engaged: i64,
        liquidated: i64,
        who: &Actor,
    ) -> Result<Changed<Activity>, AppError> {
        let engaged = Fcfa::new(engaged).map_err(|e| bad_value("engaged", &e))?;
        let liquidated = Fcfa::new(liquidated).map_err(|e| bad_value("liquidated", &e))?;
        let command = ActivityCommand::RecordCost {
            engaged,
            liquidated,
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
        let state = written
            .states
            .into_iter()
            .find(|(id, _)| *id == to.aggregate_id())
            .map(|(_, s)| s)
            .unwrap_or_default();
        Ok(Changed {
            events: written.events,
            state,
        })
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

    // ----- Recommendations -----

    /// Imports a session's recommendations from a CSV or XLSX file: every row or none.
    pub async fn import_recommendations(
        &self,
        path: &Path,
        session: &SessionId,
        who: &Actor,
    ) -> Result<ImportOutcome, AppError> {
        self.require(who, Action::Record)?;
        self.import_recommendations_table(&Table::read(path)?, session, who)
            .await
    }

    /// Imports recommendations sent as CSV text (an upload, say) under the name `file`.
    pub async fn import_recommendations_csv(
        &self,
        file: &str,
        csv: &str,
        session: &SessionId,
        who: &Actor,
    ) -> Result<ImportOutcome, AppError> {
        self.require(who, Action::Record)?;
        let table = Table::parse_csv(file, csv).map_err(|t| AppError::bad_field("body", t))?;
        self.import_recommendations_table(&table, session, who)
            .await
    }

    async fn import_recommendations_table(
        &self,
        table: &Table,
        session: &SessionId,
        who: &Actor,
    ) -> Result<ImportOutcome, AppError> {
        self.require(who, Action::Record)?;
        let rows = import::recommendations::parse(table, session, &self.directory)?
            .into_iter()
            .map(|r| {
                let command = RecommendationCommand::Formulate {
                    id: r.id.clone(),
                    content: r.content,
                };
                (r.id.aggregate_id(), r.line, command)
            })
            .collect();
        self.run_import::<Recommendation>(&table.file, rows, &self.recommendation_workflow, who)
            .await
    }

    /// Resolves structure codes against the directory.
    fn structures(&self, codes: &[String]) -> Result<Vec<StructureCode>, AppError> {
        self.directory.resolve_list(&codes.join(",")).map_err(|e| {
            AppError::bad_field(
                "structures",
                text!("structure-unknown", code = e.code, known = e.known),
            )
        })
    }

    pub async fn add_recommendation(
        &self,
        id: &RecommendationRef,
        text: String,
        structures: &[String],
        due: Option<NaiveDate>,
        who: &Actor,
    ) -> Result<Changed<Recommendation>, AppError> {
        self.require(who, Action::Record)?;
        let content = RecommendationContent {
            text,
            structures: self.structures(structures)?,
            due,
        };
        let command = RecommendationCommand::Formulate {
            id: id.clone(),
            content,
        };
        let services = &self.recommendation_workflow;
        self.run_one::<Recommendation>(id.aggregate_id(), id.aggregate_id(), command, services, who)
            .await
    }

    /// A recommendation the caller may see, or not found.
    pub async fn recommendation(
        &self,
        id: &RecommendationRef,
        who: &Actor,
    ) -> Result<Recommendation, AppError> {
        self.require(who, Action::ReadRecommendations)?;
        let not_found =
            || AppError::NotFound(text!("recommendation-unknown", id = id.aggregate_id()));
        let view = projections::view::<Recommendation>(&self.db, &id.aggregate_id())
            .await?
            .ok_or_else(not_found)?;
        match &view.content {
            Some(c) if who.sees(&c.structures) => Ok(view),
            _ => Err(not_found()),
        }
    }

    /// Changes the status of a recommendation per the workflow; a focal
    /// point only those of its structure.
    pub async fn set_recommendation_status(
        &self,
        id: &RecommendationRef,
        status: &str,
        comment: Option<String>,
        evidence: Option<String>,
        who: &Actor,
    ) -> Result<Changed<Recommendation>, AppError> {
        let to: RecommendationStatus = status.parse().map_err(|e| unknown_code("status", &e))?;
        let current = self.recommendation(id, who).await?;
        let structures = current.content.map(|c| c.structures).unwrap_or_default();
        self.require(who, Action::ChangeStatus(&structures))?;
        let command = RecommendationCommand::ChangeStatus {
            to,
            comment,
            evidence,
        };
        let services = &self.recommendation_workflow;
        self.run_one::<Recommendation>(id.aggregate_id(), id.aggregate_id(), command, services, who)
            .await
    }

    /// Carries a recommendation over to a later session under a new number,
    /// optionally reworded; both keep the link, in one transaction. Returns
    /// the target.
    pub async fn carry_over_recommendation(
        &self,
        from: &RecommendationRef,
        to: &RecommendationRef,
        text: Option<String>,
        who: &Actor,
    ) -> Result<Changed<Recommendation>, AppError> {
        self.require(who, Action::Record)?;
        let (source, _) = self.db.load::<Recommendation>(&from.aggregate_id()).await?;
        let Some(mut content) = source.content else {
            return Err(AppError::NotFound(text!(
                "recommendation-unknown",
                id = from.aggregate_id()
            )));
        };
        if let Some(text) = text {
            content.text = text;
        }
        let (target, _) = self.db.load::<Recommendation>(&to.aggregate_id()).await?;
        let mut batch = Vec::new();
        if target.content.is_none() {
            batch.push((
                to.aggregate_id(),
                RecommendationCommand::Formulate {
                    id: to.clone(),
                    content,
                },
            ));
        }
        batch.push((
            to.aggregate_id(),
            RecommendationCommand::ContinueFrom { from: from.clone() },
        ));
        batch.push((
            from.aggregate_id(),
            RecommendationCommand::CarryOver { to: to.clone() },
        ));
        let written = self
            .run::<Recommendation>(batch, &self.recommendation_workflow, who, |id| {
                id.to_string()
            })
            .await?;
        let state = written
            .states
            .into_iter()
            .find(|(id, _)| *id == to.aggregate_id())
            .map(|(_, s)| s)
            .unwrap_or_default();
        Ok(Changed {
            events: written.events,
            state,
        })
    }

    // ----- Finances -----

    /// Records the amount of one budget line at one stage (the latest figure stands).
    pub async fn record_credit(
        &self,
        year: Year,
        credit: CreditInput<'_>,
        who: &Actor,
    ) -> Result<Changed<Credits>, AppError> {
        self.require(who, Action::Record)?;
        let command = CreditsCommand::Record {
            year,
            line: credit.line.parse().map_err(|e| unknown_code("line", &e))?,
            kind: credit.kind.parse().map_err(|e| unknown_code("kind", &e))?,
            amount: Fcfa::new(credit.amount).map_err(|e| bad_value("amount", &e))?,
        };
        let id = Credits::aggregate_id(year);
        self.run_one::<Credits>(id.clone(), id, command, &(), who)
            .await
    }

    // ----- Revues -----

    /// The session at which a revue formulates its recommendations, unless
    /// given: the year for the Comité de Coordination, `kind-year` otherwise.
    fn default_session(kind: &str, year: Year) -> Result<SessionId, AppError> {
        let s = if kind == "comite_coordination" {
            year.to_string()
        } else {
            format!("{kind}-{year}")
        };
        SessionId::parse(&s).map_err(|e| bad_value("session", &e))
    }

    /// Opens a revue of a kind of the workflow, with its steps and deadlines.
    pub async fn open_revue(
        &self,
        kind: &str,
        year: Year,
        session: Option<SessionId>,
        who: &Actor,
    ) -> Result<Changed<Revue>, AppError> {
        self.require(who, Action::Record)?;
        let Some(def) = self.workflows.revue_kind(kind) else {
            let known = self.workflows.revues.keys().cloned().collect::<Vec<_>>();
            return Err(AppError::bad_field(
                "kind",
                text!("revue-kind-unknown", kind = kind, known = known.join(", ")),
            ));
        };
        let id = RevueRef {
            kind: kind.to_string(),
            year,
        };
        let session = match session {
            Some(s) => s,
            None => Self::default_session(kind, year)?,
        };
        let command = RevueCommand::Open {
            kind: def.clone(),
            year,
            session,
        };
        self.run_one::<Revue>(id.aggregate_id(), id.aggregate_id(), command, &(), who)
            .await
    }

    pub async fn complete_revue_step(
        &self,
        id: &RevueRef,
        step: String,
        date: NaiveDate,
        document: Option<String>,
        who: &Actor,
    ) -> Result<Changed<Revue>, AppError> {
        self.require(who, Action::Record)?;
        let command = RevueCommand::CompleteStep {
            step,
            date,
            document,
        };
        self.run_one::<Revue>(id.aggregate_id(), id.aggregate_id(), command, &(), who)
            .await
    }

    /// The revues of a year with the number of recommendations of their session.
    pub async fn revues(&self, year: Year, who: &Actor) -> Result<Vec<RevueSummary>, AppError> {
        self.require(who, Action::ReadTables)?;
        let revues: Vec<Revue> = projections::views(&self.db, &year.to_string()).await?;
        let mut out = Vec::new();
        for revue in revues {
            let recommendations = match &revue.session {
                Some(s) => projections::views::<Recommendation>(&self.db, s.as_str())
                    .await?
                    .len(),
                None => 0,
            };
            out.push(RevueSummary {
                revue,
                recommendations,
            });
        }
        Ok(out)
    }
}
