//! Excel workbooks of the report's tables: one sheet per table, headers and
//! column widths like the report's, amounts as numbers (grouped by
//! thousands), rates as percentages, and the as-of date and chain head in a
//! note under each table and in the printed footer.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, Formula, Workbook,
    Worksheet, XlsxError,
};

use super::plan::PlanReport;
use super::progress::ProgressReport;
use super::{
    printable, tables, ActivitiesReport, FinancesReport, Provenance, RecommendationsReport,
};
use crate::text;
use crate::text::{Arg, Lang};

struct Styles {
    header: Format,
    text: Format,
    amount: Format,
    percent: Format,
    note: Format,
}

fn styles() -> Styles {
    Styles {
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color("#D9E1F2")
            .set_border(FormatBorder::Thin),
        text: Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin),
        amount: Format::new()
            .set_num_format("#,##0")
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin),
        percent: Format::new().set_num_format("0.00%").set_bold(),
        note: Format::new().set_italic().set_font_color("#555555"),
    }
}

/// What a table rests on, in words: the day it shows (by the dates of the
/// facts), the day the log was read up to when asked, and the last event.
fn provenance_texts(p: &Provenance, lang: Lang) -> (String, String) {
    let day = p.as_of.date_naive();
    let situation = match (p.past_day, &p.recorded_by) {
        (false, _) => text!(
            "provenance-now",
            day = Arg::Date(day),
            time = p.as_of.format("%H:%M").to_string()
        ),
        (true, None) => text!("provenance-as-of", day = Arg::Date(day)),
        (true, Some(read)) => text!(
            "provenance-recorded-by",
            day = Arg::Date(day),
            read = Arg::Date(read.date_naive())
        ),
    };
    let log = text!(
        "provenance-log",
        position = p.head.position,
        hash = p.head.hash.get(..12).unwrap_or(&p.head.hash)
    );
    (situation.render(lang), log.render(lang))
}

fn provenance_note(
    ws: &mut Worksheet,
    row: u32,
    p: &Provenance,
    s: &Styles,
    lang: Lang,
) -> Result<(), XlsxError> {
    let (situation, log) = provenance_texts(p, lang);
    ws.write_string_with_format(row, 0, printable(&situation), &s.note)?;
    ws.write_string_with_format(row + 1, 0, printable(&log), &s.note)?;
    Ok(())
}

/// Writes a table on a sheet of its own: its title, its headers and
/// widths, its cells typed (amounts and counts as numbers grouped by
/// thousands, rates as percentages, an estimate marked with « * »), its
/// totals in bold, its notes, and what it rests on.
pub fn add_table(
    wb: &mut Workbook,
    t: &crate::report::table::Table,
    lang: Lang,
    p: &Provenance,
) -> Result<(), XlsxError> {
    use crate::report::table::{RowKind, Value};
    let s = styles();
    let ws = wb.add_worksheet();
    // Sheet names are at most 31 characters.
    ws.set_name(t.sheet.render(lang).chars().take(31).collect::<String>())?;
    ws.write_string_with_format(
        0,
        0,
        printable(&t.title.render(lang)),
        &Format::new().set_bold().set_font_size(12),
    )?;
    for (c, column) in t.columns.iter().enumerate() {
        ws.set_column_width(c as u16, column.width)?;
        ws.write_string_with_format(
            2,
            c as u16,
            printable(&column.header.render(lang)),
            &s.header,
        )?;
    }
    ws.set_freeze_panes(3, 0)?;
    ws.set_landscape();
    let (as_of, head) = provenance_texts(p, lang);
    ws.set_footer(format!("&L{as_of}&R{head}"));
    let mut row = 3u32;
    for r in &t.rows {
        let mut col = 0u16;
        for c in &r.cells {
            let mut text_format = s.text.clone();
            let mut number_format = s.amount.clone();
            if c.bold || r.kind != RowKind::Line {
                text_format = text_format.set_bold();
                number_format = number_format.set_bold();
            }
            if c.shaded {
                text_format = text_format
                    .set_background_color("#14532D")
                    .set_font_color("#FFFFFF");
            }
            if c.estimated {
                number_format = number_format.set_num_format("#,##0\" *\"").set_italic();
            }
            if matches!(c.value, Value::Mark(_)) {
                text_format = text_format.set_align(FormatAlign::Center);
            }
            if c.span > 1 {
                let last = col + c.span - 1;
                ws.merge_range(row, col, row, last, &c.shown(lang), &text_format)?;
                col = last + 1;
                continue;
            }
            match &c.value {
                Value::Amount(n) => {
                    ws.write_number_with_format(row, col, *n as f64, &number_format)?;
                }
                Value::Count(n) => {
                    ws.write_number_with_format(row, col, *n as f64, &text_format)?;
                }
                Value::Percent(Some(rate)) => {
                    ws.write_number_with_format(row, col, rate / 100.0, &s.percent)?;
                }
                Value::Empty | Value::Percent(None) => {
                    ws.write_blank(row, col, &text_format)?;
                }
                _ => {
                    ws.write_string_with_format(row, col, printable(&c.shown(lang)), &text_format)?;
                }
            }
            col += 1;
        }
        row += 1;
    }
    row += 1;
    for n in &t.notes {
        ws.write_string_with_format(row, 0, printable(&n.render(lang)), &s.note)?;
        row += 1;
    }
    provenance_note(ws, row + 1, p, &s, lang)
}

