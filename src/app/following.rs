//! The day suivi follows from, so that its first digests are not about
//! deadlines that passed long before it was installed: recorded at the first
//! start, moved by the director; and a past year's calendar closed in one
//! step.

use chrono::NaiveDate;

use super::{App, AppError, Changed};
use crate::domain::access::{Action, Actor};
use crate::domain::deadline::{Deadline, DeadlineCommand};
use crate::domain::following::{Following, FollowingCommand, FOLLOWING_ID};
use crate::domain::types::Year;
use crate::projections;
use crate::text;

impl App {
    /// The day suivi follows from: as recorded; before that, the day of the
    /// log's first event, or today on an empty log.
    pub async fn following_since(&self) -> Result<NaiveDate, AppError> {
        match self.recorded_since().await? {
            Some(since) => Ok(since),
            None => self.first_day().await,
        }
    }

    async fn recorded_since(&self) -> Result<Option<NaiveDate>, AppError> {
        Ok(projections::view::<Following>(&self.db, FOLLOWING_ID)
            .await?
            .and_then(|f| f.since))
    }

    /// The day of the log's first event, or today on an empty log.
    async fn first_day(&self) -> Result<NaiveDate, AppError> {
        let first = self.db.events_after(0, 1).await?;
        Ok(first
            .first()
            .and_then(|e| e.recorded_at())
            .map_or_else(|| self.today(), crate::clock::day_of))
    }

    /// Records the day suivi follows from, at the service's start: today on
    /// an empty log, else the day of its first event. Nothing when one is
    /// recorded already.
    pub async fn start_following(&self) -> Result<NaiveDate, AppError> {
        if let Some(since) = self.recorded_since().await? {
            return Ok(since);
        }
        let day = self.first_day().await?;
        let who = Actor::operator("suivi", None);
        self.run_one::<Following>(
            FOLLOWING_ID.into(),
            FOLLOWING_ID.into(),
            FollowingCommand::Start { day },
            &(),
            &who,
        )
        .await?;
        tracing::info!(%day, "suivi follows deadlines from this day");
        Ok(day)
    }

    /// Moves the day suivi follows from (the director), with the reason.
    pub async fn move_following(
        &self,
        day: NaiveDate,
        reason: &str,
        who: &Actor,
    ) -> Result<Changed<Following>, AppError> {
        self.require(who, Action::Direct)?;
        super::refusals::bounded("reason", Some(reason))?;
        self.run_one::<Following>(
            FOLLOWING_ID.into(),
            FOLLOWING_ID.into(),
            FollowingCommand::Change {
                day,
                reason: reason.to_string(),
            },
            &(),
            who,
        )
        .await
    }

    /// Closes the calendar of a past year in one step: none of its
    /// deadlines not met is reminded again. Returns how many were closed.
    pub async fn close_calendar(
        &self,
        year: Year,
        reason: &str,
        who: &Actor,
    ) -> Result<usize, AppError> {
        self.require(who, Action::Record)?;
        if self.calendar_open(year) {
            return Err(AppError::refused(
                Some("year"),
                text!("calendar-close-current", year = year.value()),
            ));
        }
        super::refusals::bounded("reason", Some(reason))?;
        // What would still be reminded of it: not met, not closed, and not
        // a revue step already completed.
        let last_day = NaiveDate::from_ymd_opt(year.value(), 12, 31).expect("31 December exists");
        let prefix = format!("{year}/");
        let open: Vec<(String, String)> = self
            .items(last_day)
            .await?
            .into_iter()
            .filter(|i| i.kind == "deadline" && i.reference.starts_with(&prefix))
            .map(|i| (i.reference, i.text))
            .collect();
        let batch: Vec<(String, DeadlineCommand)> = open
            .iter()
            .map(|(reference, _)| {
                (
                    reference.clone(),
                    DeadlineCommand::Close {
                        reference: reference.clone(),
                        reason: reason.to_string(),
                    },
                )
            })
            .collect();
        if batch.is_empty() {
            return Ok(0);
        }
        let written = self
            .run::<Deadline>(batch, &(), who, |id| {
                open.iter()
                    .find(|(r, _)| r == id)
                    .map(|(_, l)| l.clone())
                    .unwrap_or_else(|| id.to_string())
            })
            .await?;
        Ok(written.events)
    }
}
