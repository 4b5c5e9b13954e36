//! The yearly report's tables: each built from the report's data as a
//! [`Node::Table`] of cells, in the layout of the CPS's own document.

use super::{para, AnnualReport, Caption, Cell, Node};
use crate::domain::annex::{AnnexRows, Equipment, EquipmentCategory};
use crate::report::render::{budget_text, month_mark};
use crate::report::RecommendationsReport;
use crate::text;
use crate::text::{label, Lang};

/// A plan's budget: thousands of F CFA, `PM`, or nothing.
fn budget_cell(budget: &serde_json::Value, lang: Lang) -> Cell {
    match budget_text(budget, lang) {
        t if t.is_empty() => Cell::text(""),
        t => Cell::number(t),
    }
}

pub(super) fn equipment_table(
    caption: Caption,
    items: &[Equipment],
    category: EquipmentCategory,
    lang: Lang,
    source: &Option<String>,
) -> Node {
    let rows: Vec<&Equipment> = items.iter().filter(|e| e.category == category).collect();
    let count = |n: u64| Cell::number(lang.amount(n as i64));
    let mut lines: Vec<Vec<Cell>> = rows
        .iter()
        .map(|e| {
            vec![
                Cell::text(e.item.clone()),
                count(e.good.into()),
                count(e.fair.into()),
                count(e.poor.into()),
                count(e.quantity()),
            ]
        })
        .collect();
    let total = |f: fn(&Equipment) -> u64| rows.iter().map(|e| f(e)).sum::<u64>();
    lines.push(vec![
        Cell::text(lang.t("budget-line-total")).bold(),
        count(total(|e| e.good.into())).bold(),
        count(total(|e| e.fair.into())).bold(),
        count(total(|e| e.poor.into())).bold(),
        count(total(Equipment::quantity)).bold(),
    ]);
    Node::Table {
        caption: Some(caption),
        headers: [
            "col-equipment",
            "col-good",
            "col-fair",
            "col-poor",
            "col-quantity",
        ]
        .iter()
        .map(|h| lang.t(h))
        .collect(),
        rows: lines,
        note: source.clone(),
        widths: vec![4, 1, 1, 1, 1],
        dense: false,
    }
}

/// The objective and result of a plan line, written only on the first line
/// of their group, as the report's merged cells show them (an empty cell
/// repeats the one above).
#[derive(Default)]
struct Groups {
    objective: String,
    result: String,
}

impl Groups {
    fn first_of(&mut self, objective: &str, result: &str) -> (String, String) {
        let new_objective = !objective.is_empty() && objective != self.objective;
        let new_result = !result.is_empty() && (result != self.result || new_objective);
        if new_objective {
            self.objective = objective.to_string();
        }
        if new_result {
            self.result = result.to_string();
        }
        (
            if new_objective {
                objective.to_string()
            } else {
                String::new()
            },
            if new_result {
                result.to_string()
            } else {
                String::new()
            },
        )
    }
}

pub(super) fn activities_table(r: &AnnualReport, caption: Caption, lang: Lang) -> Node {
    let mut rows = Vec::new();
    let mut groups = Groups::default();
    for a in &r.activities.activities {
        let (objective, result) = groups.first_of(&a.objective, &a.result);
        rows.push(vec![
            Cell::text(objective),
            Cell::text(result),
            Cell::text(format!("{}. {}", a.code, a.title)),
            Cell::text(label(lang, "activity-status", &a.status)),
            Cell::text(a.period.clone().unwrap_or_default()),
            Cell::text(a.observation.clone().unwrap_or_default()),
        ]);
    }
    Node::Table {
        caption: Some(caption),
        headers: [
            "col-objectives",
            "col-results",
            "col-activities",
            "col-executed-yes-no",
            "col-period",
            "col-observations",
        ]
        .iter()
        .map(|h| lang.t(h))
        .collect(),
        rows,
        note: Some(r.t("annual-source").render(lang)),
        widths: vec![3, 3, 4, 1, 2, 3],
        dense: false,
    }
}

fn structures_text(s: &[String]) -> String {
    s.join(", ")
}

pub(super) fn recommendations_table(
    s: &RecommendationsReport,
    caption: Option<Caption>,
    lang: Lang,
) -> Node {
    let rows = s
        .recommendations
        .iter()
        .map(|x| {
            let mark = |k: &str, v: &str| Cell::number(if x.status == k { v } else { "" });
            vec![
                Cell::number(x.number.to_string()),
                Cell::text(x.text.clone()),
                Cell::text(structures_text(&x.structures)),
                mark("executed", "1"),
                mark("in_progress", "2"),
                mark("not_executed", "3"),
            ]
        })
        .collect();
    Node::Table {
        caption,
        headers: [
            "col-number",
            "col-recommendations",
            "col-structures",
            "col-executed-1",
            "col-in-progress-2",
            "col-not-executed-3",
        ]
        .iter()
        .map(|h| lang.t(h))
        .collect(),
        rows,
        note: Some(text!("annual-session", session = s.session.as_str()).render(lang)),
        widths: vec![1, 7, 3, 1, 1, 1],
        dense: false,
    }
}

