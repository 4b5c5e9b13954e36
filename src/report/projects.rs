//! The sector's portfolio in a year, as of a day: each project's credits,
//! its financial rate (engaged / notified, as the CPS's own financial
//! table), its physical rate as declared, whether its figures are late, and
//! the year's BSI arbitration counted. Computed from the views, never typed.
//!
//! (Over 400 lines with its tests: the portfolio, its lines' lateness and
//! lag, and its table and sentences read together.)

use chrono::NaiveDate;
use serde::Serialize;

use super::table::{Cell, Column, Row, Table, Value};
use crate::domain::arbitration::{Arbitration, ArbitrationSummary};
use crate::domain::execution::ProjectYear;
use crate::domain::project::{Project, ProjectCode, ProjectStatus};
use crate::domain::submission::{Submission, SubmissionState, SubmissionSubject};
use crate::domain::types::{percent, Code, Quarter, StructureCode, Year};
use crate::text;
use crate::text::{Arg, Text};

/// One project of the portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct PortfolioLine {
    pub code: String,
    pub title: String,
    pub ministry: String,
    /// The life-cycle status's code (`en_cours`).
    pub status: String,
    /// The programme of a sub-project.
    pub parent: Option<String>,
    pub allotted: i64,
    pub notified: i64,
    pub engaged: i64,
    pub liquidated: i64,
    /// Engaged / notified, in percent, two decimals; none without a notification.
    pub financial_rate: Option<f64>,
    /// As declared, in percent.
    pub physical_rate: Option<f64>,
    pub physical_date: Option<NaiveDate>,
    /// Its last quarter's figures are missing past their deadline.
    pub late: bool,
    /// What its physical rate lags, if it lags by more than [`LAG_POINTS`].
    pub lag: Option<Lag>,
    /// Presented at the year's BSI arbitration.
    pub presented: bool,
    /// Something shown was worked out rather than read in a document.
    pub estimated: bool,
    /// The project itself is not in the documents (counted, not named).
    pub details_estimated: bool,
}

/// How many points a physical rate may trail before it is said to lag.
pub const LAG_POINTS: f64 = 10.0;

crate::codes! {
    /// What a project's physical rate lags.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, utoipa::ToSchema)]
    pub enum Lag {
        /// Its financial rate: money engaged without the works to show for it.
        Financial => "financial",
        /// The share of the year gone by on the day it was declared.
        Schedule => "schedule",
    }
}

/// What a physical rate of `year` declared on `date` lags, if anything: the
/// financial rate first, then the share of the year gone by that day (none
/// before 1 January, all of it after 31 December).
pub fn lag(physical: Option<(f64, NaiveDate)>, financial: Option<f64>, year: Year) -> Option<Lag> {
    let (rate, date) = physical?;
    if financial.is_some_and(|f| rate + LAG_POINTS < f) {
        return Some(Lag::Financial);
    }
    let (first, last) = (year.first_day(), year.last_day());
    let days = (last - first).num_days() + 1;
    let gone = (date.clamp(first - chrono::Days::new(1), last) - first).num_days() + 1;
    let share = gone as f64 / days as f64 * 100.0;
    (rate + LAG_POINTS < share).then_some(Lag::Schedule)
}

/// The portfolio of a year.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Portfolio {
    pub year: i32,
    /// The day it stands at.
    pub as_of: NaiveDate,
    pub projects: Vec<PortfolioLine>,
    /// Projects presented at the year's BSI arbitration.
    pub presented: usize,
    /// Of which new.
    pub new: usize,
    /// Of which funded.
    pub funded: usize,
    /// The sum of the allocations, F CFA.
    pub total_funded: i64,
    /// The arbitration's counts rest on estimates.
    pub arbitration_estimated: bool,
}

/// The deadline of a quarter's figures: `due_days` after it ends.
pub fn figures_due(year: Year, quarter: Quarter, due_days: u32) -> NaiveDate {
    quarter.last_day(year.value()) + chrono::Days::new(u64::from(due_days))
}

/// The last quarter of `year` whose figures were due by `day`.
fn last_quarter_due(year: Year, day: NaiveDate, due_days: u32) -> Option<Quarter> {
    (1..=4)
        .rev()
        .map(|q| Quarter::ALL[q - 1])
        .find(|q| figures_due(year, *q, due_days) < day)
}

/// Whether a project reports on `year`: under way, with figures in it, an
/// allocation for it, or years of its own that include it.
pub fn reports_in(
    project: &Project,
    execution: Option<&ProjectYear>,
    funded: bool,
    year: Year,
) -> bool {
    let (Some(ProjectStatus::EnCours), Some(details)) = (project.status, &project.details) else {
        return false;
    };
    execution.is_some()
        || funded
        || (details.start.is_some() && details.end.is_some() && details.runs_in(year))
}

