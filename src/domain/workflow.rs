//! Workflows as data: which status changes a recommendation may go through, and
//! which steps each kind of revue has, with their deadline rules.
//!
//! The definitions are read from `workflows/*.toml` by the configuration adapter;
//! here they are plain values the aggregates consult.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::types::Code;

crate::codes! {
    /// The status of a recommendation, with the report's numbering:
    /// Exécuté (1), En cours (2), Non exécuté (3).
    #[derive(
        Debug,
        Clone,
        Copy,
        PartialEq,
        Eq,
        PartialOrd,
        Ord,
        Hash,
        utoipa::ToSchema,
    )]
    pub enum RecommendationStatus {
        NonExecutee => "non_executee",
        EnCours => "en_cours",
        Executee => "executee",
    }
}

impl RecommendationStatus {
    /// The key used in JSON reports (English, as the report contract says).
    pub fn report_key(self) -> &'static str {
        match self {
            Self::NonExecutee => "not_executed",
            Self::EnCours => "in_progress",
            Self::Executee => "executed",
        }
    }
}

impl fmt::Display for RecommendationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One allowed status change and what it must be justified with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub from: RecommendationStatus,
    pub to: RecommendationStatus,
    pub requires_comment: bool,
    pub requires_evidence: bool,
}

/// The allowed status changes of a recommendation, and the deadline of one
/// formulated without a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecommendationWorkflow {
    transitions: Vec<Transition>,
    default_due: Option<DeadlineRule>,
}

/// A recommendation's deadline: the one it was given, or the workflow's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DueDate {
    pub date: NaiveDate,
    /// Set by the workflow's `default_due`, not written with the recommendation.
    pub default: bool,
}

impl RecommendationWorkflow {
    /// A workflow whose recommendations without a date are due on 31 December
    /// of their session's year.
    pub fn new(transitions: Vec<Transition>) -> Self {
        Self {
            transitions,
            default_due: Some(DeadlineRule {
                month: 12,
                day: 31,
                year_offset: 0,
            }),
        }
    }
    /// The rule for recommendations without a date, if any.
    pub fn default_due_rule(&self) -> Option<DeadlineRule> {
        self.default_due
    }
    /// The same workflow with another rule (or none) for undated recommendations.
    pub fn with_default_due(mut self, rule: Option<DeadlineRule>) -> Self {
        self.default_due = rule;
        self
    }
    /// The deadline of a recommendation of `session_year` given `explicit`:
    /// the explicit date, else the default rule's date in the session's year.
    pub fn due(&self, explicit: Option<NaiveDate>, session_year: Option<i32>) -> Option<DueDate> {
        if let Some(date) = explicit {
            return Some(DueDate {
                date,
                default: false,
            });
        }
        let date = self.default_due?.date_in(session_year?)?;
        Some(DueDate {
            date,
            default: true,
        })
    }
    pub fn transition(
        &self,
        from: RecommendationStatus,
        to: RecommendationStatus,
    ) -> Option<&Transition> {
        self.transitions
            .iter()
            .find(|t| t.from == from && t.to == to)
    }
    /// The statuses reachable from `from`.
    pub fn allowed_from(&self, from: RecommendationStatus) -> Vec<RecommendationStatus> {
        self.transitions
            .iter()
            .filter(|t| t.from == from)
            .map(|t| t.to)
            .collect()
    }
}

/// When a revue step is due, relative to the revue's year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DeadlineRule {
    pub month: u32,
    pub day: u32,
    /// 0 for the revue's year, 1 for the year after, -1 for the year before.
    pub year_offset: i32,
}

impl DeadlineRule {
    /// The rule's date in `year`, or `None` if the day does not exist (29 February).
    pub fn date_in(self, year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year + self.year_offset, self.month, self.day)
    }
}

/// One step of a kind of revue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepDefinition {
    pub id: String,
    pub label: String,
    pub deadline: Option<DeadlineRule>,
}

/// A kind of revue (revue sectorielle, session du Comité de Coordination, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevueKind {
    pub id: String,
    pub label: String,
    pub steps: Vec<StepDefinition>,
    /// How many sessions it has a year (the Comité de Coordination: 2). The
    /// steps' deadline rules are those of the first; later sessions take
    /// their dates from the calendar.
    pub sessions: u8,
}

/// Every workflow the aggregates enforce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workflows {
    pub recommendation: RecommendationWorkflow,
    pub revues: BTreeMap<String, RevueKind>,
}

impl Workflows {
    pub fn revue_kind(&self, id: &str) -> Option<&RevueKind> {
        self.revues.get(id)
    }
}
