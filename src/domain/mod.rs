//! The domain of suivi: the aggregates (activities of the action plan, revues,
//! recommendations, a year's credits), their value types and their workflows.
//!
//! Pure: nothing here knows of databases, HTTP or e-mail.

pub mod access;
pub mod account;
pub mod activity;
pub mod annex;
pub mod arbitration;
pub mod audit;
pub mod deadline;
pub mod directory;
pub mod document;
pub mod execution;
pub mod finance;
pub mod following;
pub mod mission;
pub mod project;
pub mod project_revue;
pub mod recommendation;
pub mod reference;
pub mod reminder;
pub mod report;
pub mod revue;
pub mod sector;
pub mod sector_execution;
pub mod submission;
pub mod types;
pub mod workflow;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// When an event takes effect, for the tables « as of a day » (what had
/// taken effect by then), as opposed to « as recorded by a day » (what the
/// log held then).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TakesEffect {
    /// Part of a plan or a session whenever it was typed: an activity
    /// planned, a recommendation formulated, an indicator's value, a
    /// narrative.
    Always,
    /// On its own date: an execution, a status change, a cost, a credit,
    /// progress, a reminder.
    On(NaiveDate),
    /// On the day it was recorded: a carry-over (decided when the next plan
    /// or session is), a version of a section's text.
    WhenRecorded,
}

/// An event that says when it takes effect.
pub trait Effective {
    fn takes_effect(&self) -> TakesEffect;
}

/// Who recorded an event, when, why, and under which request. Stored beside
/// every event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EventMetadata {
    pub actor: String,
    pub reason: Option<String>,
    pub recorded_at: DateTime<Utc>,
    pub correlation_id: String,
}

impl EventMetadata {
    pub const ACTOR: &'static str = "actor";
    pub const REASON: &'static str = "reason";
    pub const RECORDED_AT: &'static str = "recorded_at";
    pub const CORRELATION_ID: &'static str = "correlation_id";

    /// The map form that the event store keeps.
    pub fn to_map(&self) -> HashMap<String, String> {
        let mut m = HashMap::new();
        m.insert(Self::ACTOR.into(), self.actor.clone());
        if let Some(r) = &self.reason {
            m.insert(Self::REASON.into(), r.clone());
        }
        m.insert(Self::RECORDED_AT.into(), self.recorded_at.to_rfc3339());
        m.insert(Self::CORRELATION_ID.into(), self.correlation_id.clone());
        m
    }
}

/// The year or session an aggregate belongs to: the tables select their rows
/// by it (a plan's year, a session's id).
pub trait Scoped {
    fn scope(&self) -> String;
}

impl Scoped for activity::Activity {
    fn scope(&self) -> String {
        self.id
            .as_ref()
            .map(|i| i.year.to_string())
            .unwrap_or_default()
    }
}

impl Scoped for recommendation::Recommendation {
    fn scope(&self) -> String {
        self.id
            .as_ref()
            .map(|i| i.session.to_string())
            .unwrap_or_default()
    }
}

impl Scoped for revue::Revue {
    fn scope(&self) -> String {
        self.id
            .as_ref()
            .map(|i| i.year.to_string())
            .unwrap_or_default()
    }
}

impl Scoped for finance::Credits {
    fn scope(&self) -> String {
        self.year.map(|y| y.to_string()).unwrap_or_default()
    }
}

impl Scoped for report::UnplannedActivity {
    fn scope(&self) -> String {
        self.year.map(|y| y.to_string()).unwrap_or_default()
    }
}

impl Scoped for report::ReportSection {
    fn scope(&self) -> String {
        self.year.map(|y| y.to_string()).unwrap_or_default()
    }
}

impl Scoped for deadline::Deadline {
    /// A deadline's reference starts with its year (`2024/pta_secteur`).
    fn scope(&self) -> String {
        self.reference
            .as_ref()
            .and_then(|r| r.split('/').next())
            .unwrap_or_default()
            .to_string()
    }
}

impl Scoped for annex::ReportAnnex {
    fn scope(&self) -> String {
        self.year.map(|y| y.to_string()).unwrap_or_default()
    }
}

impl Scoped for directory::StructureEntry {
    /// The directory is not of a year: all in one scope.
    fn scope(&self) -> String {
        String::new()
    }
}

impl Scoped for following::Following {
    /// Not of a year: one scope.
    fn scope(&self) -> String {
        String::new()
    }
}

impl Scoped for account::Account {
    /// Accounts are not of a year: all in one scope.
    fn scope(&self) -> String {
        String::new()
    }
}

impl Scoped for reference::ReferenceFigures {
    fn scope(&self) -> String {
        self.year.map(|y| y.to_string()).unwrap_or_default()
    }
}

impl Scoped for project::Project {
    /// The portfolio is not of a year: one scope.
    fn scope(&self) -> String {
        String::new()
    }
}

impl Scoped for arbitration::Arbitration {
    fn scope(&self) -> String {
        self.year.map(|y| y.to_string()).unwrap_or_default()
    }
}

impl Scoped for sector::SectorCall {
    fn scope(&self) -> String {
        self.year.map(|y| y.to_string()).unwrap_or_default()
    }
}

impl Scoped for sector_execution::SectorExecution {
    fn scope(&self) -> String {
        self.year.map(|y| y.to_string()).unwrap_or_default()
    }
}

impl Scoped for sector::SectorProposal {
    fn scope(&self) -> String {
        self.year.map(|y| y.to_string()).unwrap_or_default()
    }
}

impl Scoped for execution::ProjectYear {
    fn scope(&self) -> String {
        self.year.map(|y| y.to_string()).unwrap_or_default()
    }
}

impl Scoped for project_revue::ProjectRevue {
    fn scope(&self) -> String {
        self.year.map(|y| y.to_string()).unwrap_or_default()
    }
}

impl Scoped for mission::Mission {
    fn scope(&self) -> String {
        self.year.map(|y| y.to_string()).unwrap_or_default()
    }
}

impl Scoped for submission::Submission {
    fn scope(&self) -> String {
        self.key
            .as_ref()
            .map(|k| k.year.to_string())
            .unwrap_or_default()
    }
}
