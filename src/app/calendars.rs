//! The calendrier harmonisé kept by the CPS: the shipped calendar file of a
//! year gives its first deadlines; each deadline set or taken out in the
//! pages since is an event with its author (its date's source, or « estimé »
//! said), and the calendar in use is the file with those changes.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

use super::{App, AppError, Changed};
use crate::config::calendar::CalendarDeadline;
use crate::domain::access::{Action, Actor};
use crate::domain::deadline::{Deadline, DeadlineCommand, DeadlineDefinition};
use crate::domain::types::Year;
use crate::projections;
use crate::store::Db;
use crate::text;

/// The deadlines set or taken out in the pages, by reference (`2027/pta_cps`).
pub(super) type RecordedCalendar = BTreeMap<String, Deadline>;

pub(super) async fn recorded(db: &Db) -> Result<RecordedCalendar, AppError> {
    Ok(projections::all::<Deadline>(db)
        .await?
        .into_iter()
        .filter(|d| d.definition.is_some() || d.dropped.is_some())
        .filter_map(|d| Some((d.reference.clone()?, d)))
        .collect())
}

/// A deadline as typed in the calendar's form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeadlineInput {
    /// Its id in the year's calendar (`pta_secteur`); a new id adds one.
    pub id: String,
    pub label: String,
    pub from: Option<NaiveDate>,
    pub date: Option<NaiveDate>,
    /// The structures, as the documents write them.
    pub structures: String,
    pub source: String,
    pub estimated: bool,
}

