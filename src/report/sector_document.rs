//! The compiled plan of the sector as a document (Word, HTML): its
//! objectives with their frame, its activities laid out as the seed's
//! plan, its budget by structure and by source, and its validation.

use super::sector::{table, SectorPlanReport};
use super::table::{Cell, Column, Row, Table};
use crate::text;
use crate::text::Text;

/// Totals of the plan by structure or by source, as a table.
fn totals_table(r: &SectorPlanReport, by_source: bool) -> Table {
    let totals = if by_source {
        &r.by_source
    } else {
        &r.by_structure
    };
    let mut rows: Vec<Row> = totals
        .iter()
        .map(|(k, n)| {
            Row::line(
                k.clone(),
                vec![Cell::text(k.clone()), Cell::amount(*n as i64)],
            )
        })
        .collect();
    rows.push(Row::total(vec![
        Cell::phrase(Text::new("budget-line-total")),
        Cell::amount(totals.values().sum::<u64>() as i64),
    ]));
    Table {
        sheet: text!("sheet-sector-plan", year = r.year),
        title: if by_source {
            text!("sector-plan-by-source", year = r.year)
        } else {
            text!("sector-plan-by-structure", year = r.year)
        },
        columns: vec![
            Column::new(
                if by_source {
                    "col-source"
                } else {
                    "col-structure"
                },
                30.0,
                3,
            ),
            Column::new("col-budget", 16.0, 1),
        ],
        rows,
        notes: Vec::new(),
        merged: 0,
        wide: false,
    }
}

/// The compiled plan as a document (Word, HTML): its activities by
/// objective, the totals by structure and by source, and its validation.
pub fn document(
    r: &SectorPlanReport,
    identity: &crate::report::annual::Identity,
    lang: crate::text::Lang,
) -> crate::report::annual::Document {
    use crate::report::annual::{self, Caption, Node};
    let caption = |id: &str, t: Text| {
        Some(Caption {
            id: id.to_string(),
            title: t.render(lang),
        })
    };
    let validation = match &r.validation {
        Some(v) => text!(
            "sector-plan-validated",
            day = crate::text::Arg::LongDate(v.on),
            how = v.how.as_str(),
            by = v.by.as_str()
        ),
        None => text!("sector-plan-not-validated"),
    };
    let mut objectives: Vec<annual::markdown::Block> = r
        .objectives
        .iter()
        .map(|o| {
            let mut t = match &o.frame {
                Some(frame) => text!(
                    "sector-plan-objective-framed",
                    title = o.title.as_str(),
                    frame = frame.as_str()
                ),
                None => text!("sector-plan-objective", title = o.title.as_str()),
            }
            .render(lang);
            if o.estimated {
                t.push_str(" *");
            }
            annual::markdown::Block::Item {
                depth: 1,
                number: Some(o.number as u64),
                spans: vec![annual::markdown::Span {
                    text: t,
                    bold: false,
                    italic: false,
                }],
            }
        })
        .collect();
    if r.objectives.iter().any(|o| o.estimated) {
        objectives.push(annual::markdown::Block::Paragraph(vec![
            annual::markdown::Span {
                text: lang.t("sector-plan-objectives-estimated"),
                bold: false,
                italic: true,
            },
        ]));
    }
    let nodes = vec![
        Node::Cover,
        annual::heading(1, lang.t("sector-plan-heading-objectives")),
        Node::Blocks(objectives),
        annual::heading(1, lang.t("sector-plan-heading-activities")),
        annual::para(
            text!(
                "sector-plan-intro",
                year = r.year,
                count = crate::text::Arg::Words(r.activities.len() as u64),
                structures = crate::text::Arg::Words(
                    r.activities
                        .iter()
                        .map(|a| a.structure.as_str())
                        .collect::<std::collections::BTreeSet<_>>()
                        .len() as u64
                ),
                total = crate::text::Arg::Amount(r.by_structure.values().sum::<u64>() as i64)
            )
            .render(lang),
        ),
        annual::tables::node(
            &table(r),
            caption("table-1", text!("sector-plan-title", year = r.year)),
            None,
            lang,
        ),
        annual::heading(1, lang.t("sector-plan-heading-totals")),
        annual::tables::node(
            &totals_table(r, false),
            caption("table-2", text!("sector-plan-by-structure", year = r.year)),
            None,
            lang,
        ),
        annual::tables::node(
            &totals_table(r, true),
            caption("table-3", text!("sector-plan-by-source", year = r.year)),
            None,
            lang,
        ),
        annual::heading(1, lang.t("sector-plan-heading-validation")),
        annual::para(validation.render(lang)),
    ];
    crate::report::annual::Document {
        title: text!("sector-plan-title", year = r.year).render(lang),
        identity: identity.clone(),
        session: lang.t("sector-plan-session"),
        month: r.year.to_string(),
        nodes,
    }
}
