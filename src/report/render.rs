//! Renders the report tables as a terminal table laid out like the report's,
//! as CSV, or as JSON. Every word comes from the catalogue.

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use serde::Serialize;

use super::plan::PlanReport;
use super::progress::ProgressReport;
use super::{ActivitiesReport, FinancesReport, RecommendationsReport};
use crate::domain::types::Code;
use crate::text;
use crate::text::{label, Arg, Lang};

/// How a table is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Table,
    Csv,
    Json,
    /// An Excel workbook; needs an output file.
    Xlsx,
}

crate::codes!(Format {
    Table => "table",
    Csv => "csv",
    Json => "json",
    Xlsx => "xlsx",
});

/// A terminal table with these headers (catalogue ids).
pub fn new_table(lang: Lang, headers: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(160)
        .set_header(headers.iter().map(|h| lang.t(h)).collect::<Vec<_>>());
    t
}

pub fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("reports serialize to JSON")
}

/// CSV as Excel opens it in French settings: `;` between fields, UTF-8 with a BOM.
/// A cell that a spreadsheet would read as a formula is written as text.
pub fn csv_of(headers: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer("\u{feff}".as_bytes().to_vec());
    w.write_record(headers).expect("writing to memory");
    for r in rows {
        w.write_record(r.iter().map(|cell| inert(cell).into_owned()))
            .expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("UTF-8 input")
}

/// A cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is
/// prefixed with `'`, so that no spreadsheet runs it as a formula (OWASP's
/// advice against CSV injection). Numbers are left as they are.
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn budget_text(v: &serde_json::Value, lang: Lang) -> String {
    match v {
        serde_json::Value::Number(n) => lang.amount(n.as_i64().unwrap_or_default()),
        serde_json::Value::String(s) => s.clone(),
        _ => String::new(),
    }
}

pub fn activities(r: &ActivitiesReport, format: Format, lang: Lang) -> String {
    match format {
        Format::Json | Format::Xlsx => json(r),
        Format::Csv => csv_of(
            &[
                "code",
                "title",
                "objective",
                "result",
                "budget",
                "status",
                "period",
                "observation",
                "indicator",
                "target",
                "achieved",
                "engaged",
                "liquidated",
            ],
            r.activities
                .iter()
                .map(|a| {
                    let number = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
                    vec![
                        a.code.clone(),
                        a.title.clone(),
                        a.objective.clone(),
                        a.result.clone(),
                        budget_text(&a.budget, Lang::Fr).replace(' ', ""),
                        a.status.clone(),
                        opt(&a.period),
                        opt(&a.observation),
                        opt(&a.indicator),
                        opt(&a.target),
                        opt(&a.achieved),
                        number(a.engaged),
                        number(a.liquidated),
                    ]
                })
                .collect(),
        ),
        Format::Table => {
            let mut t = new_table(
                lang,
                &[
                    "col-code",
                    "col-activities",
                    "col-indicators",
                    "col-budget",
                    "col-engaged",
                    "col-liquidated",
                    "col-executed-yes-no",
                    "col-period",
                    "col-observations",
                ],
            );
            let amount = |n: Option<i64>| n.map(|n| lang.amount(n)).unwrap_or_default();
            for a in &r.activities {
                t.add_row(vec![
                    a.code.clone(),
                    a.title.clone(),
                    indicator_text(
                        a.indicator.as_deref().unwrap_or_default(),
                        a.target.as_deref(),
                        a.achieved.as_deref(),
                        lang,
                    ),
                    budget_text(&a.budget, lang),
                    amount(a.engaged),
                    amount(a.liquidated),
                    label(lang, "activity-status", &a.status),
                    opt(&a.period),
                    opt(&a.observation),
                ]);
            }
            if let Some(c) = &r.costs {
                t.add_row(vec![
                    String::new(),
                    lang.t("page-cost-total"),
                    String::new(),
                    String::new(),
                    lang.amount(c.engaged),
                    lang.amount(c.liquidated),
                    String::new(),
                    String::new(),
                    String::new(),
                ]);
            }
            let title = text!("table3-title", year = r.year).render(lang);
            let summary = text!(
                "table3-summary",
                planned = r.planned,
                executed = r.executed,
                not_executed = r.not_executed,
                rate = lang.percent(r.execution_rate),
                total = Arg::Amount(r.budget_total as i64),
                budgeted = r.budgeted
            )
            .render(lang);
            format!("{title}\n{t}\n{summary}")
        }
    }
}

pub fn recommendations(r: &RecommendationsReport, format: Format, lang: Lang) -> String {
    match format {
        Format::Json | Format::Xlsx => json(r),
        Format::Csv => csv_of(
            &[
                "number",
                "text",
                "structures",
                "status",
                "due",
                "due_is_default",
            ],
            r.recommendations
                .iter()
                .map(|x| {
                    vec![
                        x.number.to_string(),
                        x.text.clone(),
                        x.structures.join(","),
                        x.status.clone(),
                        x.due.map(|d| d.to_string()).unwrap_or_default(),
                        x.due_is_default.to_string(),
                    ]
                })
                .collect(),
        ),
        Format::Table => {
            let mut t = new_table(
                lang,
                &[
                    "col-number",
                    "col-recommendations",
                    "col-structures",
                    "col-due",
                    "col-executed-1",
                    "col-in-progress-2",
                    "col-not-executed-3",
                ],
            );
            for x in &r.recommendations {
                let mark = |k: &str, v: &str| {
                    if x.status == k {
                        v.to_string()
                    } else {
                        String::new()
                    }
                };
                t.add_row(vec![
                    x.number.to_string(),
                    x.text.clone(),
                    x.structures.join(", "),
                    x.due
                        .map(|d| {
                            text::deadline(
                                d,
                                text::DeadlineMark::from_flags(x.due_is_default, false),
                                false,
                                lang,
                            )
                        })
                        .unwrap_or_default(),
                    mark("executed", "1"),
                    mark("in_progress", "2"),
                    mark("not_executed", "3"),
                ]);
            }
            let title = text!("table4-title", session = r.session.as_str()).render(lang);
            let summary = text!(
                "table4-summary",
                total = r.total,
                session = r.session.as_str(),
                executed = r.executed,
                in_progress = r.in_progress,
                not_executed = r.not_executed
            )
            .render(lang);
            format!("{title}\n{t}\n{summary}")
        }
    }
}

pub fn finances(r: &FinancesReport, format: Format, lang: Lang) -> String {
    let none = Vec::new();
    let rows = || {
        r.lines
            .iter()
            .map(|l| (l.line.as_str(), l.amounts, &l.estimated))
            .chain(std::iter::once(("total", r.total, &none)))
    };
    match format {
        Format::Json | Format::Xlsx => json(r),
        Format::Csv => {
            let mut lines: Vec<Vec<String>> = rows()
                .map(|(line, a, _)| {
                    vec![
                        line.to_string(),
                        a.allotted.to_string(),
                        a.notified.to_string(),
                        a.engaged.to_string(),
                        a.liquidated.to_string(),
                    ]
                })
                .collect();
            if let Some(c) = &r.activity_costs {
                for (line, engaged, liquidated) in cost_rows(c) {
                    let cells = [
                        String::new(),
                        String::new(),
                        engaged.to_string(),
                        liquidated.to_string(),
                    ];
                    lines.push(std::iter::once(line.to_string()).chain(cells).collect());
                }
            }
            csv_of(
                &["line", "allotted", "notified", "engaged", "liquidated"],
                lines,
            )
        }
        Format::Table => {
            let mut t = new_table(
                lang,
                &[
                    "col-line",
                    "col-allotted",
                    "col-notified",
                    "col-engaged",
                    "col-liquidated",
                ],
            );
            for (line, a, estimated) in rows() {
                // An estimate is marked, and said so under the table.
                let cell = |kind: &str, n: i64| {
                    let mark = if estimated.iter().any(|e| e == kind) {
                        " *"
                    } else {
                        ""
                    };
                    format!("{}{mark}", lang.amount(n))
                };
                t.add_row(vec![
                    label(lang, "budget-line", line),
                    cell("allotted", a.allotted),
                    cell("notified", a.notified),
                    cell("engaged", a.engaged),
                    cell("liquidated", a.liquidated),
                ]);
            }
            if let Some(c) = &r.activity_costs {
                for (line, engaged, liquidated) in cost_rows(c) {
                    t.add_row(vec![
                        lang.t(&format!("finances-{line}")),
                        String::new(),
                        String::new(),
                        lang.amount(engaged),
                        lang.amount(liquidated),
                    ]);
                }
            }
            let title = text!("finances-title", year = r.year).render(lang);
            let summary =
                text!("finances-rate", rate = lang.percent(r.execution_rate)).render(lang);
            let note = if r.lines.iter().any(|l| !l.estimated.is_empty()) {
                format!("\n{}", lang.t("finances-estimated"))
            } else {
                String::new()
            };
            format!("{title}\n{t}\n{summary}{note}")
        }
    }
}

/// The chronogramme's month letters, January to December.
pub const MONTH_LETTERS: [&str; 12] = ["J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"];

/// A month's mark in a chronogramme: `X`, or `e` when the months are estimated.
pub fn month_mark(months: &[u8], month: u8, estimated: bool) -> &'static str {
    match (months.contains(&month), estimated) {
        (false, _) => "",
        (true, false) => "X",
        (true, true) => "e",
    }
}

