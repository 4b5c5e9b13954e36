//! Following the plan during the year: the progress an activity's unit
//! reports, and the progress report of a day or quarter.

use chrono::{Datelike, NaiveDate};
use cqrs_es::Aggregate;

use super::{App, AppError, Changed, Situation};

use crate::domain::access::{Action, Actor};
use crate::domain::activity::{Activity, ActivityCommand, ActivityRef, Progress};
use crate::domain::types::{Quarter, Year};
use crate::projections;
use crate::report::progress::{ProgressInput, ProgressReport};
use crate::text;

impl App {
    /// Records how far an activity has come on `date` (default today, never
    /// later, nor before its plan's year), from 0 to 100; going back needs a
    /// note. The CPS, or a focal point of a unit the plan makes responsible
    /// for it.
    pub async fn record_progress(
        &self,
        id: &ActivityRef,
        percent: u32,
        note: Option<String>,
        date: Option<NaiveDate>,
        who: &Actor,
    ) -> Result<Changed<Activity>, AppError> {
        super::refusals::bounded("note", note.as_deref())?;
        self.require_unit_of(id, who).await?;
        let Some(percent) = u8::try_from(percent).ok().filter(|p| *p <= 100) else {
            return Err(AppError::bad_field(
                "percent",
                text!("activity-percent-above-100", percent = percent),
            ));
        };
        let today = self.today();
        let date = date.unwrap_or(today);
        let first = NaiveDate::from_ymd_opt(id.year.value(), 1, 1).expect("a year has 1 January");
        if date > today || date < first {
            // The bounds move with the day: a refusal, not a malformed request.
            return Err(AppError::refused(
                Some("date"),
                text!(
                    "progress-date-outside",
                    day = text::Arg::Date(date),
                    first = text::Arg::Date(first),
                    today = text::Arg::Date(today)
                ),
            ));
        }
        let command = ActivityCommand::RecordProgress(Progress {
            date,
            percent,
            note,
        });
        self.run_one::<Activity>(id.aggregate_id(), id.aggregate_id(), command, &(), who)
            .await
    }

    /// Sets the target of an activity's indicator and/or the value achieved.
    pub async fn set_indicator(
        &self,
        id: &ActivityRef,
        target: Option<String>,
        achieved: Option<String>,
        who: &Actor,
    ) -> Result<Changed<Activity>, AppError> {
        super::refusals::bounded("target", target.as_deref())?;
        super::refusals::bounded("achieved", achieved.as_deref())?;
        self.require_unit_of(id, who).await?;
        let command = ActivityCommand::SetIndicator { target, achieved };
        self.run_one::<Activity>(id.aggregate_id(), id.aggregate_id(), command, &(), who)
            .await
    }

    /// The progress of a year's plan on a day: `as_of`, else the end of
    /// `quarter`, else `recorded_by`, else today (within the year), by what
    /// had taken effect that day (and, with `recorded_by`, had been recorded
    /// by the end of that day). A focal point sees the activities of its unit.
    pub async fn progress_report(
        &self,
        year: Year,
        quarter: Option<Quarter>,
        at: Situation,
        who: &Actor,
    ) -> Result<ProgressReport, AppError> {
        self.require(who, Action::ReadProgress)?;
        let y = year.value();
        let first = NaiveDate::from_ymd_opt(y, 1, 1).expect("a year has 1 January");
        let last = NaiveDate::from_ymd_opt(y, 12, 31).expect("a year has 31 December");
        let day = match (at.as_of, quarter, at.recorded_by) {
            (Some(day), _, _) => day,
            (None, Some(q), _) => q.last_day(y),
            (None, None, Some(day)) => day,
            (None, None, None) => self.today().clamp(first, last),
        };
        let quarter = quarter.unwrap_or(match day.year().cmp(&y) {
            std::cmp::Ordering::Less => Quarter::FIRST,
            std::cmp::Ordering::Equal => Quarter::of(day),
            std::cmp::Ordering::Greater => Quarter::LAST,
        });
        // Nothing takes effect after today: from today on, the views are the
        // situation.
        let cut = Situation {
            as_of: Some(day),
            recorded_by: at.recorded_by,
        };
        let at_now = day >= self.today() && at.recorded_by.is_none();
        let activities = self
            .activities_in(year, if at_now { Situation::NOW } else { cut })
            .await?;
        if activities.is_empty() {
            return Err(AppError::NotFound(text!("annual-no-plan", year = y)));
        }
        let days = self.calendars.working_days([y])?;
        let rows: Vec<ProgressInput> = activities
            .iter()
            .map(|a| {
                let units = a
                    .plan
                    .as_ref()
                    .map(|p| self.units_of(p))
                    .unwrap_or_default();
                let unit_names = units
                    .iter()
                    .map(|u| {
                        self.directory()
                            .get(u)
                            .map_or_else(|| u.to_string(), |s| s.name.clone())
                    })
                    .collect();
                ProgressInput {
                    activity: a,
                    deadline: a.plan.as_ref().and_then(|p| p.deadline(year, &days)),
                    units,
                    unit_names,
                }
            })
            .filter(|r| who.sees(&r.units))
            .collect();
        Ok(ProgressReport::new(y, quarter.value(), day, &rows))
    }

    /// The progress today of the plan of the current year, else of the
    /// latest earlier plan, else of the first later one; `None` when no plan
    /// is recorded.
    pub async fn current_progress(&self, who: &Actor) -> Result<Option<ProgressReport>, AppError> {
        self.require(who, Action::ReadProgress)?;
        let years: Vec<Year> = projections::scopes(&self.db, Activity::TYPE)
            .await?
            .iter()
            .filter_map(|y| Year::parse(y).ok())
            .collect();
        let this_year = self.today().year();
        let Some(year) = years
            .iter()
            .find(|y| y.value() == this_year)
            .or_else(|| years.iter().filter(|y| y.value() < this_year).max())
            .or_else(|| years.iter().min())
        else {
            return Ok(None);
        };
        self.progress_report(*year, None, Situation::NOW, who)
            .await
            .map(Some)
    }
}

impl App {
    /// The CPS, or a focal point of a unit responsible for the activity.
    async fn require_unit_of(&self, id: &ActivityRef, who: &Actor) -> Result<(), AppError> {
        let activity = projections::view::<Activity>(&self.db, &id.aggregate_id()).await?;
        let units = activity
            .as_ref()
            .and_then(|a| a.plan.as_ref())
            .map(|p| self.units_of(p))
            .unwrap_or_default();
        self.require(who, Action::RecordProgress(&units))
    }
}
