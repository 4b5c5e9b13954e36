//! The year as it is followed: the plan laid out as the report prints it,
//! and its progress on a day, on screen or as CSV or JSON.

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};

use super::{budget_text, csv_of, indicator_text, json, new_table, opt, Format};
use crate::domain::types::Code;
use crate::report::plan::PlanReport;
use crate::report::progress::{ProgressReport, ProgressTotal};
use crate::text;
use crate::text::{label, Arg, Lang};

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
            headers.extend(
                crate::domain::types::MONTH_LETTERS
                    .iter()
                    .map(|m| m.to_string()),
            );
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
            let legend = if r.has_estimated_months() {
                format!("\n{}", lang.t("plan-estimated-months"))
            } else {
                String::new()
            };
            format!("{title}\n{t}{legend}")
        }
    }
}

/// The months as a cell shows them: `1-3 6`, « (estimés) » when worked out.
pub fn months_shown(months: &[u8], estimated: bool, lang: Lang) -> String {
    let written = months_text(months);
    if estimated && !written.is_empty() {
        text!("months-estimated", months = written).render(lang)
    } else {
        written
    }
}

/// « Avancement du plan d'action Y, trimestre Q, au JJ/MM/AAAA ».
pub fn progress_title(r: &ProgressReport, lang: Lang) -> String {
    text!(
        "progress-title",
        year = r.year,
        quarter = u32::from(r.quarter),
        day = Arg::Date(r.as_of)
    )
    .render(lang)
}

/// The counts of a group of activities, one row per objective or unit.
fn totals_table(first_header: &str, totals: &[ProgressTotal], lang: Lang) -> Table {
    let mut t = new_table(
        lang,
        &[
            first_header,
            "col-count",
            "col-late",
            "col-on-track",
            "col-done",
            "col-not-executed",
        ],
    );
    for g in totals {
        t.add_row(vec![
            g.name.clone(),
            g.activities.to_string(),
            g.late.to_string(),
            g.on_track.to_string(),
            g.done.to_string(),
            g.not_executed.to_string(),
        ]);
    }
    t
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
            for a in r.late_first() {
                let months = months_shown(&a.months, a.months_estimated, lang);
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
                    a.responsible_shown(),
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
            let units = totals_table("col-unit", &r.by_unit, lang);
            let objectives = totals_table("col-objectives", &r.by_objective, lang);
            let title = progress_title(r, lang);
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
