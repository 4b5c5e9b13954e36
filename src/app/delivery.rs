//! Delivering the outbox: one due message at a time is claimed under a
//! lease, sent, and then, in one transaction, recorded as a reminder on what
//! it concerns and marked sent. A failure to send schedules a retry, and
//! after the last attempt the message is a dead letter, which an operator
//! can put back in the queue. When the database fails after a message went
//! out, the bookkeeping is retried while the lease holds, so the message is
//! not sent again; a worker that lost its lease changes nothing.

use std::time::{Duration, Instant};

use serde::Serialize;

use super::{App, AppError};
use crate::domain::access::{Action, Actor};
use crate::domain::activity::{Activity, ActivityCommand};
use crate::domain::deadline::{Deadline, DeadlineCommand};
use crate::domain::recommendation::{Recommendation, RecommendationCommand};
use crate::domain::reminder::{RecordOn, ReminderSent};
use crate::domain::revue::{Revue, RevueCommand};
use crate::domain::types::Code;
use crate::domain::Scoped;
use crate::mail::build_message;
use crate::projections;
use crate::store::outbox::{self, OutboxMessage, OutboxStatus, SentMark};
use crate::store::{Changes, CommandError};
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
    /// The lease on the message expired before it could be marked, and
    /// another worker may have taken it: nothing was recorded.
    LeaseLost {
        id: i64,
    },
}

/// Counts of a delivery pass.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Delivery {
    pub sent: usize,
    pub retried: usize,
    pub dead: usize,
    /// Messages whose lease expired while they were being sent.
    pub lease_lost: usize,
}

/// The first wait before the bookkeeping of a sent message is tried again,
/// and the longest.
const BOOKKEEPING_RETRY: (Duration, Duration) =
    (Duration::from_millis(500), Duration::from_secs(10));

