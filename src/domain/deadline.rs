//! The `Deadline` aggregate: one deadline of the harmonized calendar. It
//! records what the CPS set in the pages about it (its label, dates,
//! structures, source or « estimé », over the shipped calendar file's), and,
//! for one that is not a revue step (the sector's PTA, the budget
//! arbitration…), when it was met or its year closed, so that reminders
//! stop, and the reminders sent about it.
//!
//! (Just over 400 lines: one aggregate, its five commands and their tests.)

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use super::reminder::ReminderSent;
use super::types::StructureCode;

/// What the calendar says of a deadline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DeadlineDefinition {
    pub label: String,
    /// The start of the window, for a deadline given as a period.
    pub from: Option<NaiveDate>,
    pub date: NaiveDate,
    /// The revue and step it concerns, and the revue's session of the year.
    pub revue_step: Option<(String, String)>,
    pub revue_number: u8,
    #[schema(value_type = Vec<String>)]
    pub structures: Vec<StructureCode>,
    /// The document the date comes from.
    pub source: Option<String>,
    /// The date was worked out, not read in a document.
    pub estimated: bool,
}

/// Why a deadline's definition is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefinitionProblem {
    NoLabel,
    WindowReversed,
    NoStructure,
    /// Neither a source nor marked estimated: a date must say where it comes from.
    Unsourced,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DeadlineCommand {
    /// The deadline `reference` (`2024/pta_secteur`) was met on `date`.
    Meet {
        reference: String,
        date: NaiveDate,
        document: Option<String>,
    },
    /// Records a reminder sent about it; the same message twice is recorded once.
    RecordReminder {
        reference: String,
        reminder: ReminderSent,
    },
    /// Sets what the calendar says of it from now on (the same again
    /// changes nothing).
    Define {
        reference: String,
        definition: DeadlineDefinition,
    },
    /// Takes it out of the calendar, with the reason.
    Drop { reference: String, reason: String },
    /// Stops reminding it without saying it was met (a past year's
    /// calendar closed in one step), with the reason.
    Close { reference: String, reason: String },
}

/// Events of a calendar deadline; names are stored and never change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum DeadlineEvent {
    DeadlineMet {
        reference: String,
        date: NaiveDate,
        document: Option<String>,
    },
    DeadlineReminderSent {
        reference: String,
        reminder: ReminderSent,
    },
    DeadlineDefined {
        reference: String,
        definition: DeadlineDefinition,
    },
    DeadlineDropped {
        reference: String,
        reason: String,
    },
    DeadlineClosed {
        reference: String,
        reason: String,
    },
}

