//! How far the sector's plan has come at the end of a quarter, from each
//! structure's latest report up to it: the activities planned by then (a
//! month of their chronogramme in or before the quarter; an activity
//! without one is planned by the year's end), how many of them are
//! executed, and the costs engaged and liquidated (thousands of F CFA,
//! cumulative since 1 January), by structure, by objective, and rolled up
//! the directory (a ministry sums the structures under it).

use std::collections::BTreeMap;

use serde::Serialize;

use super::sector::{SectorLine, SectorPlanReport};
use super::table::{Cell, Column, Row, Table, Value};
use crate::domain::sector_execution::{ExecutionLine, SectorExecution, SectorStatus};
use crate::domain::submission::Submission;
use crate::domain::types::{percent, Code, Quarter, StructureCode};
use crate::text;
use crate::text::Text;

/// The figures of a structure, an objective or a ministry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SectorFigures {
    /// The objective's text (in `by_objective`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objective: Option<String>,
    /// Where the structure's report of the quarter stands (in
    /// `by_structure`): `none`, `draft`, `submitted`, `returned`, `approved`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Activities planned by the quarter's end.
    pub planned: usize,
    /// Of them, those executed.
    pub executed: usize,
    /// Executed / planned, in percent with two decimals.
    pub rate: Option<f64>,
    /// The year's budget of the activities (thousands of F CFA, PM counts 0).
    pub budget: u64,
    pub engaged: u64,
    pub liquidated: u64,
}

impl SectorFigures {
    fn add(&mut self, line: &SectorProgressLine) {
        self.planned += usize::from(line.planned);
        self.executed += usize::from(line.planned && line.status == Some(SectorStatus::Executee));
        self.budget += line.budget.unwrap_or(0);
        self.engaged += line.engaged.unwrap_or(0);
        self.liquidated += line.liquidated.unwrap_or(0);
        self.rate = percent(self.executed as i64, self.planned as i64);
    }
}

/// One activity of the plan and its figures at the quarter's end.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SectorProgressLine {
    pub code: String,
    pub structure: String,
    pub objective: String,
    pub title: String,
    pub indicator: String,
    pub target: String,
    pub budget: Option<u64>,
    /// Planned by the quarter's end.
    pub planned: bool,
    /// As last reported; none when never reported.
    pub status: Option<SectorStatus>,
    pub progress: Option<f64>,
    pub achieved: String,
    pub engaged: Option<u64>,
    pub liquidated: Option<u64>,
    pub difficulties: String,
    /// The quarter of the report its figures come from.
    pub reported_in: Option<u8>,
    /// An example's activity, not read in a document: its figures are too.
    pub estimated: bool,
}

/// The sector's plan at the end of a quarter.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SectorProgressReport {
    pub year: i32,
    pub quarter: u8,
    /// `year` when the plan is followed by year (its `quarter` is then the
    /// last: the year's end), else `quarter`.
    pub period: crate::domain::sector::SectorPeriod,
    pub by_structure: BTreeMap<String, SectorFigures>,
    /// By the objective's number.
    pub by_objective: BTreeMap<String, SectorFigures>,
    /// Each structure above the ones called (a directorate's ministry, an
    /// embassy's MDC and its ministry), summing the structures under it.
    pub rolled_up: BTreeMap<String, SectorFigures>,
    pub total: SectorFigures,
    pub activities: Vec<SectorProgressLine>,
}

impl SectorProgressReport {
    /// A title of the report at its period's end (`sector-progress-title`,
    /// `sector-objectives-title`…): its year, and its quarter or the year.
    pub fn titled(&self, id: &'static str) -> Text {
        text!(
            id,
            year = self.year,
            quarter = self.quarter,
            period = self.period.code()
        )
    }
}

/// Whether an activity whose chronogramme is `months` is due by the end of
/// `quarter`.
pub fn planned_by(months: &[u8], quarter: Quarter) -> bool {
    match months {
        [] => quarter == Quarter::LAST,
        months => months.iter().any(|m| *m <= quarter.value() * 3),
    }
}

