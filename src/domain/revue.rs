//! The `Revue` aggregate: a review on the MEF harmonized calendar (revue
//! sectorielle, revue annuelle des projets/programmes, session du Comité de
//! Coordination, …), its steps with their deadlines, and the session at which
//! it formulates recommendations.
//!
//! (Over 400 lines: the given/when/then tests of every command and refusal
//! live beside the aggregate, as the model codebases keep them.)

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use super::reminder::ReminderSent;
use super::types::{SessionId, Year};
use super::workflow::RevueKind;

/// A revue's identity: its kind, year and, for a kind that meets several
/// times a year, the session's number (1 for the first, left out).
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
pub struct RevueRef {
    pub kind: String,
    pub year: Year,
    #[serde(default = "first_session", skip_serializing_if = "is_first_session")]
    pub number: u8,
}

fn first_session() -> u8 {
    1
}

fn is_first_session(n: &u8) -> bool {
    *n == 1
}

impl RevueRef {
    /// The first (or only) session of a kind in a year.
    pub fn first(kind: impl Into<String>, year: Year) -> Self {
        Self {
            kind: kind.into(),
            year,
            number: 1,
        }
    }
    /// `kind/year`, or `kind/year/N` for session N ≥ 2.
    pub fn aggregate_id(&self) -> String {
        if self.number <= 1 {
            format!("{}/{}", self.kind, self.year)
        } else {
            format!("{}/{}/{}", self.kind, self.year, self.number)
        }
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
    /// Opens session `number` of the revue of `year` with the steps of its kind.
    Open {
        kind: RevueKind,
        year: Year,
        number: u8,
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
    #[error("session {number} of a kind with {sessions} a year")]
    NoSuchSession { number: u8, sessions: u8 },
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
                number,
                session,
            } => {
                if self.id.is_some() {
                    return Err(RevueError::AlreadyOpened);
                }
                if number == 0 || number > kind.sessions.max(1) {
                    return Err(RevueError::NoSuchSession {
                        number,
                        sessions: kind.sessions.max(1),
                    });
                }
                // The rules date the first session; the calendar dates the others.
                let steps = kind
                    .steps
                    .iter()
                    .map(|s| RevueStep {
                        id: s.id.clone(),
                        label: s.label.clone(),
                        deadline: s
                            .deadline
                            .filter(|_| number == 1)
                            .and_then(|d| d.date_in(year.value())),
                        completed_on: None,
                        document: None,
                    })
                    .collect();
                let event = RevueEvent::RevueOpened {
                    id: RevueRef {
                        kind: kind.id.clone(),
                        year,
                        number,
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
            sessions: 1,
        }
    }

    fn opened() -> RevueEvent {
        RevueEvent::RevueOpened {
            id: RevueRef {
                kind: "revue_sectorielle".into(),
                year: Year::new(2024).unwrap(),
                number: 1,
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
                number: 1,
                session: SessionId::parse("revue_sectorielle-2024").unwrap(),
            })
            .then_expect_events(vec![opened()]);
    }

    #[test]
    fn a_second_session_is_its_own_revue_dated_by_the_calendar() {
        let comite = RevueKind {
            id: "comite_coordination".into(),
            sessions: 2,
            ..sector_review()
        };
        let open = |number: u8| RevueCommand::Open {
            kind: comite.clone(),
            year: Year::new(2024).unwrap(),
            number,
            session: SessionId::parse("2024-2").unwrap(),
        };
        let id = RevueRef {
            kind: "comite_coordination".into(),
            year: Year::new(2024).unwrap(),
            number: 2,
        };
        assert_eq!(id.aggregate_id(), "comite_coordination/2024/2");
        assert_eq!(
            RevueRef::first("comite_coordination", id.year).aggregate_id(),
            "comite_coordination/2024"
        );
        Tf::with(())
            .given_no_previous_events()
            .when(open(2))
            .then_expect_events(vec![RevueEvent::RevueOpened {
                id: id.clone(),
                label: "Revue sectorielle".into(),
                session: SessionId::parse("2024-2").unwrap(),
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
                        deadline: None,
                        completed_on: None,
                        document: None,
                    },
                ],
            }]);
        Tf::with(())
            .given_no_previous_events()
            .when(open(3))
            .then_expect_error(RevueError::NoSuchSession {
                number: 3,
                sessions: 2,
            });
        // The first session's identity is written as before.
        let first = serde_json::to_string(&RevueRef::first("x", id.year)).unwrap();
        assert_eq!(first, r#"{"kind":"x","year":2024}"#);
    }

    #[test]
    fn a_revue_opens_once() {
        Tf::with(())
            .given(vec![opened()])
            .when(RevueCommand::Open {
                kind: sector_review(),
                year: Year::new(2024).unwrap(),
                number: 1,
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
