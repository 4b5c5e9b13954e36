//! The sector's projects: the portfolio imported from the BSI list or a
//! table of its own, each year's arbitration, the credits and physical
//! rates recorded through the year, and the portfolio read as of any day.
//! (Over 400 lines: each use case of the portfolio and the refusals of its
//! three aggregates, read together.)

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use super::refusals::{bad_value, unknown_code, Refusal};
use super::{command_error, App, AppError, Changed, Commit, ImportOutcome};
use crate::domain::access::{Action, Actor};
use crate::domain::arbitration::{
    Arbitration, ArbitrationCommand, ArbitrationEntry, ArbitrationError,
};
use crate::domain::execution::{
    CreditFigure, PhysicalFigure, ProjectYear, ProjectYearCommand, ProjectYearError,
};
use crate::domain::finance::CreditKind;
use crate::domain::project::{
    Funding, Project, ProjectCode, ProjectCommand, ProjectDetails, ProjectError, ProjectKind,
};
use crate::domain::reference::Rate;
use crate::domain::types::{Fcfa, Year};
use crate::import::projects::ProjectRow;
use crate::import::{ImportError, ImportErrors, Table};
use crate::projections;
use crate::report::projects::Portfolio;
use crate::store::CommandError;
use crate::text;
use crate::text::Arg;

/// A credit of a project to record, as given.
#[derive(Debug, Clone)]
pub struct ProjectCredit<'a> {
    pub kind: &'a str,
    /// F CFA, cumulative since 1 January.
    pub amount: i64,
    /// `BSI` unless given.
    pub source: Option<&'a str>,
    pub date: Option<NaiveDate>,
    pub estimated: bool,
}

/// A physical rate to record, as given.
#[derive(Debug, Clone)]
pub struct PhysicalRate<'a> {
    /// `45`, `45,5`, `45.50`.
    pub percent: &'a str,
    pub date: NaiveDate,
    pub note: Option<String>,
    /// Who declared it, or the document.
    pub source: Option<String>,
    pub estimated: bool,
}

/// What a project's place at an arbitration is to become; `None` keeps
/// what was recorded (a first record: not presented, not new, not funded,
/// not estimated).
#[derive(Debug, Clone, Default)]
pub struct ArbitrationInput {
    pub presented: Option<bool>,
    pub new: Option<bool>,
    /// F CFA.
    pub funded: Option<i64>,
    pub estimated: Option<bool>,
}

impl App {
    /// Imports the projects of a file (the annex's layout or the columns'),
    /// and with `year`, their place at that year's BSI arbitration: the
    /// projects and the arbitration in one transaction, or nothing.
    pub async fn import_projects(
        &self,
        path: &Path,
        year: Option<Year>,
        who: &Actor,
    ) -> Result<ImportOutcome, AppError> {
        self.require(who, Action::Record)?;
        self.import_projects_table(&Table::read(path)?, year, who, Commit::Always)
            .await
    }