/// The plan's progress at the end of `quarter`: `executions` are the
/// structures' reports of the year, `submissions` their hand-in of the
/// quarter, `above` the structures above one in the directory.
pub fn progress<'a, I>(
    plan: &SectorPlanReport,
    quarter: Quarter,
    executions: &[SectorExecution],
    submissions: &[Submission],
    above: impl Fn(&StructureCode) -> I,
) -> SectorProgressReport
where
    I: Iterator<Item = &'a StructureCode>,
{
    let latest = |structure: &str| {
        executions
            .iter()
            .filter(|e| {
                e.structure
                    .as_ref()
                    .is_some_and(|s| s.as_str() == structure)
                    && e.quarter.is_some_and(|q| q <= quarter)
            })
            .max_by_key(|e| e.quarter)
    };
    let mut by_structure: BTreeMap<String, SectorFigures> = BTreeMap::new();
    let mut by_objective: BTreeMap<String, SectorFigures> = BTreeMap::new();
    let mut rolled_up: BTreeMap<String, SectorFigures> = BTreeMap::new();
    let mut total = SectorFigures::default();
    let mut activities = Vec::new();
    for s in &plan.structures {
        let state = submissions
            .iter()
            .find(|sub| {
                sub.key.as_ref().is_some_and(|k| {
                    k.structure.as_str() == s.structure && k.quarter == Some(quarter)
                })
            })
            .and_then(|sub| sub.state)
            .map(|st| st.code())
            .unwrap_or("none");
        if s.state == "approved" {
            by_structure.insert(
                s.structure.clone(),
                SectorFigures {
                    state: Some(state.to_string()),
                    ..SectorFigures::default()
                },
            );
        }
    }
    for a in &plan.activities {
        let report = latest(&a.structure);
        let line = line(a, quarter, report.and_then(|r| r.line(&a.code)), report);
        by_structure
            .entry(a.structure.clone())
            .or_default()
            .add(&line);
        let number = a.code.split('.').next().unwrap_or_default().to_string();
        by_objective
            .entry(number)
            .or_insert_with(|| SectorFigures {
                objective: Some(a.objective.clone()),
                ..SectorFigures::default()
            })
            .add(&line);
        if let Ok(code) = StructureCode::parse(&a.structure) {
            for parent in above(&code) {
                rolled_up.entry(parent.to_string()).or_default().add(&line);
            }
        }
        total.add(&line);
        activities.push(line);
    }
    SectorProgressReport {
        year: plan.year,
        quarter: quarter.value(),
        period: plan.period,
        by_structure,
        by_objective,
        rolled_up,
        total,
        activities,
    }
}

fn line(
    a: &SectorLine,
    quarter: Quarter,
    figures: Option<&ExecutionLine>,
    report: Option<&SectorExecution>,
) -> SectorProgressLine {
    SectorProgressLine {
        code: a.code.clone(),
        structure: a.structure.clone(),
        objective: a.objective.clone(),
        title: a.title.clone(),
        indicator: a.indicator.clone(),
        target: a.target.clone(),
        budget: a.budget,
        planned: planned_by(&a.months, quarter),
        status: figures.map(|f| f.status),
        progress: figures.and_then(|f| f.progress).map(|r| r.percent()),
        achieved: figures.map(|f| f.achieved.clone()).unwrap_or_default(),
        engaged: figures.and_then(|f| f.engaged),
        liquidated: figures.and_then(|f| f.liquidated),
        difficulties: figures.map(|f| f.difficulties.clone()).unwrap_or_default(),
        reported_in: figures
            .and(report)
            .and_then(|r| r.quarter)
            .map(|q| q.value()),
        estimated: a.estimated,
    }
}

/// The progress as a table: a row by structure, a row by structure above
/// them (rolled up), then the total.
pub fn table(r: &SectorProgressReport) -> Table {
    let row = |key: String, name: Cell, p: &SectorFigures| {
        Row::line(
            key,
            vec![
                name,
                Cell::count(p.planned),
                Cell::count(p.executed),
                Cell::new(Value::Percent(p.rate)),
                Cell::amount(p.engaged as i64),
                Cell::amount(p.liquidated as i64),
                match &p.state {
                    Some(state) => Cell::phrase(Text::new(format!("submission-state-{state}"))),
                    None => Cell::empty(),
                },
            ],
        )
    };
    let mut rows: Vec<Row> = r
        .by_structure
        .iter()
        .map(|(s, p)| {
            let estimated = r
                .activities
                .iter()
                .any(|a| a.estimated && a.structure == *s);
            row(s.clone(), Cell::text(s.clone()).estimated(estimated), p)
        })
        .collect();
    rows.extend(r.rolled_up.iter().map(|(s, p)| {
        row(
            format!("above/{s}"),
            Cell::phrase(text!("sector-progress-rolled-up", structure = s.as_str())),
            p,
        )
    }));
    let total = row(
        "total".into(),
        Cell::phrase(Text::new("budget-line-total")),
        &r.total,
    );
    rows.push(Row::total(total.cells));
    Table {
        sheet: r.titled("sheet-sector-progress"),
        title: r.titled("sector-progress-title"),
        columns: vec![
            Column::new("col-structure", 22.0, 3),
            Column::new("col-sector-planned", 10.0, 1),
            Column::new("col-sector-executed", 10.0, 1),
            Column::new("col-sector-rate", 10.0, 1),
            Column::new("col-sector-engaged", 14.0, 1),
            Column::new("col-sector-liquidated", 14.0, 1),
            Column::new("col-state", 14.0, 1),
        ],
        rows,
        notes: std::iter::once(Text::new("sector-progress-legend"))
            .chain(
                r.activities
                    .iter()
                    .any(|a| a.estimated)
                    .then(|| Text::new("sector-progress-estimated-legend")),
            )
            .collect(),
        merged: 0,
        wide: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_activity_is_planned_from_its_first_month() {
        let q = |n| Quarter::new(n).unwrap();
        assert!(!planned_by(&[7, 8], q(2)));
        assert!(planned_by(&[6, 7], q(2)));
        assert!(planned_by(&[1], q(1)));
        // Without a chronogramme, by the year's end.
        assert!(!planned_by(&[], q(3)));
        assert!(planned_by(&[], q(4)));
    }
}
