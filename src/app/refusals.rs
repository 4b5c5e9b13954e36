//! What a person is told when the domain refuses a command or a value: each
//! domain error becomes a catalogue message with its values, and the input
//! field it is about, for the front ends to phrase. (Over 400 lines: one
//! refusal per domain error of every aggregate, with its tests, read
//! together as the catalogue of what suivi refuses.)

use crate::domain::activity::ActivityError;
use crate::domain::annex::AnnexError;
use crate::domain::deadline::DeadlineError;
use crate::domain::finance::CreditsError;
use crate::domain::recommendation::RecommendationError;
use crate::domain::reference::ReferenceError;
use crate::domain::report::{ReportSectionError, UnplannedError};
use crate::domain::revue::RevueError;
use crate::domain::types::{Code, InvalidValue, UnknownCode};
use crate::domain::workflow::RecommendationStatus;
use crate::error::AppError;
use crate::text;
use crate::text::{Arg, Text};

/// The longest free text a person may give (a comment, a reason, the
/// reference of a document…), in characters.
pub const MAX_TEXT_CHARS: usize = 4000;

/// Refuses a free text longer than [`MAX_TEXT_CHARS`], naming its field.
pub fn bounded(field: &'static str, value: Option<&str>) -> Result<(), AppError> {
    bounded_to(field, value, MAX_TEXT_CHARS)
}

/// Refuses a text longer than `max` characters, naming its field.
pub fn bounded_to(field: &'static str, value: Option<&str>, max: usize) -> Result<(), AppError> {
    // Characters no document format can hold (U+FFFE, U+FFFF) are refused
    // in new text; the writers drop them from what was recorded before.
    if value.is_some_and(|v| v.contains(['\u{fffe}', '\u{ffff}'])) {
        return Err(AppError::bad_field(field, text!("text-noncharacter")));
    }
    match value.map(|v| v.chars().count()) {
        Some(length) if length > max => Err(AppError::bad_field(
            field,
            text!("text-too-long", length = length, max = max),
        )),
        _ => Ok(()),
    }
}

/// The day a fact took effect: `date`, by default `today`; never after
/// today, nor before `first` (the first day of its plan's or session's year).
pub fn effective_day(
    date: Option<chrono::NaiveDate>,
    first: Option<chrono::NaiveDate>,
    today: chrono::NaiveDate,
) -> Result<chrono::NaiveDate, AppError> {
    let day = date.unwrap_or(today);
    if day > today {
        // The bound moves with the day: a refusal, not a malformed request.
        return Err(AppError::refused(
            Some("date"),
            text!(
                "effective-date-future",
                day = Arg::Date(day),
                today = Arg::Date(today)
            ),
        ));
    }
    if let Some(first) = first.filter(|f| day < *f) {
        return Err(AppError::refused(
            Some("date"),
            text!(
                "effective-date-before",
                day = Arg::Date(day),
                first = Arg::Date(first)
            ),
        ));
    }
    Ok(day)
}

/// A domain refusal, about `subject` (an id, or `file:line` in an import).
pub trait Refusal {
    fn refusal(&self, subject: &str) -> AppError;
}

/// What a refusal is about, in words: an activity or a recommendation by
/// its number in its plan or session ([`text::reference`]), a file's line
/// as it is.
pub(super) fn about(subject: &str, text: Text) -> Text {
    let words: Arg = match text::reference(subject) {
        Some(t) => t.into(),
        None => subject.into(),
    };
    text!("about", subject = words, message = text)
}

fn status(s: RecommendationStatus) -> Arg {
    Text::new(format!("status-{}", s.code())).into()
}

/// A list of codes, or the catalogue's « aucun » when empty.
fn codes<T: AsRef<str>>(list: &[T]) -> Arg {
    if list.is_empty() {
        Text::new("none").into()
    } else {
        list.iter()
            .map(|c| c.as_ref())
            .collect::<Vec<_>>()
            .join(", ")
            .into()
    }
}