pub fn plan(r: &PlanReport, format: Format, lang: Lang) -> String {
    match format {
        Format::Json | Format::Xlsx => json(r),
        Format::Csv => {
            let mut headers = vec![
                "code",
                "objective",
                "result",
                "title",
                "indicator",
                "target",
                "achieved",
                "budget",
            ];
            let months: Vec<String> = (1..=12).map(|m| format!("m{m:02}")).collect();
            headers.extend(months.iter().map(String::as_str));
            headers.extend(["months_estimated", "responsible"]);
            let rows = r
                .activities
                .iter()
                .map(|a| {
                    let mut row = vec![
                        a.code.clone(),
                        a.objective.clone(),
                        a.result.clone(),
                        a.title.clone(),
                        a.indicator.clone(),
                        a.target.clone().unwrap_or_default(),
                        a.achieved.clone().unwrap_or_default(),
                        budget_text(&a.budget, Lang::Fr).replace(' ', ""),
                    ];
                    row.extend((1..=12u8).map(|m| {
                        if a.months.contains(&m) {
                            "X".to_string()
                        } else {
                            String::new()
                        }
                    }));
                    row.push(a.months_estimated.to_string());
                    row.push(a.responsible.clone());
                    row
                })
                .collect();
            csv_of(&headers, rows)
        }
        Format::Table => {
            let mut headers: Vec<String> =
                ["col-code", "col-activities", "col-indicators", "col-budget"]
                    .iter()
                    .map(|h| lang.t(h))
                    .collect();
            headers.extend(MONTH_LETTERS.iter().map(|m| m.to_string()));
            headers.push(lang.t("col-responsible"));
            let mut t = Table::new();
            t.load_preset(UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(180)
                .set_header(headers);
            let mut objective = "";
            for a in &r.activities {
                if a.objective != objective && !a.objective.is_empty() {
                    objective = &a.objective;
                    let mut row = vec![String::new(), a.objective.clone()];
                    row.extend((0..15).map(|_| String::new()));
                    t.add_row(row);
                }
                let mut row = vec![
                    a.code.clone(),
                    a.title.clone(),
                    indicator_text(
                        &a.indicator,
                        a.target.as_deref(),
                        a.achieved.as_deref(),
                        lang,
                    ),
                    budget_text(&a.budget, lang),
                ];
                row.extend(
                    (1..=12u8).map(|m| month_mark(&a.months, m, a.months_estimated).to_string()),
                );
                row.push(a.responsible.clone());
                t.add_row(row);
            }
            let mut total = vec![
                String::new(),
                lang.t("annual-plan-total"),
                String::new(),
                lang.amount(r.total as i64),
            ];
            total.extend((0..13).map(|_| String::new()));
            t.add_row(total);
            let title = text!("plan-title", year = r.year).render(lang);
            let legend = if r
                .activities
                .iter()
                .any(|a| a.months_estimated && !a.months.is_empty())
            {
                format!("\n{}", lang.t("plan-estimated-months"))
            } else {
                String::new()
            };
            format!("{title}\n{t}{legend}")
        }
    }
}

/// The activities' costs and their difference with the credits: line key,
/// engaged, liquidated.
pub fn cost_rows(c: &super::CostComparison) -> [(&'static str, i64, i64); 2] {
    [
        (
            "activity_costs",
            c.activities.engaged,
            c.activities.liquidated,
        ),
        ("difference", c.engaged_difference, c.liquidated_difference),
    ]
}

/// An indicator with its target and the value achieved, as a cell says it.
pub fn indicator_text(
    indicator: &str,
    target: Option<&str>,
    achieved: Option<&str>,
    lang: Lang,
) -> String {
    let mut parts = vec![indicator.to_string()];
    if let Some(t) = target {
        parts.push(text!("indicator-target", value = t).render(lang));
    }
    if let Some(a) = achieved {
        parts.push(text!("indicator-achieved", value = a).render(lang));
    }
    parts.retain(|p| !p.is_empty());
    parts.join(" ; ")
}

/// The months of a chronogramme as the report writes them: `1-3 6`.
pub fn months_text(months: &[u8]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < months.len() {
        let start = months[i];
        let mut end = start;
        while i + 1 < months.len() && months[i + 1] == end + 1 {
            i += 1;
            end = months[i];
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
        i += 1;
    }
    parts.join(" ")
}

pub fn progress(r: &ProgressReport, format: Format, lang: Lang) -> String {
    let date =
        |d: Option<chrono::NaiveDate>| d.map(|d| text::short_date(d, lang)).unwrap_or_default();
    match format {
        Format::Json | Format::Xlsx => json(r),
        Format::Csv => csv_of(
            &[
                "code",
                "title",
                "objective",
                "indicator",
                "target",
                "achieved",
                "responsible",
                "units",
                "months",
                "months_estimated",
                "months_so_far",
                "deadline",
                "percent",
                "progress_date",
                "status",
                "late",
                "note",
            ],
            r.activities
                .iter()
                .map(|a| {
                    vec![
                        a.code.clone(),
                        a.title.clone(),
                        a.objective.clone(),
                        a.indicator.clone(),
                        a.target.clone().unwrap_or_default(),
                        a.achieved.clone().unwrap_or_default(),
                        a.responsible.clone(),
                        a.units.join(","),
                        months_text(&a.months),
                        a.months_estimated.to_string(),
                        a.months_so_far.to_string(),
                        a.deadline.map(|d| d.to_string()).unwrap_or_default(),
                        a.percent.to_string(),
                        a.progress_date.map(|d| d.to_string()).unwrap_or_default(),
                        a.status.code().to_string(),
                        a.late.to_string(),
                        opt(&a.note),
                    ]
                })
                .collect(),
        ),
        Format::Table => {
            let mut t = new_table(
                lang,
                &[
                    "col-code",
                    "col-activities",
                    "col-indicators",
                    "col-responsible",
                    "col-months",
                    "col-deadline",
                    "col-progress",
                    "col-status",
                ],
            );
            // Late activities first, then in plan order.
            let mut lines: Vec<_> = r.activities.iter().collect();
            lines.sort_by_key(|a| !a.late);
            for a in lines {
                let mut months = months_text(&a.months);
                if a.months_estimated && !months.is_empty() {
                    months = text!("months-estimated", months = months).render(lang);
                }
                let status = label(lang, "progress-status", a.status.code());
                t.add_row(vec![
                    a.code.clone(),
                    a.title.clone(),
                    indicator_text(
                        &a.indicator,
                        a.target.as_deref(),
                        a.achieved.as_deref(),
                        lang,
                    ),
                    a.units.join(", "),
                    months,
                    date(a.deadline),
                    match a.progress_date {
                        Some(d) => format!("{} % ({})", a.percent, text::short_date(d, lang)),
                        None => String::new(),
                    },
                    if a.late {
                        text!("progress-late", status = status).render(lang)
                    } else {
                        status
                    },
                ]);
            }
            let mut units = new_table(
                lang,
                &[
                    "col-unit",
                    "col-count",
                    "col-late",
                    "col-on-track",
                    "col-done",
                    "col-not-executed",
                ],
            );
            for u in &r.by_unit {
                units.add_row(vec![
                    u.key.clone(),
                    u.activities.to_string(),
                    u.late.to_string(),
                    u.on_track.to_string(),
                    u.done.to_string(),
                    u.not_executed.to_string(),
                ]);
            }
            let mut objectives = new_table(
                lang,
                &[
                    "col-objectives",
                    "col-count",
                    "col-late",
                    "col-on-track",
                    "col-done",
                    "col-not-executed",
                ],
            );
            for o in &r.by_objective {
                objectives.add_row(vec![
                    o.key.clone(),
                    o.activities.to_string(),
                    o.late.to_string(),
                    o.on_track.to_string(),
                    o.done.to_string(),
                    o.not_executed.to_string(),
                ]);
            }
            let title = text!(
                "progress-title",
                year = r.year,
                quarter = u32::from(r.quarter),
                day = Arg::Date(r.as_of)
            )
            .render(lang);
            let summary = text!(
                "progress-summary",
                late = r.late,
                on_track = r.on_track,
                done = r.done,
                not_executed = r.not_executed
            )
            .render(lang);
            format!("{title}\n{t}\n{summary}\n\n{objectives}\n{units}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_would_be_formulas_are_written_as_text() {
        let csv = csv_of(
            &["a", "b", "c", "d"],
            vec![vec![
                "=HYPERLINK(\"http://x\")".into(),
                "@SUM(A1)".into(),
                "+33 1".into(),
                "Plan d'action".into(),
            ]],
        );
        let line = csv.lines().nth(1).unwrap();
        assert_eq!(
            line,
            "\"'=HYPERLINK(\"\"http://x\"\")\";'@SUM(A1);'+33 1;Plan d'action"
        );
        let numbers = csv_of(&["n"], vec![vec!["-5".into()]]);
        assert_eq!(numbers.lines().nth(1), Some("-5"));
    }
}
