//! What a person reads when a command is refused, in French and English.

use crate::domain::activity::ActivityError;
use crate::domain::deadline::DeadlineError;
use crate::domain::finance::CreditsError;
use crate::domain::recommendation::RecommendationError;
use crate::domain::revue::RevueError;
use crate::i18n::Lang;

/// A message in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub fr: String,
    pub en: String,
}

impl Message {
    pub fn new(fr: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            fr: fr.into(),
            en: en.into(),
        }
    }
    /// The same text in both languages (file names, data).
    pub fn same(text: impl Into<String>) -> Self {
        let t = text.into();
        Self {
            fr: t.clone(),
            en: t,
        }
    }
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.fr, &self.en)
    }
    /// Prefixes both languages with a subject (`2023#1: …`).
    pub fn about(self, subject: &str) -> Self {
        Self {
            fr: format!("{subject} : {}", self.fr),
            en: format!("{subject}: {}", self.en),
        }
    }
}

/// A domain error explained in both languages.
pub trait Explain: std::error::Error {
    fn english(&self) -> String;
    fn message(&self) -> Message {
        Message::new(self.to_string(), self.english())
    }
}

impl Explain for ActivityError {
    fn english(&self) -> String {
        use ActivityError::*;
        match self {
            NotFound => "the activity is not in this plan".into(),
            AlreadyPlanned(id) => format!(
                "activity {} of the {} plan exists with different content",
                id.code, id.year
            ),
            EmptyTitle => "an activity needs a title".into(),
            ReasonRequired => "the reason for non-execution is required".into(),
            LiquidatedAboveEngaged {
                engaged,
                liquidated,
            } => {
                format!(
                    "the liquidated amount ({liquidated}) exceeds the engaged amount ({engaged})"
                )
            }
            CarryOverExecuted => "an executed activity cannot be carried over".into(),
            CarryOverBackwards => "an activity can only be carried over to a later year".into(),
            AlreadyCarriedOver(to) => format!(
                "the activity was already carried over to {}:{}",
                to.year, to.code
            ),
            AlreadyContinues(from) => {
                format!("the activity already continues {}:{}", from.year, from.code)
            }
        }
    }
}

impl Explain for RecommendationError {
    fn english(&self) -> String {
        use RecommendationError::*;
        match self {
            NotFound => "the recommendation does not exist".into(),
            AlreadyExists(id) => format!(
                "recommendation {} exists with different content",
                id.aggregate_id()
            ),
            EmptyText => "a recommendation needs a text".into(),
            NoStructure => "a recommendation needs at least one responsible structure".into(),
            SameStatus(s) => format!("the recommendation is already {s}"),
            TransitionNotAllowed { from, to, allowed } => {
                format!(
                    "changing from {from} to {to} is not allowed; from {from}: {}",
                    allowed.replace("aucun", "none")
                )
            }
            CommentRequired { from, to } => {
                format!("changing from {from} to {to} requires a comment (--comment)")
            }
            EvidenceRequired { from, to } => {
                format!("changing from {from} to {to} requires evidence (--evidence)")
            }
            CarryOverExecuted => "an executed recommendation cannot be carried over".into(),
            AlreadyCarriedOver(to) => format!(
                "the recommendation was already carried over to {}",
                to.aggregate_id()
            ),
            CarryOverToSelf => "a recommendation cannot be carried over to itself".into(),
            AlreadyContinues(from) => format!(
                "the recommendation already continues {}",
                from.aggregate_id()
            ),
        }
    }
}

impl Explain for RevueError {
    fn english(&self) -> String {
        use RevueError::*;
        match self {
            NotFound => "the revue has not been opened".into(),
            AlreadyOpened => "the revue is already open".into(),
            UnknownStep { step, known } => {
                format!("unknown step \"{step}\"; steps of this revue: {known}")
            }
            StepAlreadyCompleted(s) => format!("step \"{s}\" is already completed"),
        }
    }
}

impl Explain for CreditsError {
    fn english(&self) -> String {
        match self {
            CreditsError::WrongYear(own, other) => {
                format!("these credits are those of {own}, not {other}")
            }
        }
    }
}

impl Explain for DeadlineError {
    fn english(&self) -> String {
        match self {
            DeadlineError::AlreadyMet(d) => format!("the deadline was already marked met on {d}"),
        }
    }
}