/// Whether a quarter's figures of a project are missing: nothing dated in
/// the quarter, and the quarter not handed in by its structure.
pub fn quarter_missing(
    project: &Project,
    execution: Option<&ProjectYear>,
    submitted: &dyn Fn(&StructureCode, Quarter) -> bool,
    year: Year,
    q: Quarter,
) -> bool {
    let Some(details) = &project.details else {
        return false;
    };
    let (start, end) = (q.first_day(year.value()), q.last_day(year.value()));
    !(execution.is_some_and(|e| e.has_figures_between(start, end))
        || submitted(details.reporting_structure(), q))
}

/// Whether a project's figures of its last quarter due by `day` are missing
/// ([`reports_in`], [`quarter_missing`]).
pub fn late(
    project: &Project,
    execution: Option<&ProjectYear>,
    funded: bool,
    submitted: &dyn Fn(&StructureCode, Quarter) -> bool,
    year: Year,
    day: NaiveDate,
    due_days: u32,
) -> bool {
    reports_in(project, execution, funded, year)
        && last_quarter_due(year, day, due_days)
            .is_some_and(|q| quarter_missing(project, execution, submitted, year, q))
}

/// The quarters of `year` whose projects' figures each structure had handed
/// in (submitted, or approved) by `as_of`.
pub fn handed_in(
    submissions: &[Submission],
    year: Year,
    as_of: NaiveDate,
) -> std::collections::HashSet<(StructureCode, Quarter)> {
    submissions
        .iter()
        .filter(|s| {
            matches!(
                s.state,
                Some(SubmissionState::Submitted | SubmissionState::Approved)
            ) && s.submitted_on.is_some_and(|d| d <= as_of)
        })
        .filter_map(|s| {
            let k = s.key.as_ref()?;
            (k.subject == SubmissionSubject::Projects && k.year == year)
                .then(|| (k.structure.clone(), k.quarter))
                .and_then(|(s, q)| Some((s, q?)))
        })
        .collect()
}

/// The portfolio of `year` as of `as_of`: the projects that run in the year
/// (by their start and end), that have figures in it or that were at its
/// arbitration, by code. A quarter its structure submitted (or had approved)
/// by `as_of` is not late.
pub fn portfolio(
    year: Year,
    as_of: NaiveDate,
    projects: &[Project],
    executions: &[ProjectYear],
    arbitration: Option<&Arbitration>,
    submissions: &[Submission],
    due_days: u32,
) -> Portfolio {
    let handed_in = handed_in(submissions, year, as_of);
    let submitted = |s: &StructureCode, q: Quarter| handed_in.contains(&(s.clone(), q));
    let by_code: std::collections::HashMap<&ProjectCode, &ProjectYear> = executions
        .iter()
        .filter_map(|e| Some((e.code.as_ref()?, e)))
        .collect();
    let arbitrated = |c: &ProjectCode| arbitration.is_some_and(|a| a.entries.contains_key(c));
    let mut lines: Vec<PortfolioLine> = projects
        .iter()
        .filter_map(|p| {
            let (code, details) = (p.code.as_ref()?, p.details.as_ref()?);
            let execution = by_code.get(code).copied();
            if !(details.runs_in(year) || execution.is_some() || arbitrated(code)) {
                return None;
            }
            let mut amounts = execution
                .map(|e| e.amounts(Some(as_of)))
                .unwrap_or_default();
            // Allotted at the arbitration, unless a figure of its own says otherwise.
            let entry = arbitration.and_then(|a| a.entries.get(code));
            let from_arbitration =
                amounts.allotted.value() == 0 && entry.is_some_and(|e| e.is_funded());
            if from_arbitration {
                amounts.allotted = entry.and_then(|e| e.funded).unwrap_or_default();
            }
            let physical = execution.and_then(|e| e.physical_rate(Some(as_of)));
            let financial_rate = percent(amounts.engaged.value(), amounts.notified.value());
            Some(PortfolioLine {
                code: code.to_string(),
                title: details.title.clone(),
                ministry: details.ministry.to_string(),
                status: p.status.map(|s| s.code()).unwrap_or_default().to_string(),
                parent: details.parent.as_ref().map(|c| c.to_string()),
                allotted: amounts.allotted.value(),
                notified: amounts.notified.value(),
                engaged: amounts.engaged.value(),
                liquidated: amounts.liquidated.value(),
                financial_rate,
                physical_rate: physical.map(|f| f.rate.percent()),
                lag: lag(
                    physical.map(|f| (f.rate.percent(), f.date)),
                    financial_rate,
                    year,
                ),
                physical_date: physical.map(|f| f.date),
                late: late(
                    p,
                    execution,
                    entry.is_some_and(|e| e.is_funded()),
                    &submitted,
                    year,
                    as_of,
                    due_days,
                ),
                presented: entry.is_some_and(|e| e.presented),
                details_estimated: details.estimated,
                estimated: details.estimated
                    || execution.is_some_and(|e| e.estimated(Some(as_of)))
                    || (from_arbitration && entry.is_some_and(|e| e.estimated)),
            })
        })
        .collect();
    lines.sort_by(|a, b| a.code.cmp(&b.code));
    let s: ArbitrationSummary = arbitration.map(Arbitration::summary).unwrap_or_default();
    Portfolio {
        year: year.value(),
        as_of,
        projects: lines,
        presented: s.presented,
        new: s.new,
        funded: s.funded,
        total_funded: s.total_funded,
        arbitration_estimated: s.estimated,
    }
}

