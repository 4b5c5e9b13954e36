//! The compiled plan of the sector (PTA du secteur) of a year: the
//! activities of the approved proposals, numbered by objective, with their
//! totals by structure and by source of financing (thousands of F CFA; an
//! activity « PM » counts in no total), and where each structure called
//! stands.

use std::collections::BTreeMap;

use serde::Serialize;

use super::table::{Cell, Column, Row, Table, Value};
use crate::domain::sector::{SectorCall, SectorProposal};
use crate::domain::submission::{Submission, SubmissionState};
use crate::domain::types::{Budget, Code, StructureCode};
use crate::text;
use crate::text::Text;

/// The sources of financing the canevas name, as the plan writes them.
pub const KNOWN_SOURCES: [&str; 3] = ["BSI", "Fonctionnement", "PTF"];

/// One activity of the compiled plan.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SectorLine {
    /// `1.2`: the objective's number, then the activity's within it.
    pub code: String,
    pub structure: String,
    pub objective: String,
    pub title: String,
    /// Thousands of F CFA; none for PM or when none is written.
    pub budget: Option<u64>,
    /// A known source's name, or the source as written.
    pub source: String,
    /// Worked out rather than read in a document.
    pub estimated: bool,
}

/// Where a structure called stands.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct StructureState {
    pub structure: String,
    /// `none` (nothing handed in), `draft`, `submitted`, `returned`, `approved`.
    pub state: String,
}

/// The sector's plan of a year.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SectorPlanReport {
    pub year: i32,
    pub activities: Vec<SectorLine>,
    pub by_structure: BTreeMap<String, u64>,
    pub by_source: BTreeMap<String, u64>,
    pub structures: Vec<StructureState>,
}

/// How a text is compared: no case, no accents, single spaces.
fn key(s: &str) -> String {
    deunicode::deunicode(s)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A source as the plan names it: a known one whatever its case and
/// accents, else as written.
pub fn source_name(written: &str) -> String {
    KNOWN_SOURCES
        .iter()
        .find(|k| key(k) == key(written))
        .map(|k| k.to_string())
        .unwrap_or_else(|| written.trim().to_string())
}

/// The plan compiled from the proposals approved, the structures in the
/// call's order; objectives numbered in the order they first appear.
pub fn compile(
    call: &SectorCall,
    proposals: &[SectorProposal],
    submissions: &[Submission],
) -> SectorPlanReport {
    let state_of = |s: &StructureCode| {
        submissions
            .iter()
            .find(|sub| sub.key.as_ref().is_some_and(|k| &k.structure == s))
            .and_then(|sub| sub.state)
    };
    let mut objectives: Vec<String> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    let mut activities = Vec::new();
    let mut by_structure = BTreeMap::new();
    let mut by_source = BTreeMap::new();
    for structure in &call.structures {
        if state_of(structure) != Some(SubmissionState::Approved) {
            continue;
        }
        let Some(p) = proposals
            .iter()
            .find(|p| p.structure.as_ref() == Some(structure))
        else {
            continue;
        };
        for a in &p.activities {
            let k = key(&a.objective);
            let index = match objectives.iter().position(|o| *o == k) {
                Some(i) => i,
                None => {
                    objectives.push(k);
                    counts.push(0);
                    objectives.len() - 1
                }
            };
            counts[index] += 1;
            let budget = match a.budget {
                Budget::Thousands(n) => Some(n),
                Budget::Pm | Budget::Unspecified => None,
            };
            let source = source_name(&a.source);
            if let Some(n) = budget {
                *by_structure.entry(structure.to_string()).or_insert(0) += n;
                if !source.is_empty() {
                    *by_source.entry(source.clone()).or_insert(0) += n;
                }
            }
            activities.push(SectorLine {
                code: format!("{}.{}", index + 1, counts[index]),
                structure: structure.to_string(),
                objective: a.objective.clone(),
                title: a.title.clone(),
                budget,
                source,
                estimated: a.estimated,
            });
        }
    }
    SectorPlanReport {
        year: call.year.map(|y| y.value()).unwrap_or_default(),
        activities,
        by_structure,
        by_source,
        structures: call
            .structures
            .iter()
            .map(|s| StructureState {
                structure: s.to_string(),
                state: state_of(s)
                    .map(|st| st.code())
                    .unwrap_or("none")
                    .to_string(),
            })
            .collect(),
    }
}

/// The compiled plan as a table: one row an activity, then the total.
pub fn table(r: &SectorPlanReport) -> Table {
    let mut rows: Vec<Row> = r
        .activities
        .iter()
        .map(|a| {
            Row::line(
                a.code.clone(),
                vec![
                    Cell::text(a.code.clone()),
                    Cell::text(a.objective.clone()),
                    Cell::text(a.title.clone()).estimated(a.estimated),
                    Cell::text(a.structure.clone()),
                    match a.budget {
                        Some(n) => Cell::amount(n as i64),
                        None => Cell::phrase(Text::new("budget-pm")),
                    },
                    Cell::text(a.source.clone()),
                ],
            )
        })
        .collect();
    let total: u64 = r.by_structure.values().sum();
    rows.push(Row::total(vec![
        Cell::phrase(Text::new("budget-line-total")).spanning(4),
        Cell::new(Value::Amount(total as i64)),
        Cell::empty(),
    ]));
    Table {
        sheet: text!("sheet-sector-plan", year = r.year),
        title: text!("sector-plan-title", year = r.year),
        columns: vec![
            Column::new("col-code", 8.0, 1),
            Column::new("col-objective", 30.0, 3),
            Column::new("col-activity", 40.0, 5),
            Column::new("col-structure", 14.0, 1),
            Column::new("col-budget", 14.0, 1),
            Column::new("col-source", 14.0, 1),
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