impl DomainEvent for DeadlineEvent {
    fn event_type(&self) -> String {
        match self {
            Self::DeadlineMet { .. } => "DeadlineMet",
            Self::DeadlineReminderSent { .. } => "DeadlineReminderSent",
            Self::DeadlineDefined { .. } => "DeadlineDefined",
            Self::DeadlineDropped { .. } => "DeadlineDropped",
            Self::DeadlineClosed { .. } => "DeadlineClosed",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    #[error("deadline already met on {0}")]
    AlreadyMet(NaiveDate),
    #[error("definition refused: {0:?}")]
    Definition(DefinitionProblem),
    #[error("a deadline is taken out with its reason")]
    ReasonRequired,
}

/// The state of one calendar deadline.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Deadline {
    pub reference: Option<String>,
    pub met_on: Option<NaiveDate>,
    pub document: Option<String>,
    pub reminders: Vec<String>,
    /// What the CPS set in the pages, over the calendar file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<DeadlineDefinition>,
    /// Taken out of the calendar, with the reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dropped: Option<String>,
    /// No longer reminded, with the reason (its year was closed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<String>,
}

impl Aggregate for Deadline {
    const TYPE: &'static str = "deadline";
    type Command = DeadlineCommand;
    type Event = DeadlineEvent;
    type Error = DeadlineError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _: &(),
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        match command {
            DeadlineCommand::Meet {
                reference,
                date,
                document,
            } => {
                if let Some(met) = self.met_on {
                    return Err(DeadlineError::AlreadyMet(met));
                }
                let document = document
                    .map(|d| d.trim().to_string())
                    .filter(|d| !d.is_empty());
                sink.write(
                    DeadlineEvent::DeadlineMet {
                        reference,
                        date,
                        document,
                    },
                    self,
                )
                .await;
            }
            DeadlineCommand::Define {
                reference,
                mut definition,
            } => {
                definition.label = definition.label.trim().to_string();
                definition.source = definition
                    .source
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty());
                let problem = if definition.label.is_empty() {
                    Some(DefinitionProblem::NoLabel)
                } else if definition.from.is_some_and(|f| f > definition.date) {
                    Some(DefinitionProblem::WindowReversed)
                } else if definition.structures.is_empty() {
                    Some(DefinitionProblem::NoStructure)
                } else if definition.source.is_none() && !definition.estimated {
                    Some(DefinitionProblem::Unsourced)
                } else {
                    None
                };
                if let Some(p) = problem {
                    return Err(DeadlineError::Definition(p));
                }
                if self.definition.as_ref() != Some(&definition) || self.dropped.is_some() {
                    sink.write(
                        DeadlineEvent::DeadlineDefined {
                            reference,
                            definition,
                        },
                        self,
                    )
                    .await;
                }
            }
            DeadlineCommand::Drop { reference, reason } => {
                let reason = reason.trim().to_string();
                if reason.is_empty() {
                    return Err(DeadlineError::ReasonRequired);
                }
                if self.dropped.is_none() {
                    sink.write(DeadlineEvent::DeadlineDropped { reference, reason }, self)
                        .await;
                }
            }
            DeadlineCommand::Close { reference, reason } => {
                let reason = reason.trim().to_string();
                if reason.is_empty() {
                    return Err(DeadlineError::ReasonRequired);
                }
                if self.closed.is_none() && self.met_on.is_none() {
                    sink.write(DeadlineEvent::DeadlineClosed { reference, reason }, self)
                        .await;
                }
            }
            DeadlineCommand::RecordReminder {
                reference,
                reminder,
            } => {
                if !self.reminders.contains(&reminder.message_id) {
                    sink.write(
                        DeadlineEvent::DeadlineReminderSent {
                            reference,
                            reminder,
                        },
                        self,
                    )
                    .await;
                }
            }
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            DeadlineEvent::DeadlineMet {
                reference,
                date,
                document,
            } => {
                self.reference = Some(reference);
                self.met_on = Some(date);
                self.document = document;
            }
            DeadlineEvent::DeadlineReminderSent {
                reference,
                reminder,
            } => {
                self.reference = Some(reference);
                self.reminders.push(reminder.message_id);
            }
            DeadlineEvent::DeadlineDefined {
                reference,
                definition,
            } => {
                self.reference = Some(reference);
                self.definition = Some(definition);
                self.dropped = None;
            }
            DeadlineEvent::DeadlineDropped { reference, reason } => {
                self.reference = Some(reference);
                self.dropped = Some(reason);
            }
            DeadlineEvent::DeadlineClosed { reference, reason } => {
                self.reference = Some(reference);
                self.closed = Some(reason);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cqrs_es::test::TestFramework;

    fn met() -> DeadlineEvent {
        DeadlineEvent::DeadlineMet {
            reference: "2024/pta_secteur".into(),
            date: "2024-06-28".parse().unwrap(),
            document: Some("PTA 2024 validé".into()),
        }
    }

    #[test]
    fn a_deadline_is_met_once() {
        TestFramework::<Deadline>::with(())
            .given_no_previous_events()
            .when(DeadlineCommand::Meet {
                reference: "2024/pta_secteur".into(),
                date: "2024-06-28".parse().unwrap(),
                document: Some(" PTA 2024 validé ".into()),
            })
            .then_expect_events(vec![met()]);
        TestFramework::<Deadline>::with(())
            .given(vec![met()])
            .when(DeadlineCommand::Meet {
                reference: "2024/pta_secteur".into(),
                date: "2024-06-29".parse().unwrap(),
                document: None,
            })
            .then_expect_error(DeadlineError::AlreadyMet("2024-06-28".parse().unwrap()));
    }

    fn definition() -> DeadlineDefinition {
        DeadlineDefinition {
            label: "PTA du secteur validé".into(),
            from: None,
            date: "2027-06-30".parse().unwrap(),
            revue_step: None,
            revue_number: 1,
            structures: vec![StructureCode::parse("CPS/SCI").unwrap()],
            source: None,
            estimated: true,
        }
    }

    #[test]
    fn a_definition_says_where_its_date_comes_from() {
        let defined = DeadlineEvent::DeadlineDefined {
            reference: "2027/pta_secteur".into(),
            definition: definition(),
        };
        let define = |d: DeadlineDefinition| DeadlineCommand::Define {
            reference: "2027/pta_secteur".into(),
            definition: d,
        };
        TestFramework::<Deadline>::with(())
            .given_no_previous_events()
            .when(define(definition()))
            .then_expect_events(vec![defined.clone()]);
        TestFramework::<Deadline>::with(())
            .given(vec![defined.clone()])
            .when(define(definition()))
            .then_expect_events(vec![]);
        for (d, problem) in [
            (
                DeadlineDefinition {
                    estimated: false,
                    ..definition()
                },
                DefinitionProblem::Unsourced,
            ),
            (
                DeadlineDefinition {
                    from: Some("2027-07-01".parse().unwrap()),
                    ..definition()
                },
                DefinitionProblem::WindowReversed,
            ),
            (
                DeadlineDefinition {
                    structures: vec![],
                    ..definition()
                },
                DefinitionProblem::NoStructure,
            ),
        ] {
            TestFramework::<Deadline>::with(())
                .given_no_previous_events()
                .when(define(d))
                .then_expect_error(DeadlineError::Definition(problem));
        }
        TestFramework::<Deadline>::with(())
            .given(vec![defined])
            .when(DeadlineCommand::Drop {
                reference: "2027/pta_secteur".into(),
                reason: " ".into(),
            })
            .then_expect_error(DeadlineError::ReasonRequired);
    }

    #[test]
    fn reminders_are_recorded_once_per_message() {
        let sent = ReminderSent {
            day: "2024-06-27".parse().unwrap(),
            to: vec!["a@b.org".into()],
            cc: vec![],
            message_id: "<m@suivi>".into(),
        };
        let recorded = DeadlineEvent::DeadlineReminderSent {
            reference: "2024/x".into(),
            reminder: sent.clone(),
        };
        TestFramework::<Deadline>::with(())
            .given(vec![recorded.clone()])
            .when(DeadlineCommand::RecordReminder {
                reference: "2024/x".into(),
                reminder: sent,
            })
            .then_expect_events(vec![]);
    }
}
