//! The year's credits by budget line, and the revues of the harmonized
//! calendar with their steps.

use chrono::NaiveDate;

use super::refusals::{bad_value, unknown_code};
use super::{App, AppError, Changed};
use crate::domain::access::{Action, Actor};
use crate::domain::finance::{Credits, CreditsCommand};
use crate::domain::recommendation::Recommendation;
use crate::domain::revue::{Revue, RevueCommand, RevueRef};
use crate::domain::types::{Fcfa, SessionId, Year};
use crate::projections;
use crate::text;

/// A credit to record: the line, the stage and the amount, as given.
#[derive(Debug, Clone)]
pub struct CreditInput<'a> {
    pub line: &'a str,
    pub kind: &'a str,
    /// F CFA.
    pub amount: i64,
    /// Worked out rather than read in a document: shown as an estimate.
    pub estimated: bool,
    /// The day the figure stood (default today).
    pub date: Option<chrono::NaiveDate>,
}

/// A revue with the number of recommendations of its session.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RevueSummary {
    pub revue: Revue,
    pub recommendations: usize,
}

impl App {
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
            estimated: credit.estimated,
            // Credits are allotted at the arbitration of the year before.
            effective: super::refusals::effective_day(
                credit.date,
                Year::new(year.value() - 1).ok().map(Year::first_day),
                self.today(),
            )?,
        };
        let id = Credits::aggregate_id(year);
        self.run_one::<Credits>(id.clone(), id, command, &(), who)
            .await
    }

    // ----- Revues -----

    /// The session at which a revue formulates its recommendations, unless
    /// given: the year for the Comité de Coordination, `kind-year` otherwise;
    /// `-N` after it for session N ≥ 2 of the year.
    fn default_session(kind: &str, year: Year, number: u8) -> Result<SessionId, AppError> {
        let mut s = if kind == "comite_coordination" {
            year.to_string()
        } else {
            format!("{kind}-{year}")
        };
        if number > 1 {
            s = format!("{s}-{number}");
        }
        SessionId::parse(&s).map_err(|e| bad_value("session", &e))
    }

    /// Opens session `number` (1 for the first) of a revue of a kind of the
    /// workflow, with its steps and deadlines.
    pub async fn open_revue(
        &self,
        kind: &str,
        year: Year,
        number: u8,
        session: Option<SessionId>,
        who: &Actor,
    ) -> Result<Changed<Revue>, AppError> {
        self.require(who, Action::Record)?;
        let Some(def) = self.workflows.revue_kind(kind) else {
            let known = self.workflows.revues.keys().cloned().collect::<Vec<_>>();
            return Err(AppError::refused(
                Some("kind"),
                text!("revue-kind-unknown", kind = kind, known = known.join(", ")),
            ));
        };
        let id = RevueRef {
            kind: kind.to_string(),
            year,
            number,
        };
        let session = match session {
            Some(s) => s,
            None => Self::default_session(kind, year, number)?,
        };
        let command = RevueCommand::Open {
            kind: def.clone(),
            year,
            number,
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
        super::refusals::bounded("document", document.as_deref())?;
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
