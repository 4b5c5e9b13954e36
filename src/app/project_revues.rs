//! A ministry's revue annuelle des projets/programmes, and the monitoring
//! missions: what they covered, what they found, and the session of their
//! recommendations (followed like the others, apart from the yearly report's
//! Tableaux 4 and 5).

use chrono::NaiveDate;

use super::refusals::{bad_value, Refusal};
use super::{App, AppError, Changed, DocumentFormat};
use crate::domain::access::{Action, Actor};
use crate::domain::mission::{
    Mission, MissionCommand, MissionDetails, MissionError, MissionName, VisitedProject,
};
use crate::domain::project::{Project, ProjectCode};
use crate::domain::project_revue::{ProjectRevue, ProjectRevueCommand, ProjectRevueError};
use crate::domain::recommendation::Recommendation;
use crate::domain::types::{StructureCode, Year};
use crate::projections;
use crate::report::project_revue::{ProjectRevueReport, RevueProjectLine};
use crate::report::RecommendationsReport;
use crate::text;
use crate::text::{Arg, Lang};

/// A mission to record, as given.
#[derive(Debug, Clone)]
pub struct MissionInput<'a> {
    pub name: &'a str,
    pub year: Year,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub place: &'a str,
    /// Codes of the portfolio, or titles of projects it does not hold,
    /// `;`-separated.
    pub projects: &'a str,
    /// Structures visited or met, as the documents write them.
    pub structures: Option<&'a str>,
    pub findings: Option<String>,
}

impl App {
    fn ministry(&self, written: &str) -> Result<StructureCode, AppError> {
        crate::import::projects::one_structure(&self.directory(), written)
            .map_err(|t| AppError::refused(Some("ministry"), t))
    }

    /// Opens a ministry's revue des projets held in `year` (reviewing the
    /// year before), on `held_on`, covering `projects` (codes, `,`-separated;
    /// by default every project of the ministry that ran in the year reviewed).
    pub async fn open_project_revue(
        &self,
        ministry: &str,
        year: Year,
        held_on: Option<NaiveDate>,
        projects: Option<&str>,
        estimated: bool,
        who: &Actor,
    ) -> Result<Changed<ProjectRevue>, AppError> {
        self.require(who, Action::Record)?;
        let ministry = self.ministry(ministry)?;
        let covered: Vec<ProjectCode> = match projects.map(str::trim).filter(|p| !p.is_empty()) {
            Some(list) => {
                let mut out = Vec::new();
                for code in list
                    .split([',', ';'])
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                {
                    out.push(self.project(code, who).await?.code.expect("registered"));
                }
                out
            }
            None => {
                let reviewed = Year::new(year.value() - 1).map_err(|e| bad_value("year", &e))?;
                let mut all = projections::all::<Project>(&self.db).await?;
                all.sort_by(|a, b| a.code.cmp(&b.code));
                all.into_iter()
                    .filter(|p| {
                        p.details.as_ref().is_some_and(|d| {
                            d.ministry == ministry && d.parent.is_none() && d.runs_in(reviewed)
                        })
                    })
                    .filter_map(|p| p.code)
                    .collect()
            }
        };
        let id = ProjectRevue::aggregate_id(&ministry, year);
        let command = ProjectRevueCommand::Open {
            ministry,
            year,
            held_on,
            projects: covered,
            estimated,
        };
        self.run_one::<ProjectRevue>(id.clone(), id, command, &(), who)
            .await
    }

    /// The difficulties a project met, as the revue states them.
    pub async fn record_revue_difficulties(
        &self,
        ministry: &str,
        year: Year,
        code: &str,
        text: String,
        who: &Actor,
    ) -> Result<Changed<ProjectRevue>, AppError> {
        self.require(who, Action::Record)?;
        super::refusals::bounded("text", Some(&text))?;
        let ministry = self.ministry(ministry)?;
        let project = self.project(code, who).await?.code.expect("registered");
        let id = ProjectRevue::aggregate_id(&ministry, year);
        let command = ProjectRevueCommand::RecordDifficulties { project, text };
        self.run_one::<ProjectRevue>(id.clone(), id, command, &(), who)
            .await
    }

