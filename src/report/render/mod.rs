//! Renders the report's tables on a terminal, as CSV, or as JSON. The
//! tables are built once (`tables.rs`) and laid out by the table model's
//! writers; JSON is the read model itself. The plan and its progress are in
//! `follow_up`.

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement};
use serde::Serialize;

mod follow_up;

pub use super::tables::month_mark;
pub use follow_up::{months_shown, plan, progress, progress_title};

use super::table::Table;
use super::{tables, ActivitiesReport, FinancesReport, RecommendationsReport};
use crate::text::Lang;

crate::codes! {
    /// How a table is written.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub enum Format {
        #[default]
        Table => "table",
        Csv => "csv",
        Json => "json",
        /// An Excel workbook; needs an output file.
        Xlsx => "xlsx",
    }
}

/// A terminal table with these headers (catalogue ids), for the lists that
/// are not report tables (reminders, histories, sections).
pub fn new_table(lang: Lang, headers: &[&str]) -> comfy_table::Table {
    let mut t = comfy_table::Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(160)
        .set_header(headers.iter().map(|h| lang.t(h)).collect::<Vec<_>>());
    t
}

pub fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("reports serialize to JSON")
}

/// Writes a report in `format`: its table laid out, or its read model as JSON.
fn laid_out<T: Serialize>(
    model: &T,
    table: impl FnOnce() -> Table,
    format: Format,
    lang: Lang,
) -> String {
    match format {
        Format::Json | Format::Xlsx => json(model),
        Format::Csv => table().csv(lang),
        Format::Table => table().terminal(lang),
    }
}

/// Tableau 3, with its follow-up columns when the report has them.
pub fn activities(r: &ActivitiesReport, format: Format, lang: Lang) -> String {
    laid_out(r, || tables::activities(r, r.costs.is_some()), format, lang)
}

/// Tableau 4, with the deadlines.
pub fn recommendations(r: &RecommendationsReport, format: Format, lang: Lang) -> String {
    laid_out(r, || tables::recommendations(r, true), format, lang)
}

/// The sector's projects in a year.
pub fn projects(r: &super::projects::Portfolio, format: Format, lang: Lang) -> String {
    laid_out(r, || super::projects::table(r), format, lang)
}

/// A project's sheet: on a terminal, what it is, then its figures and its
/// quarters; as CSV, its figures (one table a file).
pub fn project_sheet(r: &super::project_sheet::ProjectSheet, format: Format, lang: Lang) -> String {
    match format {
        Format::Table => {
            let mut out = vec![format!("{} – {}", r.code, r.title)];
            out.extend(r.description().iter().map(|t| t.render(lang)));
            out.push(String::new());
            out.push(r.figures_table().terminal(lang));
            out.push(r.quarters_table().terminal(lang));
            out.join("\n")
        }
        _ => laid_out(r, || r.figures_table(), format, lang),
    }
}

/// The sector's plan of a year, compiled.
pub fn sector_plan(r: &super::sector::SectorPlanReport, format: Format, lang: Lang) -> String {
    laid_out(r, || super::sector::table(r), format, lang)
}

/// The sector's plan at the end of a quarter.
pub fn sector_progress(
    r: &super::sector_progress::SectorProgressReport,
    format: Format,
    lang: Lang,
) -> String {
    laid_out(r, || super::sector_progress::table(r), format, lang)
}

/// A ministry's revue des projets: its projects' table.
pub fn project_revue(
    r: &super::project_revue::ProjectRevueReport,
    format: Format,
    lang: Lang,
) -> String {
    laid_out(r, || super::project_revue::table(r), format, lang)
}

/// The financial execution.
pub fn finances(r: &FinancesReport, format: Format, lang: Lang) -> String {
    laid_out(r, || tables::finances(r), format, lang)
}
