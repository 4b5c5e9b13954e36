//! The day suivi started following: calendar deadlines due before it are
//! never reminded, and lateness is escalated from no earlier than it. It is
//! recorded at the first start (or, on a log that already had events, as the
//! day of its first event); the director may move it, with a reason.

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

/// The one aggregate id of the following day.
pub const FOLLOWING_ID: &str = "suivi";

/// When suivi follows from, and why it was last moved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Following {
    pub since: Option<NaiveDate>,
    /// The reason of the director's last change; none for the first start.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FollowingCommand {
    /// Records the first day, unless one is recorded already.
    Start { day: NaiveDate },
    /// Moves the day, with the reason.
    Change { day: NaiveDate, reason: String },
}

/// Events of the following day; names are stored and never change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum FollowingEvent {
    FollowingStarted { day: NaiveDate },
    FollowingMoved { day: NaiveDate, reason: String },
}

impl DomainEvent for FollowingEvent {
    fn event_type(&self) -> String {
        match self {
            Self::FollowingStarted { .. } => "FollowingStarted",
            Self::FollowingMoved { .. } => "FollowingMoved",
        }
        .to_string()
    }
    fn event_version(&self) -> String {
        "1".to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FollowingError {
    #[error("the day suivi follows from is moved with a reason")]
    ReasonRequired,
}

impl Aggregate for Following {
    const TYPE: &'static str = "following";
    type Command = FollowingCommand;
    type Event = FollowingEvent;
    type Error = FollowingError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _: &(),
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        match command {
            FollowingCommand::Start { day } => {
                if self.since.is_none() {
                    sink.write(FollowingEvent::FollowingStarted { day }, self)
                        .await;
                }
            }
            FollowingCommand::Change { day, reason } => {
                let reason = reason.trim().to_string();
                if reason.is_empty() {
                    return Err(FollowingError::ReasonRequired);
                }
                if self.since != Some(day) {
                    sink.write(FollowingEvent::FollowingMoved { day, reason }, self)
                        .await;
                }
            }
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            FollowingEvent::FollowingStarted { day } => self.since = Some(day),
            FollowingEvent::FollowingMoved { day, reason } => {
                self.since = Some(day);
                self.reason = Some(reason);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cqrs_es::test::TestFramework;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_first_day_is_recorded_once_and_moved_only_with_a_reason() {
        let started = FollowingEvent::FollowingStarted {
            day: d("2026-12-03"),
        };
        TestFramework::<Following>::with(())
            .given(vec![started.clone()])
            .when(FollowingCommand::Start {
                day: d("2026-12-04"),
            })
            .then_expect_events(vec![]);
        TestFramework::<Following>::with(())
            .given(vec![started.clone()])
            .when(FollowingCommand::Change {
                day: d("2026-01-01"),
                reason: " ".into(),
            })
            .then_expect_error(FollowingError::ReasonRequired);
        TestFramework::<Following>::with(())
            .given(vec![started])
            .when(FollowingCommand::Change {
                day: d("2026-01-01"),
                reason: " revue de l'année entière ".into(),
            })
            .then_expect_events(vec![FollowingEvent::FollowingMoved {
                day: d("2026-01-01"),
                reason: "revue de l'année entière".into(),
            }]);
    }
}