/// Tableau 3, with its follow-up columns when the report has them.
pub fn add_activities(
    wb: &mut Workbook,
    r: &ActivitiesReport,
    lang: Lang,
    p: &Provenance,
) -> Result<(), XlsxError> {
    add_table(wb, &tables::activities(r, r.costs.is_some()), lang, p)
}

/// Tableau 4, with the deadlines.
pub fn add_recommendations(
    wb: &mut Workbook,
    r: &RecommendationsReport,
    lang: Lang,
    p: &Provenance,
) -> Result<(), XlsxError> {
    add_table(wb, &tables::recommendations(r, true), lang, p)
}

/// The sector's projects in a year.
pub fn add_projects(
    wb: &mut Workbook,
    r: &crate::report::projects::Portfolio,
    lang: Lang,
    p: &Provenance,
) -> Result<(), XlsxError> {
    add_table(wb, &crate::report::projects::table(r), lang, p)
}

/// A project's sheet: its figures, then its quarters.
pub fn add_project_sheet(
    wb: &mut Workbook,
    r: &crate::report::project_sheet::ProjectSheet,
    lang: Lang,
    p: &Provenance,
) -> Result<(), XlsxError> {
    add_table(wb, &r.figures_table(), lang, p)?;
    add_table(wb, &r.quarters_table(), lang, p)
}

/// The sector's plan of a year, compiled.
pub fn add_sector_plan(
    wb: &mut Workbook,
    r: &crate::report::sector::SectorPlanReport,
    lang: Lang,
    p: &Provenance,
) -> Result<(), XlsxError> {
    add_table(wb, &crate::report::sector::table(r), lang, p)
}

/// The sector's plan at the end of a quarter.
pub fn add_sector_progress(
    wb: &mut Workbook,
    r: &crate::report::sector_progress::SectorProgressReport,
    lang: Lang,
    p: &Provenance,
) -> Result<(), XlsxError> {
    add_table(wb, &crate::report::sector_progress::table(r), lang, p)
}

/// A ministry's revue des projets: its projects' table.
pub fn add_project_revue(
    wb: &mut Workbook,
    r: &crate::report::project_revue::ProjectRevueReport,
    lang: Lang,
    p: &Provenance,
) -> Result<(), XlsxError> {
    add_table(wb, &crate::report::project_revue::table(r), lang, p)
}

/// The financial execution.
pub fn add_finances(
    wb: &mut Workbook,
    r: &FinancesReport,
    lang: Lang,
    p: &Provenance,
) -> Result<(), XlsxError> {
    add_table(wb, &tables::finances(r), lang, p)
}

/// The plan with its chronogramme.
pub fn add_plan(
    wb: &mut Workbook,
    r: &PlanReport,
    lang: Lang,
    p: &Provenance,
) -> Result<(), XlsxError> {
    add_table(wb, &tables::plan(r), lang, p)
}

