//! One project's sheet in a year, for whoever follows it: the CPS and the
//! readers of the tables, or the focal points of its structure and ministry.

use chrono::NaiveDate;

use super::{App, AppError};
use crate::domain::access::{Action, Actor};
use crate::domain::arbitration::Arbitration;
use crate::domain::execution::ProjectYear;
use crate::domain::project::Project;
use crate::domain::recommendation::Recommendation;
use crate::domain::submission::{Submission, SubmissionKey, SubmissionSubject};
use crate::domain::types::{Code, Quarter, Year};
use crate::projections;
use crate::report::project_sheet::{
    ProjectSheet, SheetArbitration, SheetQuarter, SheetRecommendation,
};
use crate::report::projects::{figures_due, portfolio, quarter_missing, reports_in};

impl App {
    /// Whether `who` follows `project`: everyone who reads the tables, and
    /// the focal points of its structure or ministry.
    pub(super) fn follows_project(&self, project: &Project, who: &Actor) -> bool {
        who.may(Action::ReadTables)
            || project
                .details
                .as_ref()
                .is_some_and(|d| who.sees(&d.structures()))
    }

    /// The sheet of the project `code` (or a title or alias of it) in
    /// `year`, as of `as_of` (default today).
    pub async fn project_sheet(
        &self,
        code: &str,
        year: Year,
        as_of: Option<NaiveDate>,
        who: &Actor,
    ) -> Result<ProjectSheet, AppError> {
        self.require(who, Action::ReadProgress)?;
        let project = self.project(code).await?;
        if !self.follows_project(&project, who) {
            return Err(AppError::Forbidden);
        }
        let as_of = as_of.unwrap_or_else(|| self.today());
        let (Some(code), Some(details)) = (project.code.clone(), project.details.clone()) else {
            return Err(AppError::Forbidden);
        };
        let execution =
            projections::view::<ProjectYear>(&self.db, &ProjectYear::aggregate_id(&code, year))
                .await?;
        let arbitration =
            projections::view::<Arbitration>(&self.db, &Arbitration::aggregate_id(year)).await?;
        let structure = details.reporting_structure().clone();
        let mut submissions = Vec::new();
        for q in Quarter::ALL {
            let key = SubmissionKey {
                subject: SubmissionSubject::Projects,
                structure: structure.clone(),
                year,
                quarter: Some(q),
            };
            if let Some(s) = projections::view::<Submission>(&self.db, &key.aggregate_id()).await? {
                submissions.push(s);
            }
        }
        let due_days = self.mail_config()?.settings.project_figures_due_days;
        let executions: Vec<ProjectYear> = execution.iter().cloned().collect();
        let line = portfolio(
            year,
            as_of,
            std::slice::from_ref(&project),
            &executions,
            arbitration.as_ref(),
            &submissions,
            due_days,
        )
        .projects
        .pop();
        let entry = arbitration.as_ref().and_then(|a| a.entries.get(&code));
        let handed_in = |q: Quarter| {
            submissions.iter().any(|s| {
                s.key.as_ref().and_then(|k| k.quarter) == Some(q)
                    && s.submitted_on.is_some_and(|d| d <= as_of)
                    && matches!(
                        s.state,
                        Some(
                            crate::domain::submission::SubmissionState::Submitted
                                | crate::domain::submission::SubmissionState::Approved
                        )
                    )
            })
        };
        let submitted = |_: &crate::domain::types::StructureCode, q: Quarter| handed_in(q);
        let reports = reports_in(
            &project,
            execution.as_ref(),
            entry.is_some_and(|e| e.is_funded()),
            year,
        );
        let quarters = Quarter::ALL
            .into_iter()
            .map(|q| {
                let due = figures_due(year, q, due_days);
                let submission = submissions
                    .iter()
                    .find(|s| s.key.as_ref().and_then(|k| k.quarter) == Some(q));
                let missing = quarter_missing(&project, execution.as_ref(), &submitted, year, q);
                SheetQuarter {
                    quarter: q.value(),
                    due,
                    structure: structure.to_string(),
                    state: submission
                        .and_then(|s| s.state)
                        .map(|s| s.code().to_string()),
                    figures: execution.as_ref().is_some_and(|e| {
                        e.has_figures_between(q.first_day(year.value()), q.last_day(year.value()))
                    }),
                    late: reports && missing && due < as_of,
                    // A return's comment or a reopening's reason, while it stands.
                    comment: submission
                        .filter(|s| {
                            matches!(
                                s.state,
                                Some(
                                    crate::domain::submission::SubmissionState::Returned
                                        | crate::domain::submission::SubmissionState::Draft
                                )
                            )
                        })
                        .and_then(|s| s.last_comment.clone()),
                }
            })
            .collect();
        let mut sub_projects: Vec<String> = projections::all::<Project>(&self.db)
            .await?
            .into_iter()
            .filter(|p| {
                p.details
                    .as_ref()
                    .is_some_and(|d| d.parent.as_ref() == Some(&code))
            })
            .filter_map(|p| p.code.map(|c| c.to_string()))
            .collect();
        sub_projects.sort();
        let mut recommendations: Vec<SheetRecommendation> =
            projections::all::<Recommendation>(&self.db)
                .await?
                .into_iter()
                .filter_map(|r| {
                    let (id, content) = (r.id?, r.content?);
                    (content.project.as_ref() == Some(&code) && who.sees(&content.structures)).then(
                        || SheetRecommendation {
                            session: id.session.to_string(),
                            number: id.number,
                            text: content.text,
                            status: r.status.map(|s| s.code().to_string()).unwrap_or_default(),
                            structures: content.structures.iter().map(|s| s.to_string()).collect(),
                        },
                    )
                })
                .collect();
        recommendations.sort_by(|a, b| (&a.session, a.number).cmp(&(&b.session, b.number)));
        let (credits, physical) = match execution {
            Some(mut e) => {
                e.credits.sort_by_key(|c| c.effective);
                e.physical.sort_by_key(|p| p.date);
                (e.credits, e.physical)
            }
            None => Default::default(),
        };
        Ok(ProjectSheet {
            code: code.to_string(),
            title: details.title.clone(),
            aliases: details.aliases.clone(),
            ministry: details.ministry.to_string(),
            structure: details.structure.as_ref().map(|s| s.to_string()),
            kind: details.kind.code().to_string(),
            parent: details.parent.as_ref().map(|c| c.to_string()),
            sub_projects,
            funding: details.funding.iter().map(|f| f.label()).collect(),
            total_cost: details.total_cost.map(|c| c.value()),
            start: details.start.map(|y| y.value()),
            end: details.end.map(|y| y.value()),
            pti: details.pti.map(|y| y.value()),
            manager_email: details.manager_email.clone(),
            details_estimated: details.estimated,
            year: year.value(),
            as_of,
            line,
            arbitration: entry.map(|e| SheetArbitration {
                presented: e.presented,
                new: e.new,
                funded: e.funded.map(|f| f.value()),
                estimated: e.estimated,
            }),
            credits,
            physical,
            quarters,
            recommendations,
        })
    }
}
