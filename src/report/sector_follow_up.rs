//! The sector's follow-up report (« Rapport de suivi du plan d'action Y du
//! secteur »), from the events: the execution rate by structure and by
//! objective (tables and charts), the indicators against their targets,
//! the difficulties the structures wrote, and their mastery of the
//! planning tools (the seed: « évaluer la maîtrise des outils de
//! planification et de programmation du secteur »): whether each handed in
//! its proposal and its quarters on time, complete, and how often they
//! came back.

use chrono::NaiveDate;
use serde::Serialize;

use super::annual::{self, Caption, Document, Identity, Node};
use super::sector_progress::{SectorProgressLine, SectorProgressReport};
use super::table::{Cell, Column, Row, Table, Value};
use crate::domain::submission::Submission;
use crate::domain::types::{Code, Quarter};
use crate::text;
use crate::text::{Arg, Lang, Text};

/// How a structure handed in what the plan asked of it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Mastery {
    pub structure: String,
    /// Its proposal first handed in on or before the call's deadline; none
    /// when never handed in.
    pub proposal_on_time: Option<bool>,
    pub proposal_returned: u32,
    /// Quarters handed in, of those due by the report's quarter.
    pub quarters_due: usize,
    pub quarters_handed_in: usize,
    pub quarters_on_time: usize,
    pub quarters_returned: u32,
    /// Its last report names every activity it has in the plan.
    pub complete: bool,
}

/// The report's figures.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SectorFollowUp {
    pub progress: SectorProgressReport,
    pub mastery: Vec<Mastery>,
}

/// How each structure called (`structures`) handed in its proposal (`proposals`,
/// due on `deadline`) and its quarters up to the report's (`quarters`, each
/// due on `due(q)`).
pub fn mastery(
    progress: &SectorProgressReport,
    structures: &[String],
    deadline: Option<NaiveDate>,
    proposals: &[Submission],
    quarters: &[Submission],
    due: impl Fn(Quarter) -> NaiveDate,
) -> Vec<Mastery> {
    let of = |list: &[Submission], structure: &str, quarter: Option<Quarter>| {
        list.iter()
            .find(|s| {
                s.key
                    .as_ref()
                    .is_some_and(|k| k.structure.as_str() == structure && k.quarter == quarter)
            })
            .cloned()
    };
    structures
        .iter()
        .map(|structure| {
            let proposal = of(proposals, structure, None);
            let due_quarters: Vec<Quarter> = progress
                .period
                .quarters()
                .iter()
                .copied()
                .filter(|q| q.value() <= progress.quarter)
                .collect();
            let handed: Vec<(Quarter, Submission)> = due_quarters
                .iter()
                .filter_map(|q| of(quarters, structure, Some(*q)).map(|s| (*q, s)))
                .filter(|(_, s)| s.first_submitted_on.or(s.submitted_on).is_some())
                .collect();
            let lines: Vec<&SectorProgressLine> = progress
                .activities
                .iter()
                .filter(|a| a.structure == *structure)
                .collect();
            Mastery {
                structure: structure.clone(),
                proposal_on_time: proposal.as_ref().and_then(|p| {
                    let first = p.first_submitted_on.or(p.submitted_on)?;
                    Some(deadline.is_none_or(|d| first <= d))
                }),
                proposal_returned: proposal.map(|p| p.returned).unwrap_or_default(),
                quarters_due: due_quarters.len(),
                quarters_handed_in: handed.len(),
                quarters_on_time: handed
                    .iter()
                    .filter(|(q, s)| {
                        s.first_submitted_on
                            .or(s.submitted_on)
                            .is_some_and(|d| d <= due(*q))
                    })
                    .count(),
                quarters_returned: handed.iter().map(|(_, s)| s.returned).sum(),
                complete: !lines.is_empty() && lines.iter().all(|l| l.status.is_some()),
            }
        })
        .collect()
}

