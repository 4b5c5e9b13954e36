//! One project's sheet in a year: what it is, its line of the portfolio as
//! of a day, every figure recorded with its day, its quarters (due, handed
//! in, locked, missing) and the recommendations that belong to it.

use chrono::NaiveDate;
use serde::Serialize;

use super::projects::PortfolioLine;
use super::table::{Cell, Column, Row, Table, Value};
use crate::domain::execution::{CreditFigure, PhysicalFigure};
use crate::domain::types::Code;
use crate::text;
use crate::text::{Arg, Text};

/// A project's place at the year's BSI arbitration.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SheetArbitration {
    pub presented: bool,
    pub new: bool,
    /// F CFA.
    pub funded: Option<i64>,
    pub estimated: bool,
}

/// One quarter of the year for the project's structure.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SheetQuarter {
    /// 1 to 4.
    pub quarter: u8,
    /// The day its figures are due.
    pub due: NaiveDate,
    /// The structure that hands them in.
    pub structure: String,
    /// The submission's state's code (`submitted`, `returned`, `approved`),
    /// none before a first submission.
    pub state: Option<String>,
    /// A figure of the project is dated in it.
    pub figures: bool,
    /// Its figures are missing past their deadline.
    pub late: bool,
    /// The last comment of a return or reason of a reopening, while it stands.
    pub comment: Option<String>,
    /// The caller may hand it in.
    #[serde(skip)]
    pub may_submit: bool,
}

/// A recommendation that belongs to the project.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SheetRecommendation {
    pub session: String,
    pub number: u32,
    pub text: String,
    /// The status's code.
    pub status: String,
    pub structures: Vec<String>,
}

/// A project's sheet.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ProjectSheet {
    pub code: String,
    pub title: String,
    pub aliases: Vec<String>,
    pub ministry: String,
    pub structure: Option<String>,
    /// `projet` or `programme`.
    pub kind: String,
    pub parent: Option<String>,
    /// The codes of a programme's sub-projects.
    pub sub_projects: Vec<String>,
    /// As written: `BSI`, `PTF (OIM)`.
    pub funding: Vec<String>,
    /// F CFA.
    pub total_cost: Option<i64>,
    pub start: Option<i32>,
    pub end: Option<i32>,
    pub pti: Option<i32>,
    pub manager_email: Option<String>,
    /// The project itself is not in the documents (counted, not named).
    pub details_estimated: bool,
    pub year: i32,
    pub as_of: NaiveDate,
    /// Its line of the year's portfolio; none when it does not report on the year.
    pub line: Option<PortfolioLine>,
    pub arbitration: Option<SheetArbitration>,
    /// Every credit recorded for the year, by day.
    pub credits: Vec<CreditFigure>,
    /// Every physical rate declared for the year, by day.
    pub physical: Vec<PhysicalFigure>,
    pub quarters: Vec<SheetQuarter>,
    pub recommendations: Vec<SheetRecommendation>,
    /// The caller may record its figures.
    #[serde(skip)]
    pub may_record: bool,
    /// The caller may return, approve or reopen its quarters.
    #[serde(skip)]
    pub may_decide: bool,
}

impl ProjectSheet {
    /// Every figure of the year as one table, by day: the credits by stage
    /// and source, the physical rates with their note.
    pub fn figures_table(&self) -> Table {
        let mut rows: Vec<(NaiveDate, Row)> = Vec::new();
        for c in &self.credits {
            rows.push((
                c.effective,
                Row::line(
                    format!("credit-{}-{}", c.effective, c.kind.code()),
                    vec![
                        Cell::new(Value::Date(c.effective)),
                        Cell::phrase(Text::new(format!("credit-kind-{}", c.kind.code()))),
                        Cell::text(c.source.clone()),
                        Cell::amount(c.amount.value()).estimated(c.estimated),
                        Cell::empty(),
                        Cell::empty(),
                    ],
                ),
            ));
        }
        for p in &self.physical {
            rows.push((
                p.date,
                Row::line(
                    format!("physical-{}", p.date),
                    vec![
                        Cell::new(Value::Date(p.date)),
                        Cell::phrase(Text::new("project-figure-physical")),
                        Cell::opt(&p.source),
                        Cell::empty(),
                        Cell::new(Value::Percent(Some(p.rate.percent()))).estimated(p.estimated),
                        Cell::opt(&p.note),
                    ],
                ),
            ));
        }
        rows.sort_by_key(|(d, _)| *d);
        let estimated =
            self.credits.iter().any(|c| c.estimated) || self.physical.iter().any(|p| p.estimated);
        Table {
            sheet: text!("sheet-project", code = self.code.as_str(), year = self.year),
            title: text!(
                "project-sheet-figures-title",
                title = self.title.as_str(),
                year = self.year
            ),
            columns: vec![
                Column::new("col-date", 12.0, 1),
                Column::new("col-figure", 16.0, 2),
                Column::new("col-source", 14.0, 2),
                Column::new("col-amount", 16.0, 2),
                Column::new("col-physical-rate", 12.0, 1),
                Column::new("col-note", 30.0, 4),
            ],
            rows: rows.into_iter().map(|(_, r)| r).collect(),
            notes: if estimated {
                vec![Text::new("table-estimated-legend")]
            } else {
                Vec::new()
            },
            merged: 0,
            wide: false,
        }
    }

