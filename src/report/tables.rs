//! The report's tables, each built once as a [`Table`] of typed cells from
//! its read model: Tableau 3 (the activities), Tableau 4 (the
//! recommendations of a session), the financial execution, the plan with
//! its chronogramme, and the progress of a plan during the year. Every
//! writer (terminal, CSV, XLSX, pages, the yearly report) lays these out.
//! (Over 400 lines: one builder per table of the report, kept together so
//! that their columns, words and marks read as one set.)

use super::plan::PlanReport;
use super::progress::{ProgressReport, ProgressTotal};
use super::table::{Cell, Column, Row, Table, Value};
use super::{
    ActivitiesReport, ActivityLine, FinancesReport, PlanBudget, RecommendationLine,
    RecommendationsReport, ReportStatus,
};
use crate::domain::activity::ActivityStatus;
use crate::domain::types::{Code, MONTH_LETTERS};
use crate::text;
use crate::text::{Arg, DeadlineMark, Text};

/// A plan's budget: thousands of F CFA, « PM », or nothing.
fn budget(b: PlanBudget) -> Cell {
    match b {
        PlanBudget::Thousands(n) => Cell::amount(n),
        PlanBudget::Pm => Cell::text("PM"),
        PlanBudget::None => Cell::empty(),
    }
}

/// The activity as the report names it: « 1.1.2. Élaboration du PTA ».
fn activity_title(code: &str, title: &str) -> Cell {
    Cell::text(format!("{code}. {title}"))
}

/// The first cells of a plan's line, as Tableaux 3 and 6 print them: its
/// objective, its result, the activity.
fn planned(objective: &str, result: &str, code: &str, title: &str) -> Vec<Cell> {
    vec![
        Cell::text(objective),
        Cell::text(result),
        activity_title(code, title),
    ]
}

/// An indicator with its target and the value achieved, when given.
fn indicator(indicator: &str, target: Option<&str>, achieved: Option<&str>) -> Cell {
    let mut parts = Vec::new();
    if !indicator.trim().is_empty() {
        parts.push(text!("table-plain", value = indicator));
    }
    if let Some(v) = target {
        parts.push(text!("indicator-target", value = v));
    }
    if let Some(v) = achieved {
        parts.push(text!("indicator-achieved", value = v));
    }
    if parts.is_empty() {
        return Cell::empty();
    }
    Cell::phrase(text!("table-plain", value = Arg::Parts(parts)))
}

fn activity_status(a: &ActivityLine) -> Cell {
    match a.status {
        ActivityStatus::Planned => Cell::empty(),
        ActivityStatus::Executed => Cell::phrase(Text::new("activity-status-executed")),
        ActivityStatus::NotExecuted => Cell::phrase(Text::new("activity-status-not_executed")),
    }
}

/// Tableau 3: the activities of a year's plan, as the report prints them
/// (objective, result, activity, executed, period, observations), with the
/// follow-up columns (indicator with its target and value achieved, budget,
/// costs engaged and liquidated, their totals) when `follow_up`.
pub fn activities(r: &ActivitiesReport, follow_up: bool) -> Table {
    let mut columns = vec![
        Column::new("col-objectives", 28.0, 3),
        Column::new("col-results", 28.0, 3),
        Column::new("col-activities", 45.0, 4),
    ];
    if follow_up {
        columns.extend([
            Column::new("col-indicators", 30.0, 3),
            Column::new("col-budget", 14.0, 2),
            Column::new("col-engaged", 14.0, 2),
            Column::new("col-liquidated", 14.0, 2),
        ]);
    }
    columns.extend([
        Column::new("col-executed-yes-no", 12.0, 1),
        Column::new("col-period", 22.0, 2),
        Column::new("col-observations", 32.0, 3),
    ]);
    let mut rows: Vec<Row> = r
        .activities
        .iter()
        .map(|a| {
            let mut cells = planned(&a.objective, &a.result, &a.code, &a.title);
            if follow_up {
                let amount = |n: Option<i64>| n.map_or_else(Cell::empty, Cell::amount);
                cells.extend([
                    indicator(
                        a.indicator.as_deref().unwrap_or_default(),
                        a.target.as_deref(),
                        a.achieved.as_deref(),
                    ),
                    budget(a.budget),
                    amount(a.engaged),
                    amount(a.liquidated),
                ]);
            }
            cells.extend([
                activity_status(a),
                Cell::opt(&a.period),
                Cell::opt(&a.observation),
            ]);
            Row::line(a.code.clone(), cells)
        })
        .collect();
    if follow_up {
        let costs = r.costs.as_ref();
        rows.push(Row::total(vec![
            Cell::phrase(Text::new("table-total")).spanning(4),
            Cell::amount(r.budget_total as i64),
            costs.map_or_else(Cell::empty, |c| Cell::amount(c.engaged)),
            costs.map_or_else(Cell::empty, |c| Cell::amount(c.liquidated)),
            Cell::empty().spanning(3),
        ]));
    }
    Table {
        sheet: text!("sheet-activities", year = r.year),
        title: text!("table3-title", year = r.year),
        columns,
        rows,
        notes: vec![text!(
            "table3-summary",
            planned = r.planned,
            executed = r.executed,
            not_executed = r.not_executed,
            rate = Arg::Percent(r.execution_rate),
            total = Arg::Amount(r.budget_total as i64),
            budgeted = r.budgeted
        )],
        merged: 2,
        wide: false,
    }
}