/// The indicators of the activities against their targets.
pub fn indicators_table(r: &SectorProgressReport) -> Table {
    let rows = r
        .activities
        .iter()
        .map(|a| {
            Row::line(
                a.code.clone(),
                vec![
                    Cell::text(a.code.clone()),
                    Cell::text(a.title.clone()).estimated(a.estimated),
                    Cell::text(a.structure.clone()),
                    Cell::text(a.indicator.clone()),
                    Cell::text(a.target.clone()),
                    Cell::text(a.achieved.clone()),
                    match a.status {
                        Some(s) => Cell::phrase(Text::new(format!(
                            "sector-status-{}",
                            crate::domain::types::Code::code(s)
                        ))),
                        None => Cell::phrase(Text::new("sector-not-reported")),
                    },
                ],
            )
        })
        .collect();
    Table {
        sheet: text!("sheet-sector-indicators", year = r.year),
        title: r.titled("sector-indicators-title"),
        columns: vec![
            Column::new("col-code", 8.0, 1),
            Column::new("col-activity", 36.0, 4),
            Column::new("col-structure", 14.0, 1),
            Column::new("col-indicators", 24.0, 2),
            Column::new("col-sector-target", 10.0, 1),
            Column::new("col-sector-achieved", 10.0, 1),
            Column::new("col-status", 14.0, 1),
        ],
        rows,
        notes: if r.activities.iter().any(|a| a.estimated) {
            vec![Text::new("sector-plan-estimated-legend")]
        } else {
            Vec::new()
        },
        merged: 0,
        wide: false,
    }
}

/// The structures' mastery of the planning tools.
pub fn mastery_table(f: &SectorFollowUp) -> Table {
    // Followed by year, the period handed in is the year.
    let by_year = |quarters: &'static str, year: &'static str| match f.progress.period {
        crate::domain::sector::SectorPeriod::Quarter => quarters,
        crate::domain::sector::SectorPeriod::Year => year,
    };
    let yes_no = |b: bool| Cell::phrase(Text::new(if b { "sector-yes" } else { "sector-no" }));
    let rows = f
        .mastery
        .iter()
        .map(|m| {
            Row::line(
                m.structure.clone(),
                vec![
                    Cell::text(m.structure.clone()),
                    match m.proposal_on_time {
                        Some(b) => Cell::phrase(Text::new(if b {
                            "sector-on-time"
                        } else {
                            "sector-late"
                        })),
                        None => Cell::phrase(Text::new("submission-state-none")),
                    },
                    Cell::count(m.proposal_returned),
                    Cell::phrase(text!(
                        "sector-quarters-handed",
                        handed = m.quarters_handed_in,
                        due = m.quarters_due,
                        on_time = m.quarters_on_time
                    )),
                    Cell::count(m.quarters_returned),
                    yes_no(m.complete),
                ],
            )
        })
        .collect();
    Table {
        sheet: text!("sheet-sector-mastery", year = f.progress.year),
        title: text!("sector-mastery-title", year = f.progress.year),
        columns: vec![
            Column::new("col-structure", 16.0, 2),
            Column::new("col-sector-proposal", 16.0, 2),
            Column::new("col-sector-returned", 10.0, 1),
            Column::new(
                by_year("col-sector-quarters", "col-sector-year-handed"),
                22.0,
                3,
            ),
            Column::new(
                by_year("col-sector-quarters-returned", "col-sector-year-returned"),
                10.0,
                1,
            ),
            Column::new("col-sector-complete", 10.0, 1),
        ],
        rows,
        notes: vec![Text::new("sector-mastery-legend")],
        merged: 0,
        wide: false,
    }
}

/// The execution by objective.
fn objectives_table(r: &SectorProgressReport) -> Table {
    let rows = r
        .by_objective
        .iter()
        .map(|(n, p)| {
            Row::line(
                n.clone(),
                vec![
                    Cell::text(n.clone()),
                    Cell::text(p.objective.clone().unwrap_or_default()),
                    Cell::count(p.planned),
                    Cell::count(p.executed),
                    Cell::new(Value::Percent(p.rate)),
                ],
            )
        })
        .collect();
    Table {
        sheet: text!("sheet-sector-objectives", year = r.year),
        title: r.titled("sector-objectives-title"),
        columns: vec![
            Column::new("col-number", 6.0, 1),
            Column::new("col-objective", 40.0, 5),
            Column::new("col-sector-planned", 10.0, 1),
            Column::new("col-sector-executed", 10.0, 1),
            Column::new("col-sector-rate", 12.0, 1),
        ],
        rows,
        notes: Vec::new(),
        merged: 0,
        wide: false,
    }
}

