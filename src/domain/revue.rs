//! The `Revue` aggregate: a review on the MEF harmonized calendar (revue
//! sectorielle, revue annuelle des projets/programmes, session du Comité de
//! Coordination, …), its steps with their deadlines, and the session at which
//! it formulates recommendations.

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use super::reminder::ReminderSent;
use super::types::{SessionId, Year};
use super::workflow::RevueKind;

/// A revue's identity: its kind and year.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
pub struct RevueRef {
    pub kind: String,
    pub year: Year,
}

impl RevueRef {
    pub fn aggregate_id(&self) -> String {
        format!("{}/{}", self.kind, self.year)
    }
}

/// One step of an opened revue, with its deadline fixed at opening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RevueStep {
    pub id: String,
    pub label: String,
    pub deadline: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    pub document: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RevueCommand {
    /// Opens the revue of `year` with the steps of its kind.
    Open {
        kind: RevueKind,
        year: Year,
        session: SessionId,
    },
    CompleteStep {
        step: String,
        date: NaiveDate,
        document: Option<String>,
    },
    /// Records a reminder sent about a step; the same message twice is recorded once.
    RecordReminder {
        step: String,
        reminder: ReminderSent,
    },
}

/// Events of a revue; names are stored and never change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum RevueEvent {
    RevueOpened {
        id: RevueRef,
        label: String,
        session: SessionId,
        steps: Vec<RevueStep>,
    },
    RevueStepCompleted {
        step: String,
        date: NaiveDate,
        document: Option<String>,
    },
    RevueReminderSent {
        step: String,
        reminder: ReminderSent,
    },
}