fn structures(x: &RecommendationLine) -> Cell {
    Cell::text(x.structures.join(", "))
}

/// A status column of Tableau 4: its number when the recommendation is in it.
fn status_mark(x: &RecommendationLine, key: ReportStatus, mark: &'static str) -> Cell {
    if x.status == key {
        Cell::new(Value::Mark(mark))
    } else {
        Cell::empty()
    }
}

/// Tableau 4: the recommendations of a session with their structures and,
/// when `with_due`, their deadline (the workflow's default marked), and the
/// column of their status.
pub fn recommendations(r: &RecommendationsReport, with_due: bool) -> Table {
    let mut columns = vec![
        Column::new("col-number", 6.0, 1),
        Column::new("col-recommendations", 60.0, 7),
        Column::new("col-structures", 26.0, 3),
    ];
    if with_due {
        columns.push(Column::new("col-due", 14.0, 2));
    }
    columns.extend([
        Column::new("col-executed-1", 11.0, 1),
        Column::new("col-in-progress-2", 11.0, 1),
        Column::new("col-not-executed-3", 11.0, 1),
    ]);
    let rows = r
        .recommendations
        .iter()
        .map(|x| {
            let mut cells = vec![
                Cell::count(x.number),
                Cell::text(x.text.clone()),
                structures(x),
            ];
            if with_due {
                cells.push(x.due.map_or_else(Cell::empty, |d| {
                    Cell::new(Value::Deadline(
                        d,
                        DeadlineMark::from_flags(x.due_is_default, false),
                    ))
                }));
            }
            cells.extend([
                status_mark(x, ReportStatus::Executed, "1"),
                status_mark(x, ReportStatus::InProgress, "2"),
                status_mark(x, ReportStatus::NotExecuted, "3"),
            ]);
            Row::line(x.number.to_string(), cells)
        })
        .collect();
    Table {
        sheet: text!("sheet-recommendations", session = r.session.as_str()),
        title: text!("table4-title", session = r.session.as_str()),
        columns,
        rows,
        notes: vec![text!(
            "table4-summary",
            total = r.total,
            session = r.session.as_str(),
            executed = r.executed,
            in_progress = r.in_progress,
            not_executed = r.not_executed
        )],
        merged: 0,
        wide: false,
    }
}

/// Tableau 5 of the yearly report: the recommendations formulated at the
/// next year's session, new or carried over from an earlier one.
pub fn formulated(r: &RecommendationsReport) -> Table {
    let rows = r
        .recommendations
        .iter()
        .map(|x| {
            let origin = match x.carried_from.as_deref().and_then(|c| c.split_once('#')) {
                Some((session, number)) => {
                    Cell::phrase(text!("annual-carried", session = session, number = number))
                }
                None => Cell::phrase(Text::new("annual-new")),
            };
            Row::line(
                x.number.to_string(),
                vec![
                    Cell::count(x.number),
                    Cell::text(x.text.clone()),
                    structures(x),
                    origin,
                ],
            )
        })
        .collect();
    Table {
        sheet: text!("sheet-recommendations", session = r.session.as_str()),
        title: text!("table4-title", session = r.session.as_str()),
        columns: vec![
            Column::new("col-number", 6.0, 1),
            Column::new("col-recommendations", 60.0, 7),
            Column::new("col-structures", 26.0, 3),
            Column::new("col-origin", 26.0, 3),
        ],
        rows,
        notes: vec![],
        merged: 0,
        wide: false,
    }
}

