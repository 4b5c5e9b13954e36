//! Recommendations: importing or formulating a session's recommendations,
//! following their status per the workflow (a focal point those of its
//! structure), and carrying them over to a later session.

use std::path::Path;

use chrono::NaiveDate;

use super::refusals::unknown_code;
use super::{App, AppError, Changed, Commit, ImportOutcome};
use crate::domain::access::{Action, Actor};
use crate::domain::recommendation::{
    Recommendation, RecommendationCommand, RecommendationContent, RecommendationRef,
};
use crate::domain::types::{SessionId, StructureCode};
use crate::domain::workflow::RecommendationStatus;
use crate::import::{self, Table};
use crate::projections;
use crate::store::Companion;
use crate::text;

/// A status change as asked: the new status, the focal point's comment, the
/// reference of the evidence and its files, and the day it took effect.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusChange {
    pub status: String,
    pub comment: Option<String>,
    pub evidence: Option<String>,
    pub documents: Vec<super::Upload>,
    pub date: Option<chrono::NaiveDate>,
}

impl StatusChange {
    /// A change to `status` with its comment, evidence reference and day,
    /// and no file.
    pub fn new(
        status: &str,
        comment: Option<String>,
        evidence: Option<String>,
        date: Option<chrono::NaiveDate>,
    ) -> StatusChange {
        StatusChange {
            status: status.to_string(),
            comment,
            evidence,
            documents: Vec::new(),
            date,
        }
    }
}

impl App {
    /// Imports a session's recommendations from a CSV or XLSX file: every row or none.
    pub async fn import_recommendations(
        &self,
        path: &Path,
        session: &SessionId,
        who: &Actor,
    ) -> Result<ImportOutcome, AppError> {
        self.require(who, Action::Record)?;
        self.import_recommendations_table(&Table::read(path)?, session, who, Commit::Always)
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
        let table =
            Table::parse_csv(file, csv).map_err(|e| AppError::bad_field("body", e.text()))?;
        self.import_recommendations_table(&table, session, who, Commit::Always)
            .await
    }

    pub(super) async fn import_recommendations_table(
        &self,
        table: &Table,
        session: &SessionId,
        who: &Actor,
        commit: Commit<'_>,
    ) -> Result<ImportOutcome, AppError> {
        self.require(who, Action::Record)?;
        let rows = import::recommendations::parse(table, session, &self.directory())?
            .into_iter()
            .map(|r| {
                let command = RecommendationCommand::Formulate {
                    id: r.id.clone(),
                    content: r.content,
                };
                (r.id.aggregate_id(), r.line, command)
            })
            .collect();
        self.run_import::<Recommendation>(
            &table.file,
            rows,
            &self.recommendation_workflow,
            who,
            commit,
        )
        .await
    }

    /// Resolves structure codes against the directory.
    fn structures(&self, codes: &[String]) -> Result<Vec<StructureCode>, AppError> {
        self.directory()
            .resolve_list(&codes.join(","))
            .map_err(|e| {
                // The directory is configuration: a code may be added to it.
                AppError::refused(Some("structures"), e.text())
            })
    }

    pub async fn add_recommendation(
        &self,
        id: &RecommendationRef,
        text: String,
        structures: &[String],
        due: Option<NaiveDate>,
        project: Option<&str>,
        who: &Actor,
    ) -> Result<Changed<Recommendation>, AppError> {
        self.require(who, Action::Record)?;
        super::refusals::bounded("text", Some(&text))?;
        // The project a recommendation names is input to check, like its
        // structures: refused, not « not found ».
        let project = match project.map(str::trim).filter(|p| !p.is_empty()) {
            Some(code) => {
                self.project(code, who)
                    .await
                    .map_err(|e| match e {
                        AppError::NotFound(text) | AppError::BadInput { text, .. } => {
                            AppError::refused(Some("project"), text)
                        }
                        other => other,
                    })?
                    .code
            }
            None => None,
        };
        let content = RecommendationContent {
            text,
            structures: self.structures(structures)?,
            due,
            project,
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

    /// Changes the status of a recommendation per the workflow, taking
    /// effect on its date (default today), with the documents sent as
    /// evidence kept in the same transaction; a focal point only those of
    /// its structure.
    pub async fn set_recommendation_status(
        &self,
        id: &RecommendationRef,
        change: StatusChange,
        who: &Actor,
    ) -> Result<Changed<Recommendation>, AppError> {
        let to: RecommendationStatus = change
            .status
            .parse()
            .map_err(|e| unknown_code("status", &e))?;
        super::refusals::bounded("comment", change.comment.as_deref())?;
        super::refusals::bounded("evidence", change.evidence.as_deref())?;
        self.may_change_status(id, who).await?;
        let (documents, rows) = self.documents_of(id, change.documents)?;
        let first = id
            .session
            .year()
            .and_then(|y| chrono::NaiveDate::from_ymd_opt(y, 1, 1));
        let command = RecommendationCommand::ChangeStatus {
            to,
            comment: change.comment,
            evidence: change.evidence,
            documents,
            effective: super::refusals::effective_day(change.date, first, self.today())?,
        };
        let services = &self.recommendation_workflow;
        self.run_one_with::<Recommendation>(
            id.aggregate_id(),
            command,
            services,
            who,
            Companion::Documents(&rows),
        )
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
        super::refusals::bounded("text", text.as_deref())?;
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
        Ok(Changed::of(written, &to.aggregate_id()))
    }
}