impl Refusal for ActivityError {
    fn refusal(&self, subject: &str) -> AppError {
        use ActivityError::*;
        let (text, field) = match self {
            NotFound => return AppError::NotFound(about(subject, Text::new("activity-not-found"))),
            AlreadyPlanned(id) => (
                text!(
                    "activity-already-planned",
                    year = id.year.value(),
                    code = id.code.to_string()
                ),
                None,
            ),
            EmptyTitle => (Text::new("activity-empty-title"), Some("title")),
            EmptyNarrative => (Text::new("activity-empty-narrative"), Some("file")),
            ReasonRequired => (Text::new("activity-reason-required"), Some("reason")),
            LiquidatedAboveEngaged {
                engaged,
                liquidated,
            } => (
                text!(
                    "activity-liquidated-above-engaged",
                    engaged = Arg::Amount(engaged.value()),
                    liquidated = Arg::Amount(liquidated.value())
                ),
                Some("liquidated"),
            ),
            CarryOverExecuted => (Text::new("activity-carry-over-executed"), None),
            CarryOverBackwards => (Text::new("activity-carry-over-backwards"), Some("to_year")),
            AlreadyCarriedOver(to) => (
                text!(
                    "activity-already-carried-over",
                    year = to.year.value(),
                    code = to.code.to_string()
                ),
                None,
            ),
            AlreadyContinues(from) => (
                text!(
                    "activity-already-continues",
                    year = from.year.value(),
                    code = from.code.to_string()
                ),
                None,
            ),
            IndicatorEmpty => (Text::new("activity-indicator-empty"), Some("target")),
            EffectiveBeforePrevious {
                effective,
                previous,
            } => (before_previous(*effective, *previous), Some("date")),
            PercentAbove100(p) => (
                text!("activity-percent-above-100", percent = u32::from(*p)),
                Some("percent"),
            ),
            ProgressBackwards { from, to } => (
                text!(
                    "activity-progress-backwards",
                    from = u32::from(*from),
                    to = u32::from(*to)
                ),
                Some("note"),
            ),
        };
        // A value outside the bounds the request's schema gives is the
        // input's fault; what the schema cannot say (a blank indicator) is a
        // refusal.
        if matches!(self, PercentAbove100(_)) {
            return AppError::BadInput {
                text: about(subject, text),
                field,
            };
        }
        AppError::Refused {
            text: about(subject, text),
            field,
        }
    }
}

impl Refusal for RecommendationError {
    fn refusal(&self, subject: &str) -> AppError {
        use RecommendationError::*;
        let (text, field) = match self {
            NotFound => {
                return AppError::NotFound(about(subject, Text::new("recommendation-not-found")))
            }
            AlreadyExists(id) => (
                text!("recommendation-already-exists", id = id.aggregate_id()),
                None,
            ),
            EmptyText => (Text::new("recommendation-empty-text"), Some("text")),
            NoStructure => (Text::new("recommendation-no-structure"), Some("structures")),
            SameStatus(s) => (
                text!("recommendation-same-status", status = status(*s)),
                Some("status"),
            ),
            TransitionNotAllowed { from, to, allowed } => (
                text!(
                    "recommendation-transition-not-allowed",
                    from = status(*from),
                    to = status(*to),
                    allowed = codes(&allowed.iter().map(|s| s.code()).collect::<Vec<_>>())
                ),
                Some("status"),
            ),
            CommentRequired { from, to } => (
                text!(
                    "recommendation-comment-required",
                    from = status(*from),
                    to = status(*to)
                ),
                Some("comment"),
            ),
            EvidenceRequired { from, to } => (
                text!(
                    "recommendation-evidence-required",
                    from = status(*from),
                    to = status(*to)
                ),
                Some("evidence"),
            ),
            CarryOverExecuted => (Text::new("recommendation-carry-over-executed"), None),
            AlreadyCarriedOver(to) => (
                text!(
                    "recommendation-already-carried-over",
                    id = to.aggregate_id()
                ),
                None,
            ),
            CarryOverToSelf => (
                Text::new("recommendation-carry-over-to-self"),
                Some("to_number"),
            ),
            EffectiveBeforePrevious {
                effective,
                previous,
            } => (before_previous(*effective, *previous), Some("date")),
            AlreadyContinues(from) => (
                text!("recommendation-already-continues", id = from.aggregate_id()),
                None,
            ),
            DocumentUnknown(_) => {
                return AppError::NotFound(about(subject, Text::new("document-unknown")))
            }
            DocumentAlreadyWithdrawn(_) => (Text::new("document-already-withdrawn"), None),
            WithdrawalReasonRequired => (Text::new("document-reason-required"), Some("reason")),
        };
        AppError::Refused {
            text: about(subject, text),
            field,
        }
    }
}