/// The financial execution of a year: each budget line at its four stages
/// (estimates marked), their total, and the activities' costs set against
/// the credits when recorded.
pub fn finances(r: &FinancesReport) -> Table {
    let mut rows = Vec::new();
    for l in &r.lines {
        let cell =
            |kind: &str, n: i64| Cell::amount(n).estimated(l.estimated.iter().any(|e| e == kind));
        rows.push(Row::line(
            l.line.clone(),
            vec![
                Cell::phrase(Text::new(format!("budget-line-{}", l.line))),
                cell("allotted", l.amounts.allotted),
                cell("notified", l.amounts.notified),
                cell("engaged", l.amounts.engaged),
                cell("liquidated", l.amounts.liquidated),
            ],
        ));
    }
    let t = r.total;
    rows.push(Row::total(vec![
        Cell::phrase(Text::new("budget-line-total")),
        Cell::amount(t.allotted),
        Cell::amount(t.notified),
        Cell::amount(t.engaged),
        Cell::amount(t.liquidated),
    ]));
    if let Some(c) = &r.activity_costs {
        for (line, engaged, liquidated) in [
            (
                "activity_costs",
                c.activities.engaged,
                c.activities.liquidated,
            ),
            ("difference", c.engaged_difference, c.liquidated_difference),
        ] {
            rows.push(Row::line(
                line,
                vec![
                    Cell::phrase(Text::new(format!("finances-{line}"))),
                    Cell::empty(),
                    Cell::empty(),
                    Cell::amount(engaged),
                    Cell::amount(liquidated),
                ],
            ));
        }
    }
    let mut notes = vec![text!(
        "finances-rate",
        rate = Arg::Percent(r.execution_rate)
    )];
    if r.lines.iter().any(|l| !l.estimated.is_empty()) {
        notes.push(Text::new("table-estimated-legend"));
    }
    Table {
        sheet: text!("sheet-finances", year = r.year),
        title: text!("finances-title", year = r.year),
        columns: vec![
            Column::new("col-line", 26.0, 3),
            Column::new("col-allotted", 18.0, 2),
            Column::new("col-notified", 18.0, 2),
            Column::new("col-engaged", 18.0, 2),
            Column::new("col-liquidated", 18.0, 2),
        ],
        rows,
        notes,
        merged: 0,
        wide: false,
    }
}

/// A month's mark in a chronogramme: `X`, or `e` when the months are estimated.
pub fn month_mark(months: &[u8], month: u8, estimated: bool) -> &'static str {
    match (months.contains(&month), estimated) {
        (false, _) => "",
        (true, false) => "X",
        (true, true) => "e",
    }
}

/// The plan of a year as the report prints it (Tableau 6 of the yearly
/// report): objective, result, activity, indicator, budget, the
/// chronogramme J to D, the responsible unit, and the total.
pub fn plan(r: &PlanReport) -> Table {
    let mut columns = vec![
        Column::new("col-objectives", 24.0, 3),
        Column::new("col-results", 24.0, 3),
        Column::new("col-activities", 40.0, 5),
        Column::new("col-indicators", 26.0, 3),
        Column::new("col-budget", 12.0, 3),
    ];
    columns.extend(MONTH_LETTERS.iter().map(|m| Column::plain(m, 3.0, 1)));
    columns.push(Column::new("col-responsible", 22.0, 3));
    let mut rows: Vec<Row> = r
        .activities
        .iter()
        .map(|a| {
            let mut cells = planned(&a.objective, &a.result, &a.code, &a.title);
            cells.extend([
                indicator(&a.indicator, a.target.as_deref(), a.achieved.as_deref()),
                budget(a.budget),
            ]);
            cells.extend((1..=12u8).map(|m| {
                let mark = month_mark(&a.months, m, a.months_estimated);
                Cell::new(if mark.is_empty() {
                    Value::Empty
                } else {
                    Value::Mark(mark)
                })
                .shaded(a.months.contains(&m))
            }));
            cells.push(Cell::text(a.responsible.clone()));
            Row::line(a.code.clone(), cells)
        })
        .collect();
    // The total's label spans the four text columns before the budget.
    rows.push(Row::total(vec![
        Cell::phrase(Text::new("annual-plan-total")).spanning(4),
        Cell::amount(r.total as i64),
        Cell::empty().spanning(13),
    ]));
    let notes = if r.has_estimated_months() {
        vec![Text::new("plan-estimated-months")]
    } else {
        vec![]
    };
    Table {
        sheet: text!("sheet-plan", year = r.year),
        title: text!("plan-title", year = r.year),
        columns,
        rows,
        notes,
        merged: 2,
        wide: true,
    }
}