    /// A ministry's revue with its projects' rates of the year reviewed (as
    /// of its 31 December) and its recommendations.
    pub async fn project_revue_report(
        &self,
        ministry: &str,
        year: Year,
        who: &Actor,
    ) -> Result<ProjectRevueReport, AppError> {
        self.require(who, Action::ReadTables)?;
        let ministry = self.ministry(ministry)?;
        let revue = projections::view::<ProjectRevue>(
            &self.db,
            &ProjectRevue::aggregate_id(&ministry, year),
        )
        .await?
        .filter(|r| r.year.is_some())
        .ok_or_else(|| {
            AppError::NotFound(text!(
                "project-revue-unknown",
                ministry = ministry.as_str(),
                year = year.value()
            ))
        })?;
        let reviewed = revue
            .reviewed_year()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("a revue without its year")))?;
        let portfolio = self
            .project_portfolio(reviewed, Some(reviewed.last_day()), who)
            .await?;
        let projects = projections::all::<Project>(&self.db).await?;
        let lines = revue
            .projects
            .iter()
            .map(|code| {
                let line = portfolio.projects.iter().find(|l| l.code == code.as_str());
                let title = projects
                    .iter()
                    .find(|p| p.code.as_ref() == Some(code))
                    .and_then(|p| p.details.as_ref())
                    .map(|d| d.title.clone())
                    .unwrap_or_default();
                RevueProjectLine {
                    code: code.to_string(),
                    title,
                    financial_rate: line.and_then(|l| l.financial_rate),
                    physical_rate: line.and_then(|l| l.physical_rate),
                    difficulties: revue.difficulties.get(code).cloned(),
                    estimated: line.is_some_and(|l| l.estimated),
                }
            })
            .collect();
        let session = ProjectRevue::session(&ministry, year)
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("a revue without its session")))?;
        let recommendations = self.session_recommendations(&session, who).await?;
        Ok(ProjectRevueReport {
            ministry_name: self
                .directory()
                .get(&ministry)
                .map(|s| s.name.clone())
                .unwrap_or_else(|| ministry.to_string()),
            ministry: ministry.to_string(),
            year: year.value(),
            reviewed_year: reviewed.value(),
            held_on: revue.held_on,
            projects_estimated: revue.estimated,
            projects: lines,
            recommendations,
        })
    }

    /// The recommendations of a session the caller sees; none yet is an
    /// empty table, not an error.
    async fn session_recommendations(
        &self,
        session: &crate::domain::types::SessionId,
        who: &Actor,
    ) -> Result<RecommendationsReport, AppError> {
        let recommendations =
            projections::views::<Recommendation>(&self.db, session.as_str()).await?;
        Ok(self.visible_report(session, recommendations, who))
    }

    /// A ministry's revue report as a Word document or an HTML page, and
    /// its file name.
    pub async fn project_revue_document(
        &self,
        ministry: &str,
        year: Year,
        format: DocumentFormat,
        lang: Lang,
        who: &Actor,
    ) -> Result<(Vec<u8>, String), AppError> {
        let report = self.project_revue_report(ministry, year, who).await?;
        let document =
            crate::report::project_revue::document(&report, &self.report_settings.identity, lang);
        let bytes = format.write(&document, lang)?;
        let name = format!(
            "revue-projets-{}-{}.{}",
            report.ministry.replace('/', "-").to_lowercase(),
            year,
            crate::domain::types::Code::code(format)
        );
        Ok((bytes, name))
    }

    /// Records a monitoring mission (again: updates it).
    pub async fn record_mission(
        &self,
        input: MissionInput<'_>,
        who: &Actor,
    ) -> Result<Changed<Mission>, AppError> {
        self.require(who, Action::Record)?;
        super::refusals::bounded("findings", input.findings.as_deref())?;
        super::refusals::bounded("place", Some(input.place))?;
        let name = MissionName::parse(input.name).map_err(|e| bad_value("name", &e))?;
        let mut projects = Vec::new();
        for written in input
            .projects
            .split(';')
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let known = match ProjectCode::parse(written) {
                Ok(code) => projections::view::<Project>(&self.db, &Project::aggregate_id(&code))
                    .await?
                    .filter(|p| p.code.is_some()),
                Err(_) => None,
            };
            projects.push(match known {
                Some(p) => VisitedProject {
                    title: p.details.map(|d| d.title).unwrap_or_default(),
                    code: p.code,
                },
                None => VisitedProject {
                    code: None,
                    title: written.to_string(),
                },
            });
        }
        let structures = match input.structures.map(str::trim).filter(|s| !s.is_empty()) {
            Some(list) => self
                .directory()
                .resolve_list(list)
                .map_err(|e| AppError::refused(Some("structures"), e.text()))?,
            None => Vec::new(),
        };
        let details = MissionDetails {
            from: input.from,
            to: input.to,
            place: input.place.trim().to_string(),
            structures,
            projects,
            findings: input.findings.filter(|f| !f.trim().is_empty()),
        };
        let id = Mission::aggregate_id(&name, input.year);
        let command = MissionCommand::Record {
            name,
            year: input.year,
            details,
        };
        self.run_one::<Mission>(id.clone(), id, command, &(), who)
            .await
    }

    /// The missions of a year, with their recommendations.
    pub async fn missions(
        &self,
        year: Year,
        who: &Actor,
    ) -> Result<Vec<(Mission, RecommendationsReport)>, AppError> {
        self.require(who, Action::ReadTables)?;
        let mut missions: Vec<Mission> = projections::views(&self.db, &year.to_string()).await?;
        missions.sort_by_key(|m| m.details.as_ref().map(|d| d.from));
        let mut out = Vec::new();
        for m in missions {
            let Some(name) = m.name.clone() else { continue };
            let session = Mission::session(&name, year);
            let recommendations = self.session_recommendations(&session, who).await?;
            out.push((m, recommendations));
        }
        Ok(out)
    }
}

