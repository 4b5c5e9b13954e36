//! The year as it is followed: the plan laid out as the report prints it,
//! and its progress on a day, on screen or as CSV or JSON; and the words
//! the pages share with them.

use super::{json, laid_out, Format};
use crate::report::plan::PlanReport;
use crate::report::progress::ProgressReport;
use crate::report::tables;
use crate::text;
use crate::text::{Arg, Lang, Text};

/// The plan with its chronogramme and total.
pub fn plan(r: &PlanReport, format: Format, lang: Lang) -> String {
    laid_out(r, || tables::plan(r), format, lang)
}

/// The progress of a plan on a day, late activities first; on a terminal,
/// its counts by objective and by unit follow.
pub fn progress(r: &ProgressReport, format: Format, lang: Lang) -> String {
    match format {
        Format::Table => [
            tables::progress(r),
            tables::progress_totals(r, "col-objectives", &r.by_objective),
            tables::progress_totals(r, "col-unit", &r.by_unit),
        ]
        .iter()
        .map(|t| t.terminal(lang))
        .collect::<Vec<_>>()
        .join("\n\n"),
        Format::Json | Format::Xlsx => json(r),
        Format::Csv => laid_out(r, || tables::progress(r), format, lang),
    }
}

/// The months as a cell shows them, by name: « janvier à mars, juin »,
/// followed by « (estimés) » when worked out.
pub fn months_shown(months: &[u8], estimated: bool, lang: Lang) -> String {
    let name = |m: u8| Text::new(format!("month-{m}")).render(lang);
    let written = ranges(months)
        .into_iter()
        .map(|(start, end)| {
            if start == end {
                name(start)
            } else {
                text!("months-range", from = name(start), to = name(end)).render(lang)
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    if estimated && !written.is_empty() {
        text!("months-estimated", months = written).render(lang)
    } else {
        written
    }
}

/// « Avancement du plan d'action Y, trimestre Q, au JJ/MM/AAAA ».
pub fn progress_title(r: &ProgressReport, lang: Lang) -> String {
    text!(
        "progress-title",
        year = r.year,
        quarter = u32::from(r.quarter),
        day = Arg::Date(r.as_of)
    )
    .render(lang)
}

/// Runs of consecutive months: `[1, 2, 3, 6]` is 1 to 3, then 6.
fn ranges(months: &[u8]) -> Vec<(u8, u8)> {
    let mut out: Vec<(u8, u8)> = Vec::new();
    for &m in months {
        match out.last_mut() {
            Some((_, end)) if *end + 1 == m => *end = m,
            _ => out.push((m, m)),
        }
    }
    out
}
