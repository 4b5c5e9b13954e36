//! Workbooks of the year as it is followed: the plan as the report prints
//! it, and its progress on a day.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::{provenance_note, sheet, styles, write_budget};
use crate::domain::types::Code;
use crate::report::plan::PlanReport;
use crate::report::progress::ProgressReport;
use crate::report::{render, Provenance};
use crate::text;
use crate::text::{label, Lang};

pub fn add_progress(
    wb: &mut Workbook,
    r: &ProgressReport,
    lang: Lang,
    p: &Provenance,
) -> Result<(), XlsxError> {
    let s = styles();
    let title = render::progress_title(r, lang);
    let headers = [
        ("col-code", 8.0),
        ("col-objectives", 30.0),
        ("col-activities", 45.0),
        ("col-responsible", 24.0),
        ("col-months", 12.0),
        ("col-deadline", 12.0),
        ("col-progress", 10.0),
        ("col-status", 14.0),
        ("col-late", 10.0),
    ];
    let name = text!("sheet-progress", year = r.year).render(lang);
    let ws = sheet(wb, &name, &title, &headers, &s, p, lang)?;
    let mut row = 3;
    for a in &r.activities {
        let months = render::months_shown(&a.months, a.months_estimated, lang);
        ws.write_string_with_format(row, 0, &a.code, &s.text)?;
        ws.write_string_with_format(row, 1, &a.objective, &s.text)?;
        ws.write_string_with_format(row, 2, &a.title, &s.text)?;
        ws.write_string_with_format(row, 3, a.responsible_shown(), &s.text)?;
        ws.write_string_with_format(row, 4, months, &s.text)?;
        ws.write_string_with_format(
            row,
            5,
            a.deadline
                .map(|d| text::short_date(d, lang))
                .unwrap_or_default(),
            &s.text,
        )?;
        ws.write_number_with_format(
            row,
            6,
            f64::from(a.percent) / 100.0,
            &s.text.clone().set_num_format("0%"),
        )?;
        ws.write_string_with_format(
            row,
            7,
            label(lang, "progress-status", a.status.code()),
            &s.text,
        )?;
        ws.write_string_with_format(
            row,
            8,
            if a.late {
                lang.t("progress-late-mark")
            } else {
                String::new()
            },
            &s.text,
        )?;
        row += 1;
    }
    row += 1;
    for (key, n) in [
        ("col-late", r.late),
        ("col-on-track", r.on_track),
        ("col-done", r.done),
        ("col-not-executed", r.not_executed),
    ] {
        ws.write_string(row, 2, lang.t(key))?;
        ws.write_number(row, 3, n as f64)?;
        row += 1;
    }
    provenance_note(ws, row + 1, p, &s, lang)
}

pub fn add_plan(
    wb: &mut Workbook,
    r: &PlanReport,
    lang: Lang,
    p: &Provenance,
) -> Result<(), XlsxError> {
    let s = styles();
    let title = text!("plan-title", year = r.year).render(lang);
    let mut headers: Vec<(&str, f64)> = vec![
        ("col-code", 8.0),
        ("col-objectives", 28.0),
        ("col-results", 28.0),
        ("col-activities", 40.0),
        ("col-indicators", 26.0),
        ("col-budget", 12.0),
    ];
    // The month letters are not catalogue ids: written below, after the headers.
    headers.extend(std::iter::repeat_n(("", 3.5), 12));
    headers.push(("col-responsible", 24.0));
    let name = text!("sheet-plan", year = r.year).render(lang);
    let ws = sheet(wb, &name, &title, &headers, &s, p, lang)?;
    for (k, letter) in crate::domain::types::MONTH_LETTERS.iter().enumerate() {
        ws.write_string_with_format(2, 6 + k as u16, *letter, &s.header)?;
    }
    let mut row = 3;
    for a in &r.activities {
        ws.write_string_with_format(row, 0, &a.code, &s.text)?;
        ws.write_string_with_format(row, 1, &a.objective, &s.text)?;
        ws.write_string_with_format(row, 2, &a.result, &s.text)?;
        ws.write_string_with_format(row, 3, &a.title, &s.text)?;
        ws.write_string_with_format(
            row,
            4,
            render::indicator_text(
                &a.indicator,
                a.target.as_deref(),
                a.achieved.as_deref(),
                lang,
            ),
            &s.text,
        )?;
        write_budget(ws, row, 5, &a.budget, &s)?;
        for m in 1..=12u8 {
            let mark = render::month_mark(&a.months, m, a.months_estimated);
            ws.write_string_with_format(row, 5 + u16::from(m), mark, &s.text)?;
        }
        ws.write_string_with_format(row, 18, &a.responsible, &s.text)?;
        row += 1;
    }
    ws.write_string_with_format(row, 3, lang.t("annual-plan-total"), &s.header)?;
    ws.write_number_with_format(row, 5, r.total as f64, &s.amount)?;
    if r.has_estimated_months() {
        ws.write_string_with_format(row + 1, 0, lang.t("plan-estimated-months"), &s.note)?;
    }
    provenance_note(ws, row + 3, p, &s, lang)
}
