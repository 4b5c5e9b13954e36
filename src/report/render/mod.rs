//! Renders the report tables as a terminal table laid out like the report's,
//! as CSV, or as JSON. Every word comes from the catalogue. The plan and
//! its progress are in `follow_up`. (Just over 400 lines with the tests of
//! the CSV guard and the Tableaux' layouts, which read best beside them.)

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use serde::Serialize;

mod follow_up;

pub use follow_up::{month_mark, months_shown, months_text, plan, progress, progress_title};

use super::{ActivitiesReport, FinancesReport, RecommendationsReport};
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

/// A plan's budget as a cell shows it: the amount, `PM`, or nothing.
pub fn budget_text(v: &serde_json::Value, lang: Lang) -> String {
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