    pub(super) async fn import_projects_table(
        &self,
        table: &Table,
        year: Option<Year>,
        who: &Actor,
        commit: Commit<'_>,
    ) -> Result<ImportOutcome, AppError> {
        self.require(who, Action::Record)?;
        super::refusals::bounded("reason", who.reason.as_deref())?;
        let rows = crate::import::projects::parse(table, &self.directory())?;
        let known: HashMap<ProjectCode, ProjectKind> = projections::all::<Project>(&self.db)
            .await?
            .into_iter()
            .filter_map(|p| Some((p.code?, p.details?.kind)))
            .collect();
        let commands = self.project_commands(&table.file, &rows, &known)?;
        let lines: HashMap<String, usize> = rows
            .iter()
            .map(|r| (Project::aggregate_id(&r.code), r.line))
            .collect();
        let subject = |id: &str| match lines.get(id) {
            Some(line) => format!("{}:{line}", table.file),
            None => id.to_string(),
        };
        let metadata = who.metadata(self.now());
        let projects = self
            .db
            .decide::<Project>(commands, &(), &metadata)
            .await
            .map_err(|e| command_error(e, subject))?;
        let mut changes = projects.changes;
        if let Some(year) = year {
            let entries = rows
                .iter()
                // Sub-projects go with their programme, unless the file says
                // otherwise; a row marked not presented is left out.
                .filter(|r| match r.presented {
                    Some(p) => p,
                    None => r.parent.is_none(),
                })
                .map(|r| {
                    let entry = ArbitrationEntry {
                        presented: r.presented.unwrap_or(true),
                        new: r.new.unwrap_or(false),
                        funded: r.funded,
                        estimated: r.estimated.row || r.estimated.new || r.estimated.funded,
                    };
                    let command = ArbitrationCommand::Record {
                        year,
                        code: r.code.clone(),
                        entry,
                    };
                    (Arbitration::aggregate_id(year), command)
                })
                .collect();
            let arbitration = self
                .db
                .decide::<Arbitration>(entries, &(), &metadata)
                .await
                .map_err(|e| command_error(e, |_| table.file.clone()))?;
            changes.extend(arbitration.changes);
        }
        let events = changes.len();
        let fingerprint = changes.fingerprint();
        let wanted = match commit {
            Commit::Always => true,
            Commit::Never => false,
            Commit::IfUnchanged(f) => f == fingerprint,
        };
        if wanted && events > 0 {
            let projected = self.db.write(&changes).await.map_err(|e| match e {
                CommandError::Conflict => AppError::Conflict(text!("write-conflict")),
                CommandError::Store(e) => AppError::Internal(e),
                CommandError::Rejected { error, .. } => match error {},
            })?;
            self.settle(true, projected).await?;
        }
        Ok(ImportOutcome {
            rows: rows.len(),
            events,
            fingerprint,
            written: wanted,
        })
    }

    /// The commands that register the rows; a programme named as a parent
    /// must be in the file or already recorded.
    fn project_commands(
        &self,
        file: &str,
        rows: &[ProjectRow],
        known: &HashMap<ProjectCode, ProjectKind>,
    ) -> Result<Vec<(String, ProjectCommand)>, ImportErrors> {
        let mut errors = ImportErrors::default();
        let in_file: HashMap<&ProjectCode, &ProjectRow> =
            rows.iter().map(|r| (&r.code, r)).collect();
        let today = self.today();
        let mut out = Vec::new();
        for r in rows {
            if let Some(parent) = &r.parent {
                // The file says what the parent is; else what was recorded.
                let kind = in_file
                    .get(parent)
                    .map(|p| p.kind)
                    .or_else(|| known.get(parent).copied());
                let message = match kind {
                    Some(ProjectKind::Programme) => None,
                    Some(ProjectKind::Projet) => Some(text!(
                        "import-project-parent-not-programme",
                        code = parent.to_string()
                    )),
                    None => Some(text!(
                        "import-project-parent-unknown",
                        code = parent.to_string()
                    )),
                };
                if let Some(message) = message {
                    errors.push(ImportError {
                        file: file.to_string(),
                        line: Some(r.line),
                        column: Some("parent".into()),
                        message,
                    });
                }
            }
            let details = ProjectDetails {
                title: r.title.clone(),
                aliases: r.aliases.clone(),
                ministry: r.ministry.clone(),
                structure: r.structure.clone(),
                kind: r.kind,
                parent: r.parent.clone(),
                funding: r.funding.clone(),
                total_cost: r.total_cost,
                start: r.start,
                end: r.end,
                pti: r.pti,
                manager_email: r.manager_email.clone(),
                estimated: r.estimated.row || r.estimated.cost,
            };
            out.push((
                Project::aggregate_id(&r.code),
                ProjectCommand::Register {
                    code: r.code.clone(),
                    details,
                    status: r.status,
                    effective: today,
                },
            ));
        }
        errors.or_ok(out)
    }