impl App {
    /// Claims and sends one due message.
    pub async fn try_execute_task(&self, who: &Actor) -> Result<Outcome, AppError> {
        self.require(who, Action::Reminders)?;
        let config = self.mail_config()?;
        let s = &config.settings;
        let claimed_at = Instant::now();
        let Some(message) = outbox::claim(&self.db, self.now(), s.lease_seconds).await? else {
            return Ok(Outcome::Idle);
        };
        let built = build_message(
            s,
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
        let id = message.id;
        match result {
            Ok(()) => {
                let lease_ends = claimed_at + Duration::from_secs(s.lease_seconds);
                let mark = SentMark::of(&message, self.now());
                let mut wait = BOOKKEEPING_RETRY.0;
                loop {
                    match self.record_sent(&message, &mark).await {
                        Ok(true) => {
                            self.report_ok(super::health::Part::Delivery);
                            return Ok(Outcome::Sent { id });
                        }
                        Ok(false) => {
                            tracing::warn!(id, key = %message.idempotency_key, "sent, but the lease was lost: another worker has the message");
                            return Ok(Outcome::LeaseLost { id });
                        }
                        // The message went out: keep trying to record it
                        // rather than send it again, while the lease holds.
                        Err(e) if Instant::now() + wait < lease_ends => {
                            tracing::warn!(id, error = %e.detail(), "sent, but not yet recorded; trying again");
                            self.report_fault(super::health::Part::Delivery, &e);
                            tokio::time::sleep(wait).await;
                            wait = (wait * 2).min(BOOKKEEPING_RETRY.1);
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
            Err(error) => {
                let attempts = message.attempts.max(0) as u32;
                let dead = attempts >= s.backoff.max_attempts;
                let next = self.now()
                    + chrono::Duration::from_std(s.backoff.delay(attempts)).unwrap_or_default();
                if !outbox::mark_failed(&self.db, &message, &error, next, dead).await? {
                    tracing::warn!(id, %error, "failed, and the lease was lost meanwhile");
                    return Ok(Outcome::LeaseLost { id });
                }
                if dead {
                    tracing::warn!(id, key = %message.idempotency_key, attempts, %error, "message given up on: dead letter");
                    Ok(Outcome::Dead { id, error })
                } else {
                    tracing::warn!(id, attempt = attempts, %error, "sending failed; will retry");
                    Ok(Outcome::Retry { id, error })
                }
            }
        }
    }

    /// Puts dead letters back in the queue, due now: the message numbered
    /// `id`, or every dead letter. Returns the messages re-queued.
    pub async fn retry_dead_letters(
        &self,
        id: Option<i64>,
        who: &Actor,
    ) -> Result<Vec<OutboxEntry>, AppError> {
        self.require(who, Action::Reminders)?;
        if let Some(id) = id {
            let message = outbox::get(&self.db, id)
                .await?
                .ok_or_else(|| AppError::NotFound(text!("outbox-unknown", id = id)))?;
            if message.status != OutboxStatus::Dead {
                return Err(AppError::Conflict(text!(
                    "outbox-not-dead",
                    id = id,
                    status = text::Text::new(format!("outbox-status-{}", message.status.code()))
                )));
            }
        }
        let requeued = outbox::requeue_dead(&self.db, id, self.now()).await?;
        tracing::info!(count = requeued.len(), actor = %who.user.name, "dead letters re-queued");
        Ok(requeued.into_iter().map(OutboxEntry::from).collect())
    }

    /// Sends every message due now, one at a time.
    pub async fn deliver_due(&self, who: &Actor) -> Result<Delivery, AppError> {
        self.deliver_due_until(who, &|| false).await
    }

    /// Sends the messages due now, one at a time, until none is left or
    /// `stop` says so (between two messages, never during one).
    pub async fn deliver_due_until(
        &self,
        who: &Actor,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Result<Delivery, AppError> {
        let mut d = Delivery::default();
        loop {
            if stop() {
                return Ok(d);
            }
            match self.try_execute_task(who).await? {
                Outcome::Idle => return Ok(d),
                Outcome::Sent { .. } => d.sent += 1,
                Outcome::Retry { .. } => d.retried += 1,
                Outcome::Dead { .. } => d.dead += 1,
                Outcome::LeaseLost { .. } => d.lease_lost += 1,
            }
        }
    }

    /// Records `ReminderSent` on every item of a sent message and marks it
    /// sent, in one transaction; false when the claim on it was lost. An
    /// item that no longer accepts a reminder (never opened, since removed)
    /// is skipped.
    async fn record_sent(
        &self,
        message: &OutboxMessage,
        mark: &SentMark,
    ) -> Result<bool, AppError> {
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
        // A concurrent write to one of the items: decide again.
        for _ in 0..10 {
            let (mut recommendations, mut activities, mut revues, mut deadlines) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for item in &message.items {
                match &item.record_on {
                    Some(RecordOn::Recommendation { id }) => recommendations.push((
                        id.clone(),
                        RecommendationCommand::RecordReminder(sent.clone()),
                    )),
                    Some(RecordOn::Activity { id }) => {
                        activities.push((id.clone(), ActivityCommand::RecordReminder(sent.clone())))
                    }
                    Some(RecordOn::RevueStep { revue, step }) => revues.push((
                        revue.clone(),
                        RevueCommand::RecordReminder {
                            step: step.clone(),
                            reminder: sent.clone(),
                        },
                    )),
                    Some(RecordOn::Deadline { reference }) => deadlines.push((
                        reference.clone(),
                        DeadlineCommand::RecordReminder {
                            reference: reference.clone(),
                            reminder: sent.clone(),
                        },
                    )),
                    None => {}
                }
            }
            // One batch per type, so that two items of one aggregate (two
            // steps of a revue) follow each other in its sequence.
            let mut changes = self
                .decide_accepted::<Recommendation>(recommendations, &services, &meta)
                .await?;
            changes.extend(
                self.decide_accepted::<Activity>(activities, &(), &meta)
                    .await?,
            );
            changes.extend(self.decide_accepted::<Revue>(revues, &(), &meta).await?);
            changes.extend(
                self.decide_accepted::<Deadline>(deadlines, &(), &meta)
                    .await?,
            );
            match self.db.commit_sent(&changes, mark).await {
                Ok(None) => return Ok(false),
                Ok(Some(projected)) => {
                    if !projected {
                        projections::catch_up(&self.db).await?;
                    }
                    return Ok(true);
                }
                Err(CommandError::Conflict) => continue,
                Err(CommandError::Rejected { error, .. }) => match error {},
                Err(CommandError::Store(e)) => return Err(AppError::Internal(e)),
            }
        }
        Err(AppError::Conflict(text!("reminder-not-recorded")))
    }

    /// The changes of the commands that their aggregates accept, decided in
    /// one batch; a command an aggregate refuses (an item never opened, or
    /// since removed) is left out, found by trying them one by one.
    async fn decide_accepted<A>(
        &self,
        commands: Vec<(String, A::Command)>,
        services: &A::Services,
        meta: &crate::domain::EventMetadata,
    ) -> Result<Changes, AppError>
    where
        A: cqrs_es::Aggregate + Scoped,
        A::Command: Clone,
    {
        let failed = |e: CommandError<A::Error>| match e {
            CommandError::Store(e) => AppError::Internal(e),
            _ => AppError::Conflict(text!("reminder-not-recorded")),
        };
        if commands.is_empty() {
            return Ok(Changes::default());
        }
        // Most often every item still accepts its reminder: one decision.
        match self.db.decide::<A>(commands.clone(), services, meta).await {
            Ok(d) => return Ok(d.changes),
            Err(CommandError::Rejected { .. }) => {}
            Err(e) => return Err(failed(e)),
        }
        let mut accepted: Vec<(String, A::Command)> = Vec::new();
        for command in commands {
            let mut trial = accepted.clone();
            trial.push(command.clone());
            match self.db.decide::<A>(trial, services, meta).await {
                Ok(_) => accepted.push(command),
                Err(CommandError::Rejected { .. }) => {}
                Err(e) => return Err(failed(e)),
            }
        }
        if accepted.is_empty() {
            return Ok(Changes::default());
        }
        self.db
            .decide::<A>(accepted, services, meta)
            .await
            .map(|d| d.changes)
            .map_err(failed)
    }
}

/// A message of the outbox as the director follows it: to whom, about
/// what, where it stands; not its bodies nor its claim.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct OutboxEntry {
    pub id: i64,
    pub idempotency_key: String,
    pub day: String,
    pub structure: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    pub items: Vec<crate::domain::reminder::OutboxItem>,
    pub message_id: String,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub next_attempt_at: chrono::DateTime<chrono::Utc>,
    pub last_error: Option<String>,
    pub sent_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<OutboxMessage> for OutboxEntry {
    fn from(m: OutboxMessage) -> Self {
        OutboxEntry {
            id: m.id,
            idempotency_key: m.idempotency_key,
            day: m.day,
            structure: m.structure,
            to: m.to,
            cc: m.cc,
            subject: m.subject,
            items: m.items,
            message_id: m.message_id,
            status: m.status,
            attempts: m.attempts,
            next_attempt_at: m.next_attempt_at,
            last_error: m.last_error,
            sent_at: m.sent_at,
        }
    }
}