impl Refusal for crate::domain::directory::StructureError {
    fn refusal(&self, subject: &str) -> AppError {
        use crate::domain::directory::StructureError::*;
        let (text, field) = match self {
            NameRequired => (Text::new("structure-name-required"), "name"),
            OwnParent => (Text::new("structure-own-parent"), "parent"),
        };
        AppError::Refused {
            text: about(subject, text),
            field: Some(field),
        }
    }
}

impl Refusal for crate::domain::following::FollowingError {
    fn refusal(&self, subject: &str) -> AppError {
        AppError::refused(
            Some("reason"),
            about(subject, Text::new("following-reason-required")),
        )
    }
}

impl Refusal for RevueError {
    fn refusal(&self, subject: &str) -> AppError {
        use RevueError::*;
        let (text, field) = match self {
            NotFound => return AppError::NotFound(about(subject, Text::new("revue-not-found"))),
            AlreadyOpened => (Text::new("revue-already-opened"), None),
            NoSuchSession { number, sessions } => (
                text!(
                    "revue-no-such-session",
                    number = u32::from(*number),
                    sessions = u32::from(*sessions)
                ),
                Some("number"),
            ),
            UnknownStep { step, known } => (
                text!("revue-unknown-step", step = step, known = codes(known)),
                Some("step"),
            ),
            StepAlreadyCompleted(step) => (
                text!("revue-step-already-completed", step = step),
                Some("step"),
            ),
        };
        AppError::Refused {
            text: about(subject, text),
            field,
        }
    }
}

impl Refusal for CreditsError {
    fn refusal(&self, subject: &str) -> AppError {
        match self {
            CreditsError::WrongYear(own, other) => AppError::refused(
                Some("year"),
                about(
                    subject,
                    text!(
                        "credits-wrong-year",
                        own = own.value(),
                        other = other.value()
                    ),
                ),
            ),
            CreditsError::EffectiveBeforePrevious {
                effective,
                previous,
            } => AppError::refused(
                Some("date"),
                about(subject, before_previous(*effective, *previous)),
            ),
        }
    }
}

/// A fact dated before the one it follows.
fn before_previous(effective: chrono::NaiveDate, previous: chrono::NaiveDate) -> Text {
    text!(
        "effective-before-previous",
        day = Arg::Date(effective),
        previous = Arg::Date(previous)
    )
}

impl Refusal for DeadlineError {
    fn refusal(&self, subject: &str) -> AppError {
        use crate::domain::deadline::DefinitionProblem as P;
        let (field, text) = match self {
            DeadlineError::AlreadyMet(day) => {
                (None, text!("deadline-already-met", day = Arg::Date(*day)))
            }
            DeadlineError::Definition(P::NoLabel) => {
                (Some("label"), Text::new("deadline-label-required"))
            }
            DeadlineError::Definition(P::WindowReversed) => {
                (Some("from"), Text::new("deadline-window-reversed"))
            }
            DeadlineError::Definition(P::NoStructure) => {
                (Some("structures"), Text::new("deadline-structure-required"))
            }
            DeadlineError::Definition(P::Unsourced) => {
                (Some("source"), Text::new("deadline-unsourced"))
            }
            DeadlineError::ReasonRequired => {
                (Some("reason"), Text::new("deadline-reason-required"))
            }
        };
        AppError::refused(field, about(subject, text))
    }
}