impl Portfolio {
    /// « le secteur a présenté onze (11) projets/programmes dont trois (03)
    /// nouveaux sur lesquels dix (10) ont bénéficié d'une dotation
    /// budgétaire au titre du BSI 2024 ».
    pub fn arbitration_sentence(&self) -> Text {
        text!(
            if self.arbitration_estimated {
                "projects-arbitration-sentence-estimated"
            } else {
                "projects-arbitration-sentence"
            },
            presented = Arg::Words(self.presented as u64),
            new = Arg::Words(self.new as u64),
            funded = Arg::Words(self.funded as u64),
            year = self.year
        )
    }
}

/// The portfolio as a table: one row a project, sub-projects after their
/// programme, then the sector's total.
pub fn table(p: &Portfolio) -> Table {
    let mut rows = Vec::new();
    let rate = |r: Option<f64>| Cell::new(Value::Percent(r));
    let (mut allotted, mut notified, mut engaged, mut liquidated) = (0i64, 0i64, 0i64, 0i64);
    for l in &p.projects {
        let status = Cell::phrase(Text::new(format!("project-status-{}", l.status)));
        let title = match &l.parent {
            Some(_) => format!("  • {}", l.title),
            None => l.title.clone(),
        };
        rows.push(Row::line(
            l.code.clone(),
            vec![
                Cell::text(l.code.clone()),
                Cell::text(title).estimated(l.estimated),
                Cell::text(l.ministry.clone()),
                status,
                Cell::amount(l.allotted),
                Cell::amount(l.notified),
                Cell::amount(l.engaged),
                Cell::amount(l.liquidated),
                rate(l.financial_rate),
                rate(l.physical_rate),
                match l.physical_date {
                    Some(d) => Cell::new(Value::Date(d)),
                    None => Cell::empty(),
                },
                match l.lag {
                    Some(g) => Cell::phrase(Text::new(format!("project-lag-{}", g.code()))),
                    None => Cell::empty(),
                },
                if l.late {
                    Cell::phrase(Text::new("projects-late"))
                } else {
                    Cell::empty()
                },
            ],
        ));
        // A programme's figures are its own: sub-projects are not added twice.
        if l.parent.is_none() {
            allotted += l.allotted;
            notified += l.notified;
            engaged += l.engaged;
            liquidated += l.liquidated;
        }
    }
    rows.push(Row::total(vec![
        Cell::phrase(Text::new("budget-line-total")).spanning(4),
        Cell::amount(allotted),
        Cell::amount(notified),
        Cell::amount(engaged),
        Cell::amount(liquidated),
        rate(percent(engaged, notified)),
        Cell::empty(),
        Cell::empty(),
        Cell::empty(),
        Cell::empty(),
    ]));
    let mut notes = vec![p.arbitration_sentence()];
    if p.projects.iter().any(|l| l.estimated) || p.arbitration_estimated {
        notes.push(Text::new("table-estimated-legend"));
    }
    Table {
        sheet: text!("sheet-projects", year = p.year),
        title: text!("projects-title", year = p.year, day = Arg::Date(p.as_of)),
        columns: vec![
            Column::new("col-code", 12.0, 1),
            Column::new("col-project", 40.0, 5),
            Column::new("col-ministry", 10.0, 1),
            Column::new("col-project-status", 14.0, 2),
            Column::new("col-allotted", 16.0, 2),
            Column::new("col-notified", 16.0, 2),
            Column::new("col-engaged", 16.0, 2),
            Column::new("col-liquidated", 16.0, 2),
            Column::new("col-financial-rate", 12.0, 1),
            Column::new("col-physical-rate", 12.0, 1),
            Column::new("col-physical-date", 12.0, 1),
            Column::new("col-lag", 14.0, 1),
            Column::new("col-late", 10.0, 1),
        ],
        rows,
        notes,
        merged: 0,
        wide: true,
    }
}

