//! The yearly report's own content, recorded as events: its narrative
//! sections, in Markdown, each with its history; the activities carried out
//! without being planned; the annex tables (equipment, staff, meetings, BSI
//! projects); the reference figures of a year suivi has no snapshot of.

use std::path::Path;

use serde::Serialize;

use super::refusals::{bad_value, unknown_code};
use super::{App, AppError, Changed, Commit, ImportOutcome, Situation};
use crate::domain::access::{Action, Actor};
use crate::domain::annex::{AnnexCommand, AnnexKind, ReportAnnex};
use crate::domain::reference::{Rate, ReferenceCommand, ReferenceFigures};
use crate::domain::report::{
    ReportSection, ReportSectionCommand, SectionKey, UnplannedActivity, UnplannedCommand,
};
use crate::domain::types::{Code, Year};
use crate::import::{self, Table};
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
        if markdown.contains(['\u{fffe}', '\u{ffff}']) {
            return Err(AppError::bad(crate::text::Text::new("text-noncharacter")));
        }
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
    /// not, in a situation (a text takes effect when it is written).
    pub async fn report_sections(
        &self,
        year: Year,
        at: Situation,
        who: &Actor,
    ) -> Result<Vec<SectionText>, AppError> {
        self.require(who, Action::ReadTables)?;
        let written: Vec<ReportSection> = if at.is_now() {
            projections::views::<ReportSection>(&self.db, &year.to_string()).await?
        } else {
            as_of::states_as_of::<ReportSection>(&self.db, &format!("{year}/"), false, at.cut())
                .await?
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

    /// One section of `year`'s report in a situation.
    pub async fn report_section(
        &self,
        year: Year,
        key: &str,
        at: Situation,
        who: &Actor,
    ) -> Result<SectionText, AppError> {
        let key: SectionKey = key.parse().map_err(|e| unknown_code("section", &e))?;
        let all = self.report_sections(year, at, who).await?;
        Ok(all
            .into_iter()
            .find(|s| s.key == key)
            .expect("every key is listed"))
    }

    /// Imports one annex table of `year` (`kind`: inventaire, personnel,
    /// reunions, projets_bsi) from a CSV or XLSX file; it replaces the
    /// previous import, and the same rows again record nothing.
    pub async fn import_annex(
        &self,
        path: &Path,
        year: Year,
        kind: &str,
        who: &Actor,
    ) -> Result<(AnnexKind, ImportOutcome), AppError> {
        self.require(who, Action::Record)?;
        let kind: AnnexKind = kind.parse().map_err(|e| unknown_code("kind", &e))?;
        let table = Table::read(path)?;
        let outcome = self
            .import_annex_table(&table, year, kind, who, Commit::Always)
            .await?;
        Ok((kind, outcome))
    }

    /// Imports an annex table read from a file, as `commit` allows.
    pub(super) async fn import_annex_table(
        &self,
        table: &Table,
        year: Year,
        kind: AnnexKind,
        who: &Actor,
        commit: Commit<'_>,
    ) -> Result<ImportOutcome, AppError> {
        self.require(who, Action::Record)?;
        let rows = import::annex::parse(table, kind)?;
        let count = rows.len();
        let id = ReportAnnex::aggregate_id(year, kind);
        let file = table.file.clone();
        let (written, wrote) = self
            .run_if::<ReportAnnex>(
                vec![(id, AnnexCommand::Import { year, rows })],
                &(),
                who,
                |_| file.clone(),
                commit,
            )
            .await?;
        Ok(ImportOutcome {
            rows: count,
            events: written.events,
            fingerprint: written.fingerprint,
            written: wrote,
        })
    }

    /// The annex tables of `year` imported so far.
    pub async fn annexes(&self, year: Year, who: &Actor) -> Result<Vec<ReportAnnex>, AppError> {
        self.require(who, Action::ReadTables)?;
        Ok(projections::views::<ReportAnnex>(&self.db, &year.to_string()).await?)
    }

    /// Records the figures of `year` as an earlier report gives them
    /// (`64,71`), for the comparison when suivi has no snapshot of that year.
    pub async fn record_reference_figures(
        &self,
        year: Year,
        execution_rate: Option<&str>,
        financial_rate: Option<&str>,
        source: String,
        who: &Actor,
    ) -> Result<Changed<ReferenceFigures>, AppError> {
        self.require(who, Action::Record)?;
        super::refusals::bounded("source", Some(&source))?;
        let rate = |field: &'static str, value: Option<&str>| {
            value
                .map(|v| v.parse::<Rate>().map_err(|e| bad_value(field, &e)))
                .transpose()
        };
        let command = ReferenceCommand::Record {
            year,
            execution_rate: rate("execution_rate", execution_rate)?,
            financial_rate: rate("financial_rate", financial_rate)?,
            source,
        };
        let id = ReferenceFigures::aggregate_id(year);
        self.run_one::<ReferenceFigures>(id.clone(), id, command, &(), who)
            .await
    }

    /// The reference figures recorded for `year`, if any.
    pub async fn reference_figures(
        &self,
        year: Year,
        who: &Actor,
    ) -> Result<Option<ReferenceFigures>, AppError> {
        self.require(who, Action::ReadTables)?;
        Ok(
            projections::view::<ReferenceFigures>(&self.db, &ReferenceFigures::aggregate_id(year))
                .await?,
        )
    }

    /// Every version of a section of `year`'s report, the oldest first,
    /// with who wrote it, when and why.
    pub async fn report_section_history(
        &self,
        year: Year,
        key: &str,
        who: &Actor,
    ) -> Result<Vec<crate::projections::history::SectionVersion>, AppError> {
        self.require(who, Action::ReadTables)?;
        let key: SectionKey = key.parse().map_err(|e| unknown_code("section", &e))?;
        let id = ReportSection::aggregate_id(year, key);
        Ok(crate::projections::history::section_versions(&self.db, &id).await?)
    }
}