impl Refusal for ReportSectionError {
    fn refusal(&self, subject: &str) -> AppError {
        let text = match self {
            ReportSectionError::Empty => Text::new("report-section-empty"),
            ReportSectionError::TooLong { length, max } => {
                text!("text-too-long", length = *length, max = *max)
            }
        };
        AppError::bad_field("file", about(subject, text))
    }
}

impl Refusal for UnplannedError {
    fn refusal(&self, subject: &str) -> AppError {
        match self {
            UnplannedError::EmptyTitle => {
                AppError::bad_field("title", about(subject, Text::new("unplanned-empty-title")))
            }
            UnplannedError::NumberTaken(_) => AppError::Conflict(text!("write-conflict")),
        }
    }
}

impl Refusal for AnnexError {
    fn refusal(&self, subject: &str) -> AppError {
        let AnnexError::Empty = self;
        AppError::bad_field("file", about(subject, Text::new("annex-empty")))
    }
}

impl Refusal for ReferenceError {
    fn refusal(&self, subject: &str) -> AppError {
        match self {
            ReferenceError::NoFigure => AppError::bad_field(
                "execution_rate",
                about(subject, Text::new("reference-no-figure")),
            ),
            ReferenceError::NoSource => {
                AppError::bad_field("source", about(subject, Text::new("reference-no-source")))
            }
        }
    }
}

/// A value given for `field` that is wrong.
pub fn bad_value(field: &'static str, e: &InvalidValue) -> AppError {
    AppError::bad_field(field, text::invalid_value(e))
}

/// A code given for `field` that is none of the allowed ones.
pub fn unknown_code(field: &'static str, e: &UnknownCode) -> AppError {
    AppError::bad_field(field, text::unknown_code(e))
}

impl Refusal for crate::domain::account::AccountError {
    fn refusal(&self, subject: &str) -> AppError {
        use crate::domain::account::AccountError as E;
        let (field, id) = match self {
            E::Exists => ("name", "user-exists"),
            E::Unknown => return AppError::NotFound(text!("user-unknown", name = subject)),
            E::StructureRequired => ("structure", "user-structure-required"),
            E::StructureForbidden => ("structure", "user-structure-forbidden"),
            E::AlreadyDisabled => ("name", "account-already-disabled"),
            E::NotDisabled => ("name", "account-not-disabled"),
            E::Unchanged => ("role", "account-unchanged"),
        };
        AppError::refused(Some(field), text!(id, name = subject))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::types::ValueKind;
    use crate::text::Lang;

    #[test]
    fn every_kind_of_value_is_explained_in_both_languages() {
        for kind in [
            ValueKind::Year,
            ValueKind::YearRange,
            ValueKind::ActivityCode,
            ValueKind::StructureCode,
            ValueKind::SessionId,
            ValueKind::Budget,
            ValueKind::Months,
            ValueKind::Amount,
        ] {
            let e = InvalidValue {
                kind,
                value: "zz".into(),
            };
            for lang in Lang::ALL {
                let said = text::invalid_value(&e).render(lang);
                assert!(
                    said.contains("zz") && !said.starts_with("invalid-"),
                    "{said}"
                );
            }
        }
    }

    #[test]
    fn refusals_name_no_command_line_option() {
        let e = RecommendationError::EvidenceRequired {
            from: RecommendationStatus::EnCours,
            to: RecommendationStatus::Executee,
        }
        .refusal("2023#1");
        let AppError::Refused { text, field } = e else {
            panic!("{e:?}")
        };
        assert_eq!(field, Some("evidence"));
        let fr = text.render(Lang::Fr);
        // The recommendation as people name it, never its id `2023#1`.
        assert!(fr.starts_with("n° 1 de la session 2023 : "), "{fr}");
        assert!(fr.contains("en cours") && !fr.contains("--"), "{fr}");
    }
}
