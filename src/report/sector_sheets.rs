//! A structure's part of the sector's plan, as its page and the API show
//! it: its proposal (activities, codes once approved, where it stands) and
//! its execution of a quarter.

use serde::Serialize;

use crate::domain::sector::{SectorActivity, SectorCall, SectorProposal};
use crate::domain::submission::Submission;
use crate::domain::types::{Code, StructureCode};

/// A structure's proposal for the sector's plan, as its page and the API
/// show it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ProposalSheet {
    pub year: i32,
    pub structure: String,
    /// The call's deadline.
    pub deadline: Option<chrono::NaiveDate>,
    /// The objectives to choose from, numbered from 1 in this order, with
    /// their frame; none when the structure writes its own.
    pub objectives: Vec<crate::domain::sector::SectorObjective>,
    /// How often its execution is reported.
    pub period: crate::domain::sector::SectorPeriod,
    /// `none` (nothing saved), `draft` (saved, not submitted), `submitted`,
    /// `returned`, `approved`.
    pub state: String,
    /// The last return's comment or reopening's reason.
    pub last_comment: Option<String>,
    pub returned: u32,
    /// Its activities, with their codes once approved.
    pub activities: Vec<ProposedActivity>,
    /// Whether the caller may change and hand it in (its focal points and
    /// the CPS), and decide on it (the CPS).
    pub may_edit: bool,
    pub may_decide: bool,
}

/// An activity proposed, and its code in the plan once approved.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ProposedActivity {
    pub code: Option<String>,
    #[serde(flatten)]
    pub activity: SectorActivity,
}

/// The sheet of `structure`'s proposal to `call`.
pub fn proposal_sheet(
    call: &SectorCall,
    structure: &StructureCode,
    proposal: Option<&SectorProposal>,
    submission: Option<&Submission>,
) -> ProposalSheet {
    let codes = call.codes.get(structure).map(Vec::as_slice).unwrap_or(&[]);
    let approved = submission.is_some_and(|s| s.locked());
    let state = match (submission.and_then(|s| s.state), proposal) {
        (Some(state), _) => state.code(),
        (None, Some(_)) => "draft",
        (None, None) => "none",
    };
    ProposalSheet {
        year: call.year.map(|y| y.value()).unwrap_or_default(),
        structure: structure.to_string(),
        deadline: call.deadline,
        objectives: call.frame.clone(),
        period: call.period,
        state: state.to_string(),
        last_comment: submission.and_then(|s| s.last_comment.clone()),
        returned: submission.map(|s| s.returned).unwrap_or_default(),
        activities: proposal
            .map(|p| {
                p.activities
                    .iter()
                    .enumerate()
                    .map(|(i, a)| ProposedActivity {
                        code: codes.get(i).filter(|_| approved).cloned(),
                        activity: a.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        may_edit: false,
        may_decide: false,
    }
}

/// A structure's execution of a quarter, as its page shows it: each of its
/// activities of the plan, with its figures when reported.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct QuarterSheet {
    pub year: i32,
    pub structure: String,
    pub quarter: u8,
    /// `none`, `submitted`, `returned`, `approved`.
    pub state: String,
    pub last_comment: Option<String>,
    pub lines: Vec<QuarterLine>,
}

/// An activity of the plan and its figures at the quarter's end.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct QuarterLine {
    pub code: String,
    pub title: String,
    pub indicator: String,
    pub target: String,
    pub figures: Option<crate::domain::sector_execution::ExecutionLine>,
}

/// The sheet of `structure`'s quarter: its approved activities (`sheet`)
/// and what it reported (`execution`).
pub fn quarter_sheet(
    sheet: &ProposalSheet,
    quarter: crate::domain::types::Quarter,
    execution: Option<&crate::domain::sector_execution::SectorExecution>,
    submission: Option<&Submission>,
) -> QuarterSheet {
    QuarterSheet {
        year: sheet.year,
        structure: sheet.structure.clone(),
        quarter: quarter.value(),
        state: submission
            .and_then(|s| s.state)
            .map(|s| s.code())
            .unwrap_or("none")
            .to_string(),
        last_comment: submission.and_then(|s| s.last_comment.clone()),
        lines: sheet
            .activities
            .iter()
            .filter_map(|a| {
                let code = a.code.clone()?;
                Some(QuarterLine {
                    figures: execution.and_then(|e| e.line(&code)).cloned(),
                    code,
                    title: a.activity.title.clone(),
                    indicator: a.activity.indicator.clone(),
                    target: a.activity.target.clone(),
                })
            })
            .collect(),
    }
}
