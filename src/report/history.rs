//! The history of a recommendation or an activity as the director audits
//! it: every change with who, when, why and on what evidence, across its
//! lineage of sessions or plans (computed from the log in `projections`).

use serde::Serialize;

use crate::text::Text;

/// One line of a history.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct HistoryEvent {
    /// The recommendation or activity it happened to (histories span a lineage).
    #[serde(rename = "ref")]
    pub reference: String,
    /// Recorded at, in Africa/Bamako (`2024-01-26T10:15:00+00:00`).
    pub at: String,
    pub actor: String,
    pub reason: Option<String>,
    /// The stored event type (`RecommendationStatusChanged`).
    #[serde(rename = "type")]
    pub kind: String,
    /// The status before and after, as codes.
    pub from: Option<String>,
    pub to: Option<String>,
    pub comment: Option<String>,
    pub evidence: Option<String>,
    /// The files attached to a status change as evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<crate::domain::document::Document>,
    /// The day it took effect, for a fact dated on its own (an execution, a
    /// status change, a cost), when that is not the day it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<chrono::NaiveDate>,
    /// What changed, phrased by the front end.
    #[serde(skip)]
    pub change: Text,
    /// `change` in the reader's language, once [`History::phrase`] ran.
    pub details: String,
    pub position: i64,
}

/// One element of a lineage: the same recommendation (or activity) in
/// successive sessions (or plans).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct LineageItem {
    #[serde(rename = "ref")]
    pub reference: String,
    pub text: String,
    /// The status code (`en_cours`, `executed`…).
    pub status: String,
}

impl History {
    /// Phrases what changed on each line in `lang`.
    pub fn phrase(mut self, lang: crate::text::Lang) -> History {
        for e in &mut self.events {
            e.details = e.change.render(lang);
        }
        self
    }
}

/// What a history is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Recommendation,
    Activity,
    /// A structure's figures of a period (a quarter of its projects).
    Submission,
}

/// The whole story of one recommendation, activity or quarter of figures.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct History {
    #[serde(rename = "ref")]
    pub reference: String,
    pub subject: Subject,
    pub lineage: Vec<LineageItem>,
    /// The first session (or plan year) of the lineage, while it is still open.
    pub open_since: Option<String>,
    pub events: Vec<HistoryEvent>,
}