pub(super) fn formulated_table(
    s: &RecommendationsReport,
    caption: Option<Caption>,
    lang: Lang,
) -> Node {
    let rows = s
        .recommendations
        .iter()
        .map(|x| {
            let origin = match x.carried_from.as_deref().and_then(|c| c.split_once('#')) {
                Some((session, number)) => {
                    text!("annual-carried", session = session, number = number).render(lang)
                }
                None => lang.t("annual-new"),
            };
            vec![
                Cell::number(x.number.to_string()),
                Cell::text(x.text.clone()),
                Cell::text(structures_text(&x.structures)),
                Cell::text(origin),
            ]
        })
        .collect();
    Node::Table {
        caption,
        headers: [
            "col-number",
            "col-recommendations",
            "col-structures",
            "col-origin",
        ]
        .iter()
        .map(|h| lang.t(h))
        .collect(),
        rows,
        note: Some(text!("annual-session", session = s.session.as_str()).render(lang)),
        widths: vec![1, 7, 3, 3],
        dense: false,
    }
}

pub(super) fn plan_table(r: &AnnualReport, caption: Caption, lang: Lang) -> Node {
    let mut headers: Vec<String> = [
        "col-objectives",
        "col-results",
        "col-activities",
        "col-indicators",
        "col-budget",
    ]
    .iter()
    .map(|h| lang.t(h))
    .collect();
    headers.extend(
        crate::domain::types::MONTH_LETTERS
            .iter()
            .map(|m| m.to_string()),
    );
    headers.push(lang.t("col-responsible"));
    let plan = &r.next_plan_table;
    let mut rows = Vec::new();
    let mut groups = Groups::default();
    for a in &plan.activities {
        let (objective, result) = groups.first_of(&a.objective, &a.result);
        let mut row = vec![
            Cell::text(objective),
            Cell::text(result),
            Cell::text(format!("{}. {}", a.code, a.title)),
            Cell::text(a.indicator.clone()),
            budget_cell(&a.budget, lang),
        ];
        row.extend((1..=12u8).map(|m| Cell {
            text: month_mark(&a.months, m, a.months_estimated).into(),
            number: false,
            bold: false,
            shaded: a.months.contains(&m),
        }));
        row.push(Cell::text(a.responsible.clone()));
        rows.push(row);
    }
    let mut last_row = vec![
        Cell::text(lang.t("annual-plan-total")).bold(),
        Cell::text(""),
        Cell::text(""),
        Cell::text(""),
        Cell::number(lang.amount(plan.total as i64)).bold(),
    ];
    last_row.extend((0..13).map(|_| Cell::text("")));
    rows.push(last_row);
    let mut widths = vec![3, 3, 5, 3, 3];
    widths.extend([1; 12]);
    widths.push(3);
    let note = if plan.has_estimated_months() {
        r.t("annual-source-estimated-months")
    } else {
        r.t("annual-source")
    }
    .render(lang);
    Node::Table {
        caption: Some(caption),
        headers,
        rows,
        note: Some(note),
        widths,
        dense: true,
    }
}

pub(super) fn annex_table(rows: &AnnexRows, lang: Lang) -> Node {
    let (headers, lines, widths): (&[&str], Vec<Vec<Cell>>, Vec<u32>) = match rows {
        AnnexRows::ProjetsBsi(p) => (
            &["col-number", "col-ministry", "col-title"],
            p.iter()
                .enumerate()
                .map(|(i, x)| {
                    vec![
                        Cell::number((i + 1).to_string()),
                        Cell::text(x.ministry.clone()),
                        Cell::text(x.title.clone()),
                    ]
                })
                .collect(),
            vec![1, 2, 8],
        ),
        AnnexRows::Personnel(p) => (
            &[
                "col-number",
                "col-name",
                "col-corps",
                "col-function",
                "col-staff-status",
            ],
            p.iter()
                .enumerate()
                .map(|(i, x)| {
                    vec![
                        Cell::number((i + 1).to_string()),
                        Cell::text(x.name.clone()),
                        Cell::text(x.corps.clone()),
                        Cell::text(x.function.clone()),
                        Cell::text(x.status.clone()),
                    ]
                })
                .collect(),
            vec![1, 4, 4, 4, 2],
        ),
        AnnexRows::Reunions(m) => (
            &["col-organiser", "col-place", "col-theme", "col-dates"],
            m.iter()
                .map(|x| {
                    vec![
                        Cell::text(x.organiser.clone()),
                        Cell::text(x.place.clone()),
                        Cell::text(x.theme.clone()),
                        Cell::text(x.dates.clone()),
                    ]
                })
                .collect(),
            vec![3, 2, 8, 3],
        ),
        AnnexRows::Inventaire(_) => (&[], vec![], vec![]),
    };
    Node::Table {
        caption: None,
        headers: headers.iter().map(|h| lang.t(h)).collect(),
        rows: lines,
        note: None,
        widths,
        dense: false,
    }
}

pub(super) fn adjustments_table(r: &AnnualReport, lang: Lang) -> Node {
    if r.adjustments.is_empty() {
        return para(text!("annual-no-adjustment", year = r.year).render(lang));
    }
    Node::Table {
        caption: None,
        headers: ["col-at", "col-ref", "col-change", "col-actor", "col-reason"]
            .iter()
            .map(|h| lang.t(h))
            .collect(),
        rows: r
            .adjustments
            .iter()
            .map(|a| {
                vec![
                    // `2024-02-15T09:00:00+00:00` as `2024-02-15 09:00`.
                    Cell::text(a.at.get(..16).unwrap_or(&a.at).replace('T', " ")),
                    Cell::text(a.reference.clone()),
                    Cell::text(label(lang, "event", &a.kind)),
                    Cell::text(a.actor.clone()),
                    Cell::text(a.reason.clone().unwrap_or_default()),
                ]
            })
            .collect(),
        note: None,
        widths: vec![2, 2, 3, 2, 4],
        dense: false,
    }
}