    /// The year's quarters: due, handed in, missing.
    pub fn quarters_table(&self) -> Table {
        let rows = self
            .quarters
            .iter()
            .map(|q| {
                Row::line(
                    format!("T{}", q.quarter),
                    vec![
                        Cell::phrase(text!(
                            "project-quarter-name",
                            quarter = q.quarter,
                            year = self.year
                        )),
                        Cell::new(Value::Date(q.due)),
                        Cell::text(q.structure.clone()),
                        Cell::phrase(Text::new(format!(
                            "submission-state-{}",
                            q.state.as_deref().unwrap_or("none")
                        ))),
                        Cell::phrase(Text::new(if q.figures {
                            "project-quarter-figures"
                        } else {
                            "project-quarter-no-figures"
                        })),
                        if q.late {
                            Cell::phrase(Text::new("projects-late"))
                        } else {
                            Cell::empty()
                        },
                        Cell::opt(&q.comment),
                    ],
                )
            })
            .collect();
        Table {
            sheet: text!("sheet-project-quarters", year = self.year),
            title: text!("project-sheet-quarters-title", year = self.year),
            columns: vec![
                Column::new("col-quarter", 22.0, 2),
                Column::new("col-due", 12.0, 1),
                Column::new("col-structure", 12.0, 1),
                Column::new("col-submission-state", 14.0, 2),
                Column::new("col-figures", 10.0, 1),
                Column::new("col-late", 10.0, 1),
                Column::new("col-comment", 30.0, 4),
            ],
            rows,
            notes: Vec::new(),
            merged: 0,
            wide: false,
        }
    }

    /// What the project is, in sentences (after its code and title): its
    /// ministry and structure, its kind and financing, its cost and years.
    pub fn description(&self) -> Vec<Text> {
        let kind = Arg::Text(Box::new(Text::new(format!("project-kind-{}", self.kind))));
        let mut out = vec![match &self.structure {
            Some(structure) => text!(
                "project-sheet-heading",
                kind = kind,
                ministry = self.ministry.as_str(),
                structure = structure.as_str()
            ),
            None => text!(
                "project-sheet-heading-ministry",
                kind = kind,
                ministry = self.ministry.as_str()
            ),
        }];
        if !self.funding.is_empty() {
            out.push(text!(
                "project-sheet-funding",
                funding = self.funding.join(", ")
            ));
        }
        if let Some(cost) = self.total_cost {
            out.push(text!("project-sheet-cost", amount = Arg::Amount(cost)));
        }
        if let (Some(start), Some(end)) = (self.start, self.end) {
            out.push(text!("project-sheet-years", start = start, end = end));
        }
        if let Some(parent) = &self.parent {
            out.push(text!("project-sheet-parent", parent = parent.as_str()));
        }
        if !self.sub_projects.is_empty() {
            out.push(text!(
                "project-sheet-sub-projects",
                codes = self.sub_projects.join(", ")
            ));
        }
        if let Some(a) = &self.arbitration {
            out.push(match (a.presented, a.funded) {
                (true, Some(f)) => text!(
                    "project-sheet-funded",
                    year = self.year,
                    amount = Arg::Amount(f)
                ),
                (true, None) => text!("project-sheet-presented", year = self.year),
                _ => text!("project-sheet-not-presented", year = self.year),
            });
        }
        if self.details_estimated {
            out.push(Text::new("project-sheet-estimated"));
        }
        out
    }
}