impl DomainEvent for RevueEvent {
    fn event_type(&self) -> String {
        match self {
            Self::RevueOpened { .. } => "RevueOpened",
            Self::RevueStepCompleted { .. } => "RevueStepCompleted",
            Self::RevueReminderSent { .. } => "RevueReminderSent",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RevueError {
    #[error("revue not opened")]
    NotFound,
    #[error("revue already open")]
    AlreadyOpened,
    #[error("unknown step {step}; known: {known:?}")]
    UnknownStep { step: String, known: Vec<String> },
    #[error("step {0} already completed")]
    StepAlreadyCompleted(String),
}

/// The state of one revue.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Revue {
    pub id: Option<RevueRef>,
    pub label: String,
    pub session: Option<SessionId>,
    pub steps: Vec<RevueStep>,
    /// Message ids of the reminders sent about its steps.
    #[serde(default)]
    pub reminders: Vec<String>,
}

impl Aggregate for Revue {
    const TYPE: &'static str = "revue";
    type Command = RevueCommand;
    type Event = RevueEvent;
    type Error = RevueError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        match command {
            RevueCommand::Open {
                kind,
                year,
                session,
            } => {
                if self.id.is_some() {
                    return Err(RevueError::AlreadyOpened);
                }
                let steps = kind
                    .steps
                    .iter()
                    .map(|s| RevueStep {
                        id: s.id.clone(),
                        label: s.label.clone(),
                        deadline: s.deadline.and_then(|d| d.date_in(year.value())),
                        completed_on: None,
                        document: None,
                    })
                    .collect();
                let event = RevueEvent::RevueOpened {
                    id: RevueRef {
                        kind: kind.id.clone(),
                        year,
                    },
                    label: kind.label.clone(),
                    session,
                    steps,
                };
                sink.write(event, self).await;
            }
            RevueCommand::CompleteStep {
                step,
                date,
                document,
            } => {
                if self.id.is_none() {
                    return Err(RevueError::NotFound);
                }
                let Some(found) = self.steps.iter().find(|s| s.id == step) else {
                    return Err(RevueError::UnknownStep {
                        step,
                        known: self.steps.iter().map(|s| s.id.clone()).collect(),
                    });
                };
                if found.completed_on.is_some() {
                    return Err(RevueError::StepAlreadyCompleted(step));
                }
                let document = document
                    .map(|d| d.trim().to_string())
                    .filter(|d| !d.is_empty());
                sink.write(
                    RevueEvent::RevueStepCompleted {
                        step,
                        date,
                        document,
                    },
                    self,
                )
                .await;
            }
            RevueCommand::RecordReminder { step, reminder } => {
                if self.id.is_none() {
                    return Err(RevueError::NotFound);
                }
                if !self.reminders.contains(&reminder.message_id) {
                    sink.write(RevueEvent::RevueReminderSent { step, reminder }, self)
                        .await;
                }
            }
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            RevueEvent::RevueReminderSent { reminder, .. } => {
                self.reminders.push(reminder.message_id)
            }
            RevueEvent::RevueOpened {
                id,
                label,
                session,
                steps,
            } => {
                self.id = Some(id);
                self.label = label;
                self.session = Some(session);
                self.steps = steps;
            }
            RevueEvent::RevueStepCompleted {
                step,
                date,
                document,
            } => {
                if let Some(s) = self.steps.iter_mut().find(|s| s.id == step) {
                    s.completed_on = Some(date);
                    s.document = document;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workflow::{DeadlineRule, StepDefinition};
    use cqrs_es::test::TestFramework;

    type Tf = TestFramework<Revue>;

    fn sector_review() -> RevueKind {
        RevueKind {
            id: "revue_sectorielle".into(),
            label: "Revue sectorielle".into(),
            steps: vec![
                StepDefinition {
                    id: "redaction".into(),
                    label: "Rédaction du rapport".into(),
                    deadline: None,
                },
                StepDefinition {
                    id: "transmission".into(),
                    label: "Transmission au MEF".into(),
                    deadline: Some(DeadlineRule {
                        month: 4,
                        day: 30,
                        year_offset: 0,
                    }),
                },
            ],
        }
    }

    fn opened() -> RevueEvent {
        RevueEvent::RevueOpened {
            id: RevueRef {
                kind: "revue_sectorielle".into(),
                year: Year::new(2024).unwrap(),
            },
            label: "Revue sectorielle".into(),
            session: SessionId::parse("revue_sectorielle-2024").unwrap(),
            steps: vec![
                RevueStep {
                    id: "redaction".into(),
                    label: "Rédaction du rapport".into(),
                    deadline: None,
                    completed_on: None,
                    document: None,
                },
                RevueStep {
                    id: "transmission".into(),
                    label: "Transmission au MEF".into(),
                    deadline: NaiveDate::from_ymd_opt(2024, 4, 30),
                    completed_on: None,
                    document: None,
                },
            ],
        }
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn opening_fixes_the_deadlines_of_the_year() {
        Tf::with(())
            .given_no_previous_events()
            .when(RevueCommand::Open {
                kind: sector_review(),
                year: Year::new(2024).unwrap(),
                session: SessionId::parse("revue_sectorielle-2024").unwrap(),
            })
            .then_expect_events(vec![opened()]);
    }

    #[test]
    fn a_revue_opens_once() {
        Tf::with(())
            .given(vec![opened()])
            .when(RevueCommand::Open {
                kind: sector_review(),
                year: Year::new(2024).unwrap(),
                session: SessionId::parse("x").unwrap(),
            })
            .then_expect_error(RevueError::AlreadyOpened);
    }

    #[test]
    fn completing_a_step_records_date_and_document() {
        Tf::with(())
            .given(vec![opened()])
            .when(RevueCommand::CompleteStep {
                step: "transmission".into(),
                date: d("2024-04-28"),
                document: Some("Lettre n°123".into()),
            })
            .then_expect_events(vec![RevueEvent::RevueStepCompleted {
                step: "transmission".into(),
                date: d("2024-04-28"),
                document: Some("Lettre n°123".into()),
            }]);
    }

    #[test]
    fn unknown_or_completed_steps_are_rejected() {
        Tf::with(())
            .given(vec![opened()])
            .when(RevueCommand::CompleteStep {
                step: "envoi".into(),
                date: d("2024-04-28"),
                document: None,
            })
            .then_expect_error(RevueError::UnknownStep {
                step: "envoi".into(),
                known: vec!["redaction".into(), "transmission".into()],
            });
        Tf::with(())
            .given(vec![
                opened(),
                RevueEvent::RevueStepCompleted {
                    step: "redaction".into(),
                    date: d("2024-04-01"),
                    document: None,
                },
            ])
            .when(RevueCommand::CompleteStep {
                step: "redaction".into(),
                date: d("2024-04-02"),
                document: None,
            })
            .then_expect_error(RevueError::StepAlreadyCompleted("redaction".into()));
        Tf::with(())
            .given_no_previous_events()
            .when(RevueCommand::CompleteStep {
                step: "redaction".into(),
                date: d("2024-04-02"),
                document: None,
            })
            .then_expect_error(RevueError::NotFound);
    }
}