/// The progress of a plan on a day, then its counts by objective and by
/// unit, each on a sheet of its own.
pub fn add_progress(
    wb: &mut Workbook,
    r: &ProgressReport,
    lang: Lang,
    p: &Provenance,
) -> Result<(), XlsxError> {
    add_table(wb, &tables::progress(r), lang, p)?;
    let mut by_objective = tables::progress_totals(r, "col-objectives", &r.by_objective);
    by_objective.sheet = text!("sheet-progress-objectives", year = r.year);
    add_table(wb, &by_objective, lang, p)?;
    let mut by_unit = tables::progress_totals(r, "col-unit", &r.by_unit);
    by_unit.sheet = text!("sheet-progress-units", year = r.year);
    add_table(wb, &by_unit, lang, p)
}

/// The canevas a structure fills for the sector's plan: the CPS plan's
/// columns as the import reads them, a structure column, the activities it
/// proposed already (if any), and a sheet of instructions.
pub fn add_canevas(
    wb: &mut Workbook,
    sheet: &crate::report::sector_sheets::ProposalSheet,
    lang: Lang,
) -> Result<(), XlsxError> {
    const HEADERS: [&str; 10] = [
        "Objectif",
        "Résultat",
        "Activité",
        "Indicateur",
        "Cible",
        "Budget",
        "Source",
        "Mois",
        "Responsable",
        "Structure",
    ];
    let bold = Format::new().set_bold().set_border(FormatBorder::Thin);
    let ws = wb.add_worksheet();
    ws.set_name(format!("Canevas {}", sheet.year))?;
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_with_format(0, c as u16, *h, &bold)?;
        ws.set_column_width(c as u16, if c < 4 { 36 } else { 14 })?;
    }
    for (r, a) in sheet.activities.iter().enumerate() {
        let a = &a.activity;
        let months: Vec<String> = a.months.as_slice().iter().map(|m| m.to_string()).collect();
        let budget = match a.budget {
            crate::domain::types::Budget::Thousands(n) => n.to_string(),
            crate::domain::types::Budget::Pm => "PM".to_string(),
            crate::domain::types::Budget::Unspecified => String::new(),
        };
        let cells = [
            a.objective.as_str(),
            a.result.as_str(),
            a.title.as_str(),
            a.indicator.as_str(),
            a.target.as_str(),
            budget.as_str(),
            a.source.as_str(),
            &months.join(" "),
            a.responsible.as_str(),
            sheet.structure.as_str(),
        ];
        for (c, v) in cells.iter().enumerate() {
            ws.write(r as u32 + 1, c as u16, *v)?;
        }
    }
    if sheet.activities.is_empty() {
        ws.write(1, 9, sheet.structure.as_str())?;
    }
    let objectives_sheet = lang.t("canevas-objectives-sheet");
    if !sheet.objectives.is_empty() {
        // A list to choose from in the first column (a number typed
        // instead is accepted, with a warning only), from the objectives'
        // own sheet.
        let range = format!(
            "='{}'!$B$2:$B${}",
            objectives_sheet.replace('\'', "''"),
            sheet.objectives.len() + 1
        );
        let choose = DataValidation::new()
            .allow_list_formula(Formula::new(range))
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_message(lang.t("canevas-objective-warning"))?;
        ws.add_data_validation(1, 0, 1000, 0, &choose)?;
        let list = wb.add_worksheet();
        list.set_name(&objectives_sheet)?;
        list.set_column_width(0, 8)?;
        list.set_column_width(1, 60)?;
        list.set_column_width(2, 60)?;
        for (c, h) in ["col-number", "col-objective", "col-frame"]
            .iter()
            .enumerate()
        {
            list.write_with_format(0, c as u16, lang.t(h), &bold)?;
        }
        for (i, o) in sheet.objectives.iter().enumerate() {
            let row = i as u32 + 1;
            list.write(row, 0, row)?;
            list.write(row, 1, o.title.as_str())?;
            list.write(row, 2, o.frame.as_deref().unwrap_or_default())?;
        }
    }
    let notes = wb.add_worksheet();
    notes.set_name(lang.t("canevas-notes-sheet"))?;
    notes.set_column_width(0, 110)?;
    notes.write_with_format(
        0,
        0,
        text!(
            "canevas-notes-title",
            year = sheet.year,
            structure = sheet.structure.as_str()
        )
        .render(lang),
        &bold,
    )?;
    for (i, id) in [
        "canevas-note-objective",
        "canevas-note-budget",
        "canevas-note-months",
        "canevas-note-upload",
    ]
    .iter()
    .enumerate()
    {
        notes.write(i as u32 + 2, 0, lang.t(id))?;
    }
    Ok(())
}
