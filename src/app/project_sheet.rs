//! One project's sheet in a year, for whoever follows it: the CPS and the
//! readers of the tables, or the focal points of its structure and ministry.

use chrono::{Datelike, NaiveDate};

use super::{App, AppError};
use crate::domain::access::{Action, Actor};
use crate::domain::arbitration::Arbitration;
use crate::domain::execution::ProjectYear;
use crate::domain::project::Project;
use crate::domain::recommendation::Recommendation;
use crate::domain::submission::{Submission, SubmissionKey, SubmissionState, SubmissionSubject};
use crate::domain::types::{Code, Quarter, StructureCode, Year};
use crate::projections;
use crate::report::project_sheet::{
    ProjectSheet, SheetArbitration, SheetQuarter, SheetRecommendation,
};
use crate::report::projects::{figures_due, handed_in, portfolio, quarter_missing, reports_in};

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

    /// The project `code` (or a title or alias of it among those `who`
    /// follows), if `who` follows it.
    pub(super) async fn followed_project(
        &self,
        code: &str,
        who: &Actor,
    ) -> Result<Project, AppError> {
        let project = self.project(code, who).await?;
        if !self.follows_project(&project, who) {
            return Err(AppError::Forbidden);
        }
        Ok(project)
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
        let project = self.followed_project(code, who).await?;
        let as_of = as_of.unwrap_or_else(|| self.today());
        let (Some(code), Some(details)) = (project.code.clone(), project.details.clone()) else {
            return Err(AppError::NotFound(crate::text!(
                "project-unknown",
                code = code
            )));
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
        let handed_in = handed_in(&submissions, year, as_of);
        let submitted = |s: &StructureCode, q: Quarter| handed_in.contains(&(s.clone(), q));
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
                                Some(SubmissionState::Returned | SubmissionState::Draft)
                            )
                        })
                        .and_then(|s| s.last_comment.clone()),
                    may_submit: who.may(Action::RecordProjectFigures(std::slice::from_ref(
                        &structure,
                    ))),
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
            may_record: who.may(Action::RecordProjectFigures(&details.structures())),
            may_decide: who.may(Action::Record),
        })
    }

    /// The projects of `year` (default this year) that lag or are late.
    pub(super) async fn lagging_projects(
        &self,
        year: Option<Year>,
        who: &Actor,
    ) -> Result<Vec<crate::report::projects::PortfolioLine>, AppError> {
        let Some(year) = year.or_else(|| Year::new(self.today().year()).ok()) else {
            return Ok(Vec::new());
        };
        let portfolio = self.project_portfolio(year, None, who).await?;
        Ok(portfolio
            .projects
            .into_iter()
            .filter(|l| l.lag.is_some() || l.late)
            .collect())
    }
}