impl Refusal for ProjectRevueError {
    fn refusal(&self, subject: &str) -> AppError {
        let (field, t) = match self {
            ProjectRevueError::NotOpened => (None, text!("project-revue-not-opened")),
            ProjectRevueError::WrongRevue(m, y, other, other_year) => (
                Some("ministry"),
                text!(
                    "project-revue-wrong",
                    ministry = m.as_str(),
                    year = y.value(),
                    other = other.as_str(),
                    other_year = other_year.value()
                ),
            ),
            ProjectRevueError::HeldOutsideYear(day, year) => (
                Some("date"),
                text!(
                    "project-revue-held-outside",
                    day = Arg::Date(*day),
                    year = year.value()
                ),
            ),
            ProjectRevueError::NotCovered(code) => (
                Some("code"),
                text!("project-revue-not-covered", code = code.to_string()),
            ),
            ProjectRevueError::NoProject => (Some("projects"), text!("project-revue-no-project")),
            ProjectRevueError::Impossible(m, y) => (
                Some("year"),
                text!(
                    "project-revue-impossible",
                    ministry = m.as_str(),
                    year = y.value()
                ),
            ),
        };
        AppError::refused(field, super::refusals::about(subject, t))
    }
}

impl Refusal for MissionError {
    fn refusal(&self, subject: &str) -> AppError {
        let (field, t) = match self {
            MissionError::EndsBeforeStart { from, to } => (
                "to",
                text!(
                    "mission-ends-before",
                    from = Arg::Date(*from),
                    to = Arg::Date(*to)
                ),
            ),
            MissionError::OutsideYear(day, year) => (
                "from",
                text!(
                    "mission-outside-year",
                    day = Arg::Date(*day),
                    year = year.value()
                ),
            ),
            MissionError::NoProject => ("projects", text!("mission-no-project")),
        };
        AppError::refused(Some(field), super::refusals::about(subject, t))
    }
}