fn deadline_of(year: i32, id: &str, d: &DeadlineDefinition) -> CalendarDeadline {
    CalendarDeadline {
        year,
        id: id.to_string(),
        label: d.label.clone(),
        from: d.from,
        date: d.date,
        revue_step: d.revue_step.clone(),
        revue_number: d.revue_number,
        structures: d.structures.clone(),
        source: d.source.clone(),
        estimated: d.estimated,
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 60
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl App {
    /// The calendar of `year` in use: the file's deadlines with the changes
    /// recorded since; none when there is neither.
    pub(super) fn calendar_deadlines(
        &self,
        year: i32,
    ) -> Result<Option<Vec<CalendarDeadline>>, AppError> {
        let file = self.calendars.deadlines(year, &self.directory())?;
        let recorded = self
            .recorded_calendar
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        let prefix = format!("{year}/");
        let changes: Vec<(&str, &Deadline)> = recorded
            .iter()
            .filter_map(|(reference, d)| Some((reference.strip_prefix(&prefix)?, d)))
            .collect();
        if file.is_none() && changes.is_empty() {
            return Ok(None);
        }
        let mut deadlines = file.unwrap_or_default();
        for (id, d) in changes {
            deadlines.retain(|c| c.id != id);
            if let (Some(definition), None) = (&d.definition, &d.dropped) {
                deadlines.push(deadline_of(year, id, definition));
            }
        }
        deadlines.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
        Ok(Some(deadlines))
    }

    /// Sets a deadline of the calendar of `year` (this year or a later
    /// one): its label, dates, structures and the source of its date, or
    /// « estimé ». A deadline of the file keeps its revue step.
    pub async fn define_deadline(
        &self,
        year: Year,
        input: DeadlineInput,
        who: &Actor,
    ) -> Result<Changed<Deadline>, AppError> {
        self.require(who, Action::Record)?;
        let year = self.calendar_year_open(year)?;
        let id = input.id.trim();
        if !valid_id(id) {
            return Err(AppError::bad_field(
                "id",
                text!("deadline-id-invalid", id = id),
            ));
        }
        for (field, value) in [("label", &input.label), ("source", &input.source)] {
            super::refusals::bounded(field, Some(value))?;
        }
        let date = input
            .date
            .ok_or_else(|| AppError::bad_field("date", text!("date-invalid", value = "")))?;
        let structures = self
            .directory()
            .resolve_list(&input.structures)
            .map_err(|e| AppError::bad_field("structures", e.text()))?;
        let reference = format!("{year}/{id}");
        // The revue step it stands for, as last recorded (even if taken out
        // since) or as the file says; none for a new deadline.
        let recorded = self
            .recorded_calendar
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(&reference)
            .and_then(|d| d.definition.clone())
            .map(|d| (d.revue_step, d.revue_number));
        let (revue_step, revue_number) = match recorded {
            Some(step) => step,
            None => self
                .calendars
                .deadlines(year, &self.directory())?
                .unwrap_or_default()
                .into_iter()
                .find(|d| d.id == id)
                .map_or((None, 1), |d| (d.revue_step, d.revue_number)),
        };
        let definition = DeadlineDefinition {
            label: input.label,
            from: input.from,
            date,
            revue_step,
            revue_number,
            structures,
            source: Some(input.source),
            estimated: input.estimated,
        };
        // Refusals name it by its label, as the calendar shows it.
        let subject = definition.label.trim().to_string();
        let command = DeadlineCommand::Define {
            reference: reference.clone(),
            definition,
        };
        let changed = self
            .run_one::<Deadline>(reference, subject, command, &(), who)
            .await?;
        self.after_recorded().await;
        Ok(changed)
    }

    /// Takes a deadline out of the calendar of `year`, with the reason.
    pub async fn drop_deadline(
        &self,
        year: Year,
        id: &str,
        reason: &str,
        who: &Actor,
    ) -> Result<Changed<Deadline>, AppError> {
        self.require(who, Action::Record)?;
        let year = self.calendar_year_open(year)?;
        super::refusals::bounded("reason", Some(reason))?;
        let deadlines = self.calendar_deadlines(year)?.unwrap_or_default();
        let Some(label) = deadlines
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.label.clone())
        else {
            let ids: Vec<&str> = deadlines.iter().map(|d| d.id.as_str()).collect();
            return Err(AppError::NotFound(text!(
                "deadline-unknown",
                id = id,
                year = year,
                known = ids.join(", ")
            )));
        };
        let reference = format!("{year}/{id}");
        let command = DeadlineCommand::Drop {
            reference: reference.clone(),
            reason: reason.to_string(),
        };
        let changed = self
            .run_one::<Deadline>(reference, label, command, &(), who)
            .await?;
        self.after_recorded().await;
        Ok(changed)
    }

    /// Whether the calendar of `year` may still change: this year's and
    /// the years after.
    pub fn calendar_open(&self, year: Year) -> bool {
        year.value() >= self.today().year()
    }

    fn calendar_year_open(&self, year: Year) -> Result<i32, AppError> {
        if !self.calendar_open(year) {
            return Err(AppError::refused(
                None,
                text!("deadline-year-past", year = year.value()),
            ));
        }
        Ok(year.value())
    }

    /// After a change is committed: reads again what was recorded, and
    /// says in the log, without failing the change, when that fails (the
    /// next scheduling pass reads it again).
    pub(super) async fn after_recorded(&self) {
        if let Err(e) = self.refresh_recorded().await {
            tracing::warn!(error = %e.detail(), "the directory and calendars could not be read again");
        }
    }

    /// Reads again what was recorded over the shipped files: the directory
    /// and the calendars, changed by this process or another; nothing to
    /// read while the log's head has not moved since the last reading.
    pub(super) async fn refresh_recorded(&self) -> Result<(), AppError> {
        // One refresh at a time: an older reading never replaces a newer one.
        let mut read_at = self.refreshing.lock().await;
        // The head first: what is written after it is read next time.
        let head = self.db.head_position().await?;
        if head == *read_at {
            return Ok(());
        }
        self.refresh_directory().await?;
        let calendar = recorded(&self.db).await?;
        *self
            .recorded_calendar
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(calendar);
        *read_at = head;
        Ok(())
    }
}
