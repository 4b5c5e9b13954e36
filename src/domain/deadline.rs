//! The `Deadline` aggregate: one deadline of the harmonized calendar that is
//! not a revue step (the sector's PTA, the budget arbitration…). It records
//! when the deadline was met, so that reminders stop, and the reminders sent
//! about it.

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use super::reminder::ReminderSent;

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
}

impl DomainEvent for DeadlineEvent {
    fn event_type(&self) -> String {
        match self {
            Self::DeadlineMet { .. } => "DeadlineMet",
            Self::DeadlineReminderSent { .. } => "DeadlineReminderSent",
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
}

/// The state of one calendar deadline.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Deadline {
    pub reference: Option<String>,
    pub met_on: Option<NaiveDate>,
    pub document: Option<String>,
    pub reminders: Vec<String>,
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