    /// A registered project, or a refusal naming the code.
    pub(super) async fn project(&self, code: &str, who: &Actor) -> Result<Project, AppError> {
        if let Ok(c) = ProjectCode::parse(code) {
            if let Some(p) = projections::view::<Project>(&self.db, &Project::aggregate_id(&c))
                .await?
                .filter(|p| p.code.is_some())
            {
                return Ok(p);
            }
        }
        // Else a title or an alias, as the documents write it (« Projet
        // TOKTEN », « Programme d'appui TOKTEN »), case and accents aside,
        // among the projects `who` follows.
        let key = |s: &str| {
            deunicode::deunicode(s)
                .to_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let wanted = key(code);
        let mut named: Vec<Project> = projections::all::<Project>(&self.db)
            .await?
            .into_iter()
            .filter(|p| self.follows_project(p, who))
            .filter(|p| {
                p.details.as_ref().is_some_and(|d| {
                    std::iter::once(&d.title)
                        .chain(&d.aliases)
                        .any(|n| key(n) == wanted)
                })
            })
            .collect();
        match named.len() {
            1 => Ok(named.remove(0)),
            0 => Err(AppError::NotFound(text!("project-unknown", code = code))),
            _ => Err(AppError::refused(
                Some("code"),
                text!(
                    "project-ambiguous",
                    name = code,
                    codes = named
                        .iter()
                        .filter_map(|p| p.code.as_ref().map(|c| c.to_string()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }

    /// Records a project's place at the BSI arbitration of `year` (the
    /// budget year: 2024 for the arbitration of May 2023); again for the
    /// same project and year, it updates the record.
    pub async fn record_arbitration(
        &self,
        year: Year,
        code: &str,
        input: ArbitrationInput,
        who: &Actor,
    ) -> Result<Changed<Arbitration>, AppError> {
        self.require(who, Action::Record)?;
        let project = self.project(code, who).await?;
        let code = project.code.clone().expect("a registered project");
        let id = Arbitration::aggregate_id(year);
        let current = projections::view::<Arbitration>(&self.db, &id)
            .await?
            .and_then(|a| a.entries.get(&code).cloned())
            .unwrap_or_default();
        let funded = match input.funded {
            Some(f) => Some(Fcfa::new(f).map_err(|e| bad_value("funded", &e))?),
            None => current.funded,
        };
        let entry = ArbitrationEntry {
            presented: input.presented.unwrap_or(current.presented),
            new: input.new.unwrap_or(current.new),
            funded,
            estimated: input.estimated.unwrap_or(current.estimated),
        };
        let command = ArbitrationCommand::Record { year, code, entry };
        self.run_one::<Arbitration>(id.clone(), id, command, &(), who)
            .await
    }

    /// Whether `who` may record the figures of `project`: the CPS, or a
    /// focal point of its structure or ministry.
    fn may_record_figures(&self, project: &Project, who: &Actor) -> Result<(), AppError> {
        let structures = project
            .details
            .as_ref()
            .map(ProjectDetails::structures)
            .unwrap_or_default();
        self.require(who, Action::RecordProjectFigures(&structures))
    }

    /// Records a credit of a project (cumulative since 1 January; the
    /// latest figure of a source and stage stands from its day).
    pub async fn record_project_credit(
        &self,
        year: Year,
        code: &str,
        credit: ProjectCredit<'_>,
        who: &Actor,
    ) -> Result<Changed<ProjectYear>, AppError> {
        let project = self.project(code, who).await?;
        self.may_record_figures(&project, who)?;
        let code = project.code.clone().expect("a registered project");
        let kind: CreditKind = credit.kind.parse().map_err(|e| unknown_code("kind", &e))?;
        let source = credit
            .source
            .and_then(Funding::parse)
            .map(|f| f.label())
            .unwrap_or_else(|| "BSI".into());
        let effective = super::refusals::effective_day(
            credit.date,
            Year::new(year.value() - 1).ok().map(Year::first_day),
            self.today(),
        )?;
        self.refuse_if_locked(&project, year, effective).await?;
        let figure = CreditFigure {
            source,
            kind,
            amount: Fcfa::new(credit.amount).map_err(|e| bad_value("amount", &e))?,
            effective,
            estimated: credit.estimated,
        };
        let id = ProjectYear::aggregate_id(&code, year);
        let command = ProjectYearCommand::RecordCredit { code, year, figure };
        self.run_one::<ProjectYear>(id.clone(), id, command, &(), who)
            .await
    }

    /// Records a project's physical execution rate, as declared on `date`.
    pub async fn record_physical_rate(
        &self,
        year: Year,
        code: &str,
        rate: PhysicalRate<'_>,
        who: &Actor,
    ) -> Result<Changed<ProjectYear>, AppError> {
        let project = self.project(code, who).await?;
        self.may_record_figures(&project, who)?;
        super::refusals::bounded("note", rate.note.as_deref())?;
        super::refusals::bounded("source", rate.source.as_deref())?;
        let code = project.code.clone().expect("a registered project");
        let date = super::refusals::effective_day(Some(rate.date), None, self.today())?;
        self.refuse_if_locked(&project, year, date).await?;
        let figure = PhysicalFigure {
            rate: rate
                .percent
                .parse::<Rate>()
                .map_err(|e| bad_value("percent", &e))?,
            date,
            source: rate.source.filter(|s| !s.trim().is_empty()),
            note: rate.note.filter(|s| !s.trim().is_empty()),
            estimated: rate.estimated,
        };
        let id = ProjectYear::aggregate_id(&code, year);
        let command = ProjectYearCommand::RecordPhysical { code, year, figure };
        self.run_one::<ProjectYear>(id.clone(), id, command, &(), who)
            .await
    }

    /// The portfolio of `year` as of `as_of` (default today): each
    /// project's credits and rates, whether it is late, and the year's
    /// arbitration counted. A focal point reads the projects of its
    /// structure and ministry.
    pub async fn project_portfolio(
        &self,
        year: Year,
        as_of: Option<NaiveDate>,
        who: &Actor,
    ) -> Result<Portfolio, AppError> {
        self.require(who, Action::ReadProgress)?;
        let as_of = as_of.unwrap_or_else(|| self.today());
        let projects: Vec<Project> = projections::all::<Project>(&self.db)
            .await?
            .into_iter()
            .filter(|p| self.follows_project(p, who))
            .collect();
        let executions: Vec<ProjectYear> = projections::views(&self.db, &year.to_string()).await?;
        let arbitration =
            projections::view::<Arbitration>(&self.db, &Arbitration::aggregate_id(year)).await?;
        let submissions: Vec<crate::domain::submission::Submission> =
            projections::views(&self.db, &year.to_string()).await?;
        let due = self.mail_config()?.settings.project_figures_due_days;
        Ok(crate::report::projects::portfolio(
            year,
            as_of,
            &projects,
            &executions,
            arbitration.as_ref(),
            &submissions,
            due,
        ))
    }
}

impl Refusal for ProjectError {
    fn refusal(&self, subject: &str) -> AppError {
        let t = match self {
            ProjectError::WrongCode(own, other) => text!(
                "project-wrong-code",
                own = own.to_string(),
                other = other.to_string()
            ),
            ProjectError::OwnParent => text!("project-own-parent", code = subject),
            ProjectError::EndBeforeStart { start, end } => text!(
                "project-end-before-start",
                start = start.value(),
                end = end.value()
            ),
        };
        AppError::refused(None, super::refusals::about(subject, t))
    }
}

impl Refusal for ArbitrationError {
    fn refusal(&self, subject: &str) -> AppError {
        match self {
            ArbitrationError::WrongYear(own, other) => AppError::refused(
                Some("year"),
                super::refusals::about(
                    subject,
                    text!(
                        "arbitration-wrong-year",
                        own = own.value(),
                        other = other.value()
                    ),
                ),
            ),
            ArbitrationError::FundedNotPresented => AppError::refused(
                Some("funded"),
                super::refusals::about(subject, text!("arbitration-funded-not-presented")),
            ),
        }
    }
}

impl Refusal for ProjectYearError {
    fn refusal(&self, subject: &str) -> AppError {
        let (field, t) = match self {
            ProjectYearError::WrongProject(own, own_year, other, other_year) => (
                "code",
                text!(
                    "project-year-wrong",
                    own = own.to_string(),
                    own_year = own_year.value(),
                    other = other.to_string(),
                    other_year = other_year.value()
                ),
            ),
            ProjectYearError::OutsideYear {
                day,
                year,
                before,
                after,
            } => (
                "date",
                text!(
                    "project-figure-outside-year",
                    day = Arg::Date(*day),
                    year = year.value(),
                    before = *before,
                    after = *after
                ),
            ),
        };
        AppError::refused(Some(field), super::refusals::about(subject, t))
    }
}
