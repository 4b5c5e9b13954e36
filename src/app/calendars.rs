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
        let existing = self
            .calendar_deadlines(year)?
            .unwrap_or_default()
            .into_iter()
            .find(|d| d.id == id);
        let definition = DeadlineDefinition {
            label: input.label,
            from: input.from,
            date,
            revue_step: existing.as_ref().and_then(|d| d.revue_step.clone()),
            revue_number: existing.as_ref().map_or(1, |d| d.revue_number),
            structures,
            source: Some(input.source),
            estimated: input.estimated,
        };
        let reference = format!("{year}/{id}");
        let command = DeadlineCommand::Define {
            reference: reference.clone(),
            definition,
        };
        let changed = self
            .run_one::<Deadline>(reference.clone(), reference, command, &(), who)
            .await?;
        self.refresh_recorded().await?;
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
        let ids: Vec<String> = self
            .calendar_deadlines(year)?
            .unwrap_or_default()
            .into_iter()
            .map(|d| d.id)
            .collect();
        if !ids.iter().any(|known| known == id) {
            return Err(AppError::NotFound(text!(
                "deadline-unknown",
                id = id,
                year = year,
                known = ids.join(", ")
            )));
        }
        let reference = format!("{year}/{id}");
        let command = DeadlineCommand::Drop {
            reference: reference.clone(),
            reason: reason.to_string(),
        };
        let changed = self
            .run_one::<Deadline>(reference.clone(), reference, command, &(), who)
            .await?;
        self.refresh_recorded().await?;
        Ok(changed)
    }

    /// A calendar changes in the pages for this year and the years after.
    fn calendar_year_open(&self, year: Year) -> Result<i32, AppError> {
        let year = year.value();
        if year < self.today().year() {
            return Err(AppError::refused(
                None,
                text!("deadline-year-past", year = year),
            ));
        }
        Ok(year)
    }

    /// Reads again what was recorded over the shipped files: the directory
    /// and the calendars, changed by this process or another.
    pub(super) async fn refresh_recorded(&self) -> Result<(), AppError> {
        self.refresh_directory().await?;
        let calendar = recorded(&self.db).await?;
        *self
            .recorded_calendar
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(calendar);
        Ok(())
    }
}