fn caption(id: &str, title: Text, lang: Lang) -> Option<Caption> {
    Some(Caption {
        id: id.to_string(),
        title: title.render(lang),
    })
}

/// The report's document, in `lang`, under the CPS's identity.
pub fn document(f: &SectorFollowUp, identity: &Identity, lang: Lang) -> Document {
    let r = &f.progress;
    let title = text!("sector-follow-up-title", year = r.year).render(lang);
    let reported = f
        .mastery
        .iter()
        .filter(|m| m.quarters_handed_in > 0)
        .count();
    let mut nodes = vec![
        Node::Cover,
        annual::heading(1, lang.t("sector-follow-up-introduction")),
        annual::para(
            text!(
                "sector-follow-up-intro",
                year = r.year,
                quarter = r.quarter,
                period = r.period.code(),
                structures = Arg::Words(f.mastery.len() as u64),
                reported = Arg::Words(reported as u64),
                rate = lang.percent(r.total.rate)
            )
            .render(lang),
        ),
        annual::heading(1, lang.t("sector-follow-up-by-structure")),
        annual::tables::node(
            &super::sector_progress::table(r),
            caption("table-1", r.titled("sector-progress-title"), lang),
            None,
            lang,
        ),
        Node::Chart {
            caption: Caption {
                id: "chart-1".into(),
                title: text!("sector-chart-structures", year = r.year).render(lang),
            },
            svg: super::charts::rates_by_objective(
                &r.by_structure
                    .iter()
                    .map(|(s, p)| (s.clone(), p.executed, p.planned))
                    .collect::<Vec<_>>(),
                lang,
            ),
        },
        annual::heading(1, lang.t("sector-follow-up-by-objective")),
        annual::tables::node(
            &objectives_table(r),
            caption("table-2", r.titled("sector-objectives-title"), lang),
            None,
            lang,
        ),
        Node::Chart {
            caption: Caption {
                id: "chart-2".into(),
                title: text!("sector-chart-objectives", year = r.year).render(lang),
            },
            svg: super::charts::rates_by_objective(
                &r.by_objective
                    .values()
                    .map(|p| {
                        (
                            p.objective.clone().unwrap_or_default(),
                            p.executed,
                            p.planned,
                        )
                    })
                    .collect::<Vec<_>>(),
                lang,
            ),
        },
        annual::heading(1, lang.t("sector-follow-up-indicators")),
        annual::tables::node(
            &indicators_table(r),
            caption("table-3", r.titled("sector-indicators-title"), lang),
            None,
            lang,
        ),
        annual::heading(1, lang.t("sector-follow-up-difficulties")),
    ];
    let difficulties: Vec<&SectorProgressLine> = r
        .activities
        .iter()
        .filter(|a| !a.difficulties.is_empty())
        .collect();
    if difficulties.is_empty() {
        nodes.push(annual::para(lang.t("sector-follow-up-no-difficulty")));
    }
    for a in difficulties {
        nodes.push(annual::para(
            text!(
                "sector-follow-up-difficulty",
                structure = a.structure.as_str(),
                code = a.code.as_str(),
                title = a.title.as_str(),
                difficulty = a.difficulties.as_str()
            )
            .render(lang),
        ));
    }
    nodes.push(annual::heading(1, lang.t("sector-follow-up-mastery")));
    nodes.push(annual::tables::node(
        &mastery_table(f),
        caption(
            "table-4",
            text!("sector-mastery-title", year = r.year),
            lang,
        ),
        None,
        lang,
    ));
    Document {
        title,
        identity: identity.clone(),
        session: r.titled("sector-follow-up-session").render(lang),
        month: r.titled("sector-follow-up-at").render(lang),
        nodes,
    }
}
