//! The compiled plan of the sector (PTA du secteur) of a year: the
//! activities of the approved proposals, in the order of the codes they
//! took on approval (numbered by objective), with their
//! totals by structure and by source of financing (thousands of F CFA; an
//! activity « PM » counts in no total), and where each structure called
//! stands.

use std::collections::BTreeMap;

use serde::Serialize;

use super::table::{Cell, Column, Table};
use crate::domain::sector::{objective_key, SectorCall, SectorProposal};
use crate::domain::submission::{Submission, SubmissionState};
use crate::domain::types::{Code, StructureCode};
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
    pub result: String,
    pub indicator: String,
    /// The indicator's target.
    pub target: String,
    /// Its chronogramme: the months (1 to 12) it is planned in.
    pub months: Vec<u8>,
    /// The unit of the structure responsible for it.
    pub responsible: String,
    /// Worked out rather than read in a document.
    pub estimated: bool,
}

/// An objective of the plan, with its number and its frame.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct PlanObjective {
    pub number: usize,
    pub title: String,
    /// What it serves in the national frame, when the configuration says.
    pub frame: Option<String>,
    /// An example, not read in a document.
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
    /// The objectives, numbered: the call's frame, or the ones approved.
    pub objectives: Vec<PlanObjective>,
    /// How often the structures report its execution.
    pub period: crate::domain::sector::SectorPeriod,
    pub activities: Vec<SectorLine>,
    pub by_structure: BTreeMap<String, u64>,
    pub by_source: BTreeMap<String, u64>,
    pub structures: Vec<StructureState>,
    /// How and by whom the compiled plan was validated, once it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation: Option<crate::domain::sector::Validation>,
}

/// A source as the plan names it: a known one whatever its case and
/// accents, else as written.
pub fn source_name(written: &str) -> String {
    KNOWN_SOURCES
        .iter()
        .find(|k| objective_key(k) == objective_key(written))
        .map(|k| k.to_string())
        .unwrap_or_else(|| written.trim().to_string())
}

/// The plan compiled from the proposals approved, in the order of their
/// codes; the structures in the call's order.
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
        let codes = call.codes.get(structure).map(Vec::as_slice).unwrap_or(&[]);
        for (i, a) in p.activities.iter().enumerate() {
            let budget = a.budget.thousands();
            let source = source_name(&a.source);
            if let Some(n) = budget {
                *by_structure.entry(structure.to_string()).or_insert(0) += n;
                if !source.is_empty() {
                    *by_source.entry(source.clone()).or_insert(0) += n;
                }
            }
            activities.push(SectorLine {
                code: codes.get(i).cloned().unwrap_or_default(),
                structure: structure.to_string(),
                objective: a.objective.clone(),
                title: a.title.clone(),
                budget,
                source,
                result: a.result.clone(),
                indicator: a.indicator.clone(),
                target: a.target.clone(),
                months: a.months.as_slice().to_vec(),
                responsible: a.responsible.clone(),
                estimated: a.estimated,
            });
        }
    }
    activities.sort_by_key(|a| code_order(&a.code));
    let objectives = call
        .objectives
        .iter()
        .enumerate()
        .map(|(i, title)| {
            let framed = call.frame.iter().find(|o| o.title == *title);
            PlanObjective {
                number: i + 1,
                title: title.clone(),
                frame: framed.and_then(|o| o.frame.clone()),
                estimated: framed.is_some_and(|o| o.estimated),
            }
        })
        .collect();
    SectorPlanReport {
        year: call.year.map(|y| y.value()).unwrap_or_default(),
        objectives,
        period: call.period,
        activities,
        by_structure,
        by_source,
        structures: call
            .structures
            .iter()
            .map(|s| StructureState {
                structure: s.to_string(),
                state: match state_of(s) {
                    Some(st) => st.code(),
                    None if proposals.iter().any(|p| p.structure.as_ref() == Some(s)) => "draft",
                    None => "none",
                }
                .to_string(),
            })
            .collect(),
        validation: call.validation.clone(),
    }
}

/// `1.10` after `1.9`: a code's numbers, in order.
fn code_order(code: &str) -> Vec<u32> {
    code.split('.')
        .map(|n| n.parse().unwrap_or(u32::MAX))
        .collect()
}

/// The compiled plan laid out as the seed lays out a plan (Tableau 6 of
/// the yearly report): objective and result printed once, the numbered
/// activity, its indicator and target, its budget, then its source, the
/// chronogramme J to D and who is responsible (the structure, and its
/// unit); the total last. Every output of the plan uses it.
pub fn table(r: &SectorPlanReport) -> Table {
    let numbered: BTreeMap<String, String> = r
        .objectives
        .iter()
        .map(|o| {
            (
                objective_key(&o.title),
                format!("{}. {}", o.number, o.title),
            )
        })
        .collect();
    let activities: Vec<crate::report::plan::PlanLine> = r
        .activities
        .iter()
        .map(|a| crate::report::plan::PlanLine {
            code: a.code.clone(),
            objective: numbered
                .get(&objective_key(&a.objective))
                .cloned()
                .unwrap_or_else(|| a.objective.clone()),
            result: a.result.clone(),
            title: a.title.clone(),
            indicator: a.indicator.clone(),
            target: Some(a.target.clone()).filter(|t| !t.trim().is_empty()),
            achieved: None,
            budget: match a.budget {
                Some(n) => {
                    crate::report::PlanBudget::Thousands(i64::try_from(n).unwrap_or(i64::MAX))
                }
                None => crate::report::PlanBudget::Pm,
            },
            months: a.months.clone(),
            months_estimated: false,
            responsible: match a.responsible.trim() {
                "" => a.structure.clone(),
                unit => format!("{} – {unit}", a.structure),
            },
        })
        .collect();
    let plan = crate::report::plan::PlanReport {
        year: r.year,
        total: r.by_structure.values().sum(),
        budgeted: r.activities.iter().filter(|a| a.budget.is_some()).count(),
        activities,
    };
    let mut t = crate::report::tables::plan(&plan);
    // The source of financing after the budget (the fifth column).
    const SOURCE: usize = 5;
    t.columns.insert(SOURCE, Column::new("col-source", 14.0, 1));
    for (row, a) in t.rows.iter_mut().zip(&r.activities) {
        row.cells.insert(SOURCE, Cell::text(a.source.clone()));
        if let Some(title) = row.cells.get_mut(2) {
            title.estimated = a.estimated;
        }
    }
    if let Some(total) = t.rows.last_mut() {
        if let Some(after) = total.cells.last_mut() {
            after.span += 1;
        }
    }
    t.sheet = text!("sheet-sector-plan", year = r.year);
    t.title = text!("sector-plan-title", year = r.year);
    if r.activities.iter().any(|a| a.estimated) {
        t.notes.push(Text::new("sector-plan-estimated-legend"));
    }
    t
}
