//! The yearly report's own content, recorded as events: its narrative
//! sections, in Markdown, each with its history.

use chrono::NaiveDate;
use serde::Serialize;

use super::refusals::unknown_code;
use super::{App, AppError, Changed};
use crate::clock;
use crate::domain::access::{Action, Actor};
use crate::domain::report::{
    ReportSection, ReportSectionCommand, SectionKey, UnplannedActivity, UnplannedCommand,
};
use crate::domain::types::{Code, Year};
use crate::projections::{self, as_of};

/// One section of a year's report: its text, or none yet (the document then
/// shows a visible placeholder).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SectionText {
    pub key: SectionKey,
    pub markdown: Option<String>,
    /// How many versions were written (0: not written yet).
    pub versions: u32,
}

impl App {
    /// Records an activity carried out in `year` without being in its plan;
    /// it is numbered after the year's others. Returns it.
    pub async fn add_unplanned_activity(
        &self,
        year: Year,
        title: String,
        period: Option<String>,
        observation: Option<String>,
        who: &Actor,
    ) -> Result<UnplannedActivity, AppError> {
        self.require(who, Action::Record)?;
        super::refusals::bounded("title", Some(&title))?;
        super::refusals::bounded("period", period.as_deref())?;
        super::refusals::bounded("observation", observation.as_deref())?;
        let number = self.unplanned_activities(year, who).await?.len() as u32 + 1;
        let id = UnplannedActivity::aggregate_id(year, number);
        let command = UnplannedCommand::Record {
            year,
            number,
            title,
            period,
            observation,
        };
        let changed = self
            .run_one::<UnplannedActivity>(id.clone(), id, command, &(), who)
            .await?;
        Ok(changed.state)
    }

    /// The activities of `year` carried out without being planned, in order.
    pub async fn unplanned_activities(
        &self,
        year: Year,
        who: &Actor,
    ) -> Result<Vec<UnplannedActivity>, AppError> {
        self.require(who, Action::ReadTables)?;
        let mut list = projections::views::<UnplannedActivity>(&self.db, &year.to_string()).await?;
        list.sort_by_key(|a| a.number);
        Ok(list)
    }

    /// Writes a section of `year`'s report (`key`: introduction, missions…);
    /// the same text again records nothing.
    pub async fn set_report_section(
        &self,
        year: Year,
        key: &str,
        markdown: String,
        who: &Actor,
    ) -> Result<Changed<ReportSection>, AppError> {
        self.require(who, Action::Record)?;
        let key: SectionKey = key.parse().map_err(|e| unknown_code("section", &e))?;
        let id = ReportSection::aggregate_id(year, key);
        let command = ReportSectionCommand::Write {
            year,
            key,
            markdown,
        };
        self.run_one::<ReportSection>(id.clone(), id, command, &(), who)
            .await
    }

    /// Every section of `year`'s report in the document's order, written or
    /// not, now or at the end of `as_of`.
    pub async fn report_sections(
        &self,
        year: Year,
        as_of: Option<NaiveDate>,
        who: &Actor,
    ) -> Result<Vec<SectionText>, AppError> {
        self.require(who, Action::ReadTables)?;
        let written: Vec<ReportSection> = match as_of {
            Some(day) => {
                as_of::states_as_of::<ReportSection>(
                    &self.db,
                    &format!("{year}/"),
                    false,
                    clock::end_of_day(day),
                )
                .await?
            }
            None => projections::views::<ReportSection>(&self.db, &year.to_string()).await?,
        };
        Ok(SectionKey::ALL
            .iter()
            .map(|&key| {
                let found = written.iter().find(|s| s.key == Some(key));
                SectionText {
                    key,
                    markdown: found.map(|s| s.markdown.clone()),
                    versions: found.map_or(0, |s| s.versions),
                }
            })
            .collect())
    }

    /// One section of `year`'s report, now or at the end of `as_of`.
    pub async fn report_section(
        &self,
        year: Year,
        key: &str,
        as_of: Option<NaiveDate>,
        who: &Actor,
    ) -> Result<SectionText, AppError> {
        let key: SectionKey = key.parse().map_err(|e| unknown_code("section", &e))?;
        let all = self.report_sections(year, as_of, who).await?;
        Ok(all
            .into_iter()
            .find(|s| s.key == key)
            .expect("every key is listed"))
    }
}