impl Portfolio {
    /// The projects presented at the arbitration, each programme followed by
    /// its sub-projects, by ministry: the yearly report's annex.
    pub fn presented_by_ministry(&self) -> Vec<(&str, Vec<&PortfolioLine>)> {
        let mut out: Vec<(&str, Vec<&PortfolioLine>)> = Vec::new();
        for l in self
            .projects
            .iter()
            .filter(|l| l.presented && l.parent.is_none())
        {
            let lines = match out.iter_mut().find(|(m, _)| *m == l.ministry) {
                Some((_, lines)) => lines,
                None => {
                    out.push((l.ministry.as_str(), Vec::new()));
                    &mut out.last_mut().expect("just pushed").1
                }
            };
            lines.push(l);
            lines.extend(
                self.projects
                    .iter()
                    .filter(|s| s.parent.as_deref() == Some(l.code.as_str())),
            );
        }
        out
    }

    /// The projects followed in the year (sub-projects apart), with the
    /// financial rate of their credits together and how many declared a
    /// physical rate.
    pub fn execution_sentence(&self) -> Text {
        let top: Vec<&PortfolioLine> = self
            .projects
            .iter()
            .filter(|l| l.parent.is_none())
            .collect();
        let (engaged, notified) = top
            .iter()
            .fold((0i64, 0i64), |(e, n), l| (e + l.engaged, n + l.notified));
        let declared = top.iter().filter(|l| l.physical_rate.is_some()).count();
        let late = top.iter().filter(|l| l.late).count();
        let figures = top.iter().any(|l| {
            l.allotted + l.notified + l.engaged + l.liquidated > 0 || l.physical_rate.is_some()
        });
        if !figures {
            return text!(
                "projects-execution-none",
                year = self.year,
                count = Arg::Words(top.len() as u64)
            );
        }
        text!(
            if top.iter().any(|l| l.estimated) {
                "projects-execution-sentence-estimated"
            } else {
                "projects-execution-sentence"
            },
            year = self.year,
            count = Arg::Words(top.len() as u64),
            rate = Arg::Percent(percent(engaged, notified)),
            declared = declared,
            late = late
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_physical_rate_lags_its_financial_rate_first_then_the_year() {
        let y = Year::new(2024).unwrap();
        // 40 % done for 80 % engaged.
        assert_eq!(
            lag(Some((40.0, d("2024-09-30"))), Some(80.0), y),
            Some(Lag::Financial)
        );
        // 60 % on 30 September, three quarters of the year gone: behind.
        assert_eq!(
            lag(Some((60.0, d("2024-09-30"))), Some(65.0), y),
            Some(Lag::Schedule)
        );
        // Within ten points of both.
        assert_eq!(lag(Some((70.0, d("2024-09-30"))), Some(75.0), y), None);
        assert_eq!(lag(Some((15.0, d("2024-03-31"))), None, y), None);
        // No physical rate: nothing to say.
        assert_eq!(lag(None, Some(90.0), y), None);
    }

    #[test]
    fn a_rate_dated_outside_its_year_is_measured_against_that_year() {
        let y = Year::new(2024).unwrap();
        // Declared in January 2025 for 2024: all of 2024 is gone.
        assert_eq!(
            lag(Some((50.0, d("2025-01-10"))), None, y),
            Some(Lag::Schedule)
        );
        assert_eq!(lag(Some((95.0, d("2025-01-10"))), None, y), None);
        // Declared in December 2023 for 2024: none of it is gone yet.
        assert_eq!(lag(Some((0.0, d("2023-12-15"))), None, y), None);
    }

    #[test]
    fn quarters_begin_and_end_on_their_days() {
        let bounds: Vec<(NaiveDate, NaiveDate)> = Quarter::ALL
            .iter()
            .map(|q| (q.first_day(2024), q.last_day(2024)))
            .collect();
        assert_eq!(
            bounds,
            [
                (d("2024-01-01"), d("2024-03-31")),
                (d("2024-04-01"), d("2024-06-30")),
                (d("2024-07-01"), d("2024-09-30")),
                (d("2024-10-01"), d("2024-12-31")),
            ]
        );
        assert_eq!(
            figures_due(Year::new(2024).unwrap(), Quarter::LAST, 15),
            d("2025-01-15")
        );
    }
}
