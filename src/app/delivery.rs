//! Delivering the outbox: one due message at a time is claimed under a lease,
//! sent, recorded as a reminder on what it concerns, and marked sent; a
//! failure schedules a retry, and after the last attempt the message is a
//! dead letter.

use serde::Serialize;

use super::{App, AppError};
use crate::domain::access::{Action, Actor};
use crate::domain::deadline::{Deadline, DeadlineCommand};
use crate::domain::recommendation::{Recommendation, RecommendationCommand};
use crate::domain::reminder::{RecordOn, ReminderSent};
use crate::domain::revue::{Revue, RevueCommand};
use crate::mail::build_message;
use crate::projections;
use crate::store::outbox::{self, OutboxMessage};
use crate::store::CommandError;
use crate::text;

/// What one delivery step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing is due now.
    Idle,
    Sent {
        id: i64,
    },
    /// The attempt failed; another is scheduled.
    Retry {
        id: i64,
        error: String,
    },
    /// The last attempt failed: the message is a dead letter.
    Dead {
        id: i64,
        error: String,
    },
}

/// Counts of a delivery pass.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Delivery {
    pub sent: usize,
    pub retried: usize,
    pub dead: usize,
}

impl App {
    /// Claims and sends one due message.
    pub async fn try_execute_task(&self, who: &Actor) -> Result<Outcome, AppError> {
        self.require(who, Action::Reminders)?;
        let config = self.mail_config()?;
        let s = &config.settings;
        let now = self.now();
        let Some(message) = outbox::claim(&self.db, now, s.lease_seconds).await? else {
            return Ok(Outcome::Idle);
        };
        let built = build_message(
            &s.from,
            &message.to,
            &message.cc,
            &message.subject,
            &message.body_text,
            &message.body_html,
            &message.message_id,
        );
        let result = match built {
            Ok(m) => self.transport()?.send(m).await,
            Err(e) => Err(format!("invalid message: {e}")),
        };
        match result {
            Ok(()) => {
                self.record_sent(&message).await?;
                outbox::mark_sent(&self.db, message.id, now).await?;
                Ok(Outcome::Sent { id: message.id })
            }
            Err(error) => {
                let dead = outbox::mark_failed(
                    &self.db,
                    &message,
                    &error,
                    now,
                    s.retry_base_seconds,
                    s.max_attempts,
                )
                .await?;
                if dead {
                    tracing::warn!(id = message.id, key = %message.idempotency_key, attempts = message.attempts, %error, "message given up on: dead letter");
                    Ok(Outcome::Dead {
                        id: message.id,
                        error,
                    })
                } else {
                    tracing::warn!(id = message.id, attempt = message.attempts, %error, "sending failed; will retry");
                    Ok(Outcome::Retry {
                        id: message.id,
                        error,
                    })
                }
            }
        }
    }

    /// Sends every message due now, one at a time.
    pub async fn deliver_due(&self, who: &Actor) -> Result<Delivery, AppError> {
        let mut d = Delivery::default();
        loop {
            match self.try_execute_task(who).await? {
                Outcome::Idle => return Ok(d),
                Outcome::Sent { .. } => d.sent += 1,
                Outcome::Retry { .. } => d.retried += 1,
                Outcome::Dead { .. } => d.dead += 1,
            }
        }
    }

    /// Records `ReminderSent` on every item of a sent message.
    async fn record_sent(&self, message: &OutboxMessage) -> Result<(), AppError> {
        let who = Actor::operator(
            "suivi (relances)",
            Some(text!("reminder-reason", day = message.day.clone()).render(crate::text::Lang::Fr)),
        );
        let day = message.day.parse().unwrap_or_else(|_| self.today());
        let sent = ReminderSent {
            day,
            to: message.to.clone(),
            cc: message.cc.clone(),
            message_id: message.message_id.clone(),
        };
        let meta = who.metadata(self.now());
        let services = self.recommendation_workflow.clone();
        let mut projected = true;
        for item in &message.items {
            let written = match &item.record_on {
                Some(RecordOn::Recommendation { id }) => {
                    let command = RecommendationCommand::RecordReminder(sent.clone());
                    record_once(|| {
                        self.db.execute::<Recommendation>(
                            vec![(id.clone(), command.clone())],
                            &services,
                            &meta,
                        )
                    })
                    .await?
                }
                Some(RecordOn::RevueStep { revue, step }) => {
                    let command = RevueCommand::RecordReminder {
                        step: step.clone(),
                        reminder: sent.clone(),
                    };
                    record_once(|| {
                        self.db
                            .execute::<Revue>(vec![(revue.clone(), command.clone())], &(), &meta)
                    })
                    .await?
                }
                Some(RecordOn::Deadline { reference }) => {
                    let command = DeadlineCommand::RecordReminder {
                        reference: reference.clone(),
                        reminder: sent.clone(),
                    };
                    record_once(|| {
                        self.db.execute::<Deadline>(
                            vec![(reference.clone(), command.clone())],
                            &(),
                            &meta,
                        )
                    })
                    .await?
                }
                None => true,
            };
            projected &= written;
        }
        if !projected {
            projections::catch_up(&self.db).await?;
        }
        Ok(())
    }
}

/// Records a reminder on its item, retrying on a concurrent write; an item
/// that no longer accepts it (never opened, since removed) is skipped.
/// Returns whether the views were written with it.
async fn record_once<A, F, Fut>(mut attempt: F) -> Result<bool, AppError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<crate::store::Written<A>, CommandError<A::Error>>>,
    A: cqrs_es::Aggregate,
{
    for _ in 0..5 {
        match attempt().await {
            Ok(w) => return Ok(w.projected),
            Err(CommandError::Rejected { .. }) => return Ok(true),
            Err(CommandError::Conflict) => continue,
            Err(CommandError::Store(e)) => return Err(AppError::Internal(e)),
        }
    }
    Err(AppError::Conflict(text!("reminder-not-recorded")))
}
