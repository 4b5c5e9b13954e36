//! What the scheduler of `suivi serve` and the operators call: the daily
//! run once per day under one lease, and the outbox's contents.

use std::time::Duration;

use chrono::NaiveDate;

use super::delivery::OutboxEntry;
use super::reminders::REMINDERS_JOB;
use super::{App, AppError};
use crate::domain::access::{Action, Actor};
use crate::store::outbox::{self, OutboxStatus};
use crate::store::scheduling;

impl App {
    /// The messages of the outbox, optionally of one status (`pending`,
    /// `sent`, `dead`), oldest first.
    pub async fn outbox(
        &self,
        status: Option<&str>,
        who: &Actor,
    ) -> Result<Vec<OutboxEntry>, AppError> {
        self.require(who, Action::Reminders)?;
        let status: Option<OutboxStatus> = status
            .map(|s| {
                s.parse()
                    .map_err(|e| super::refusals::unknown_code("status", &e))
            })
            .transpose()?;
        Ok(outbox::list(&self.db, status)
            .await?
            .into_iter()
            .map(OutboxEntry::from)
            .collect())
    }

    /// The reminder settings: the schedule and the policy.
    pub fn reminder_schedule(&self) -> Result<(cron::Schedule, String), AppError> {
        let c = self.mail_config()?;
        Ok((
            c.settings.schedule.clone(),
            c.settings.schedule_text.clone(),
        ))
    }

    /// Where messages go.
    pub fn transport_via(&self) -> Result<crate::mail::Via, AppError> {
        Ok(self.transport()?.via())
    }

    /// The days the daily job already ran, among recent ones.
    pub async fn ran_days(&self) -> Result<Vec<NaiveDate>, AppError> {
        Ok(scheduling::ran_days(&self.db, REMINDERS_JOB).await?)
    }

    /// Runs the daily job for `day` unless it ran: queue the digests, then
    /// record the run (a crash in between re-runs it; queuing is idempotent).
    pub async fn scheduled_reminders(
        &self,
        day: NaiveDate,
        who: &Actor,
    ) -> Result<Option<usize>, AppError> {
        self.require(who, Action::Reminders)?;
        if self.ran_days().await?.contains(&day) {
            return Ok(None);
        }
        let queued = self.enqueue(day).await?;
        scheduling::record_run(&self.db, REMINDERS_JOB, day, self.now()).await?;
        Ok(Some(queued))
    }

    /// Takes or renews the scheduling lease for `holder`; false while
    /// another live instance holds it.
    pub async fn acquire_scheduler_lease(
        &self,
        holder: &str,
        ttl: Duration,
    ) -> Result<bool, AppError> {
        Ok(scheduling::acquire_lease(&self.db, holder, self.now(), ttl).await?)
    }

    /// Gives the lease up, so that another instance takes over at once.
    pub async fn release_scheduler_lease(&self, holder: &str) -> Result<(), AppError> {
        Ok(scheduling::release_lease(&self.db, holder).await?)
    }
}