/// The progress of a plan on a day, late activities first: each with its
/// indicator, unit, months, deadline, last progress and status.
pub fn progress(r: &ProgressReport) -> Table {
    let rows = r
        .late_first()
        .into_iter()
        .map(|a| {
            let months = Cell::new(Value::Months(a.months.clone(), a.months_estimated));
            let status = Text::new(format!("progress-status-{}", a.status.code()));
            Row::line(
                a.code.clone(),
                vec![
                    activity_title(&a.code, &a.title),
                    indicator(&a.indicator, a.target.as_deref(), a.achieved.as_deref()),
                    Cell::text(a.responsible_shown()),
                    months,
                    a.deadline
                        .map_or_else(Cell::empty, |d| Cell::new(Value::Date(d))),
                    match a.progress_date {
                        Some(d) => Cell::phrase(text!(
                            "table-progress",
                            percent = u32::from(a.percent),
                            day = Arg::Date(d)
                        )),
                        None if a.percent > 0 => {
                            Cell::phrase(text!("table-percent", percent = u32::from(a.percent)))
                        }
                        None => Cell::empty(),
                    },
                    Cell::phrase(if a.late {
                        text!("progress-late", status = status)
                    } else {
                        status
                    }),
                    Cell::opt(&a.note),
                ],
            )
        })
        .collect();
    Table {
        sheet: text!("sheet-progress", year = r.year),
        title: text!(
            "progress-title",
            year = r.year,
            quarter = u32::from(r.quarter),
            day = Arg::Date(r.as_of)
        ),
        columns: vec![
            Column::new("col-activities", 45.0, 5),
            Column::new("col-indicators", 30.0, 3),
            Column::new("col-responsible", 22.0, 3),
            Column::new("col-months", 10.0, 1),
            Column::new("col-deadline", 12.0, 2),
            Column::new("col-progress", 16.0, 2),
            Column::new("col-status", 18.0, 2),
            Column::new("col-note", 30.0, 3),
        ],
        rows,
        notes: vec![text!(
            "progress-summary",
            late = r.late,
            on_track = r.on_track,
            done = r.done,
            not_executed = r.not_executed
        )],
        merged: 0,
        wide: false,
    }
}

/// The counts of the progress by objective or by unit.
pub fn progress_totals(
    r: &ProgressReport,
    first_header: &'static str,
    totals: &[ProgressTotal],
) -> Table {
    Table {
        sheet: text!("sheet-progress", year = r.year),
        title: Text::new(if first_header == "col-unit" {
            "page-by-unit"
        } else {
            "page-by-objective"
        }),
        columns: vec![
            Column::new(first_header, 40.0, 5),
            Column::new("col-count", 12.0, 1),
            Column::new("col-late", 12.0, 1),
            Column::new("col-on-track", 12.0, 1),
            Column::new("col-done", 12.0, 1),
            Column::new("col-not-executed", 12.0, 1),
        ],
        rows: totals
            .iter()
            .map(|g| {
                Row::line(
                    g.key.clone(),
                    vec![
                        Cell::text(g.name.clone()),
                        Cell::count(g.activities),
                        Cell::count(g.late),
                        Cell::count(g.on_track),
                        Cell::count(g.done),
                        Cell::count(g.not_executed),
                    ],
                )
            })
            .collect(),
        notes: vec![],
        merged: 0,
        wide: false,
    }
}
