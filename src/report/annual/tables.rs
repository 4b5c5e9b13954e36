//! The yearly report's tables: each built from the report's data as a
//! [`Node::Table`] of cells, in the layout of the CPS's own document.

use super::{para, AnnualReport, Caption, Cell, Node};
use crate::domain::annex::{AnnexRows, Equipment, EquipmentCategory};
use crate::report::table::{self, Table};
use crate::report::{tables, RecommendationsReport};
use crate::text;
use crate::text::{label, Lang};

/// A table of the model as the document lays it out: its headers and
/// printed cells (repeated objectives and results once), its columns'
/// shares of the page, the source under it.
pub(crate) fn node(t: &Table, caption: Option<Caption>, note: Option<String>, lang: Lang) -> Node {
    let rows = t
        .rows
        .iter()
        .zip(t.printed(lang))
        .map(|(row, texts)| {
            row.cells
                .iter()
                .zip(texts)
                .map(|(c, text)| Cell {
                    text,
                    number: c.is_number() || matches!(c.value, table::Value::Mark(_)),
                    bold: c.bold,
                    shaded: c.shaded,
                    span: c.span,
                })
                .collect()
        })
        .collect();
    Node::Table {
        caption,
        headers: t.headers(lang),
        rows,
        note,
        widths: t.columns.iter().map(|c| c.weight).collect(),
        wide: t.wide,
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
        wide: false,
    }
}

pub(super) fn activities_table(r: &AnnualReport, caption: Caption, lang: Lang) -> Node {
    let note = Some(r.t("annual-source").render(lang));
    node(
        &tables::activities(&r.activities, false),
        Some(caption),
        note,
        lang,
    )
}

pub(super) fn recommendations_table(
    s: &RecommendationsReport,
    caption: Option<Caption>,
    lang: Lang,
) -> Node {
    let note = Some(text!("annual-session", session = s.session.as_str()).render(lang));
    node(&tables::recommendations(s, false), caption, note, lang)
}

pub(super) fn formulated_table(
    s: &RecommendationsReport,
    caption: Option<Caption>,
    lang: Lang,
) -> Node {
    let note = Some(text!("annual-session", session = s.session.as_str()).render(lang));
    node(&tables::formulated(s), caption, note, lang)
}

pub(super) fn plan_table(r: &AnnualReport, caption: Caption, lang: Lang) -> Node {
    let plan = &r.next_plan_table;
    let note = if plan.has_estimated_months() {
        r.t("annual-source-estimated-months")
    } else {
        r.t("annual-source")
    }
    .render(lang);
    node(&tables::plan(plan), Some(caption), Some(note), lang)
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
        wide: false,
    }
}

/// The projects presented at the arbitration, from its events: by
/// ministry, numbered within it, a programme's sub-projects under it.
pub(super) fn bsi_table(p: &crate::report::projects::Portfolio, lang: Lang) -> Node {
    let mut rows = Vec::new();
    for (ministry, lines) in p.presented_by_ministry() {
        rows.push(vec![
            Cell::text(ministry.to_string()).bold(),
            Cell::text(String::new()),
        ]);
        let mut n = 0;
        for l in lines {
            let mark = if l.details_estimated { " *" } else { "" };
            let text = match l.parent {
                Some(_) => format!("• {}{mark}", l.title),
                None => {
                    n += 1;
                    format!("{n}. {}{mark}", l.title)
                }
            };
            rows.push(vec![Cell::text(String::new()), Cell::text(text)]);
        }
    }
    let note = (p.arbitration_estimated
        || p.projects
            .iter()
            .any(|l| l.presented && l.details_estimated))
    .then(|| text!("annual-bsi-estimated").render(lang));
    Node::Table {
        caption: None,
        headers: vec![lang.t("col-ministry"), lang.t("col-title")],
        rows,
        note,
        widths: vec![2, 9],
        wide: false,
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
                let reference = text::reference(&a.reference)
                    .map_or_else(|| a.reference.clone(), |t| t.render(lang));
                vec![
                    Cell::text(text::moment(&a.at, lang)),
                    Cell::text(reference),
                    Cell::text(label(lang, "event", &a.kind)),
                    Cell::text(a.actor.clone()),
                    Cell::text(a.reason.clone().unwrap_or_default()),
                ]
            })
            .collect(),
        note: None,
        widths: vec![2, 2, 3, 2, 4],
        wide: false,
    }
}
