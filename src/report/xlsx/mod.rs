//! Excel workbooks of the report's tables: one sheet per table, headers and
//! column widths like the report's, amounts as numbers (grouped by
//! thousands), rates as percentages, and the as-of date and chain head in a
//! note under each table and in the printed footer.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

mod follow_up;

pub use follow_up::{add_plan, add_progress};

use super::{ActivitiesReport, FinancesReport, Provenance, RecommendationsReport};
use crate::text;
use crate::text::{label, Lang};

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

/// `situation au 31/12/2023 23:59:59 (Africa/Bamako)` and `HASH@POSITION`.
fn provenance_texts(p: &Provenance, lang: Lang) -> (String, String) {
    let format = match lang {
        Lang::Fr => "%d/%m/%Y %H:%M:%S",
        Lang::En => "%Y-%m-%d %H:%M:%S",
    };
    let as_of = text!(
        "provenance-as-of",
        at = p.as_of.format(format).to_string(),
        zone = p.as_of.timezone().name()
    )
    .render(lang);
    (as_of, p.head.to_string())
}

fn sheet<'a>(
    wb: &'a mut Workbook,
    name: &str,
    title: &str,
    headers: &[(&str, f64)],
    s: &Styles,
    p: &Provenance,
    lang: Lang,
) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = wb.add_worksheet();
    // Sheet names are at most 31 characters.
    ws.set_name(name.chars().take(31).collect::<String>())?;
    ws.write_string_with_format(0, 0, title, &Format::new().set_bold().set_font_size(12))?;
    for (c, (h, width)) in headers.iter().enumerate() {
        ws.set_column_width(c as u16, *width)?;
        ws.write_string_with_format(2, c as u16, lang.t(h), &s.header)?;
    }
    ws.set_freeze_panes(3, 0)?;
    ws.set_landscape();
    let (as_of, head) = provenance_texts(p, lang);
    ws.set_footer(format!("&L{as_of}&R{head}"));
    Ok(ws)
}

/// A plan budget: thousands of F CFA as a number, « PM » as text, or blank.
fn write_budget(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    budget: &serde_json::Value,
    s: &Styles,
) -> Result<(), XlsxError> {
    match budget {
        serde_json::Value::Number(n) => {
            ws.write_number_with_format(row, col, n.as_f64().unwrap_or_default(), &s.amount)?;
        }
        serde_json::Value::String(t) => {
            ws.write_string_with_format(row, col, t, &s.text)?;
        }
        _ => {
            ws.write_blank(row, col, &s.text)?;
        }
    }
    Ok(())
}

fn provenance_note(
    ws: &mut Worksheet,
    row: u32,
    p: &Provenance,
    s: &Styles,
    lang: Lang,
) -> Result<(), XlsxError> {
    let (as_of, head) = provenance_texts(p, lang);
    ws.write_string_with_format(
        row,
        0,
        text!("xlsx-as-of", as_of = as_of).render(lang),
        &s.note,
    )?;
    ws.write_string_with_format(
        row + 1,
        0,
        text!("xlsx-log", head = head).render(lang),
        &s.note,
    )?;
    Ok(())
}

pub fn add_activities(
    wb: &mut Workbook,
    r: &ActivitiesReport,
    lang: Lang,
    p: &Provenance,
) -> Result<(), XlsxError> {
    let s = styles();
    let title = text!("table3-title", year = r.year).render(lang);
    let headers = [
        ("col-code", 8.0),
        ("col-objectives", 30.0),
        ("col-results", 30.0),
        ("col-activities", 45.0),
        ("col-budget", 14.0),
        ("col-executed-yes-no", 12.0),
        ("col-period", 22.0),
        ("col-observations", 32.0),
        ("col-indicators", 30.0),
        ("col-engaged", 14.0),
        ("col-liquidated", 14.0),
    ];
    let name = text!("sheet-activities", year = r.year).render(lang);
    let ws = sheet(wb, &name, &title, &headers, &s, p, lang)?;
    let mut row = 3;
    for a in &r.activities {
        ws.write_string_with_format(row, 0, &a.code, &s.text)?;
        ws.write_string_with_format(row, 1, &a.objective, &s.text)?;
        ws.write_string_with_format(row, 2, &a.result, &s.text)?;
        ws.write_string_with_format(row, 3, &a.title, &s.text)?;
        write_budget(ws, row, 4, &a.budget, &s)?;
        let status = match a.status.as_str() {
            "executed" => "1",
            "not_executed" => "2",
            _ => "",
        };
        ws.write_string_with_format(row, 5, status, &s.text)?;
        ws.write_string_with_format(row, 6, a.period.as_deref().unwrap_or(""), &s.text)?;
        ws.write_string_with_format(row, 7, a.observation.as_deref().unwrap_or(""), &s.text)?;
        let indicator = super::render::indicator_text(
            a.indicator.as_deref().unwrap_or_default(),
            a.target.as_deref(),
            a.achieved.as_deref(),
            lang,
        );
        ws.write_string_with_format(row, 8, indicator, &s.text)?;
        for (col, value) in [(9, a.engaged), (10, a.liquidated)] {
            match value {
                Some(n) => ws.write_number_with_format(row, col, n as f64, &s.amount)?,
                None => ws.write_blank(row, col, &s.text)?,
            };
        }
        row += 1;
    }
    if let Some(c) = &r.costs {
        ws.write_string_with_format(row, 8, lang.t("page-cost-total"), &s.text)?;
        ws.write_number_with_format(row, 9, c.engaged as f64, &s.amount)?;
        ws.write_number_with_format(row, 10, c.liquidated as f64, &s.amount)?;
    }
    row += 1;
    ws.write_string(row, 3, lang.t("xlsx-planned"))?;
    ws.write_number(row, 4, r.planned as f64)?;
    ws.write_string(row + 1, 3, lang.t("xlsx-executed"))?;
    ws.write_number(row + 1, 4, r.executed as f64)?;
    ws.write_string(row + 2, 3, lang.t("xlsx-rate"))?;
    if let Some(rate) = r.execution_rate {
        ws.write_number_with_format(row + 2, 4, rate / 100.0, &s.percent)?;
    }
    ws.write_string(row + 3, 3, lang.t("xlsx-total-cost"))?;
    ws.write_number_with_format(row + 3, 4, r.budget_total as f64, &s.amount)?;
    provenance_note(ws, row + 5, p, &s, lang)
}

pub fn add_recommendations(
    wb: &mut Workbook,
    r: &RecommendationsReport,
    lang: Lang,
    p: &Provenance,
) -> Result<(), XlsxError> {
    let s = styles();
    let title = text!("table4-title", session = r.session.as_str()).render(lang);
    let headers = [
        ("col-number", 6.0),
        ("col-recommendations", 60.0),
        ("col-structures", 26.0),
        ("col-due", 12.0),
        ("col-executed-1", 11.0),
        ("col-in-progress-2", 11.0),
        ("col-not-executed-3", 11.0),
    ];
    let name = text!("sheet-recommendations", session = r.session.as_str()).render(lang);
    let ws = sheet(wb, &name, &title, &headers, &s, p, lang)?;
    let mut row = 3;
    for x in &r.recommendations {
        ws.write_number_with_format(row, 0, x.number as f64, &s.text)?;
        ws.write_string_with_format(row, 1, &x.text, &s.text)?;
        ws.write_string_with_format(row, 2, x.structures.join(", "), &s.text)?;
        ws.write_string_with_format(
            row,
            3,
            x.due
                .map(|d| {
                    text::deadline(
                        d,
                        text::DeadlineMark::from_flags(x.due_is_default, false),
                        false,
                        lang,
                    )
                })
                .unwrap_or_default(),
            &s.text,
        )?;
        for (col, key, mark) in [
            (4, "executed", 1.0),
            (5, "in_progress", 2.0),
            (6, "not_executed", 3.0),
        ] {
            if x.status == key {
                ws.write_number_with_format(row, col, mark, &s.text)?;
            } else {
                ws.write_blank(row, col, &s.text)?;
            }
        }
        row += 1;
    }
    row += 1;
    for (i, (id, n)) in [
        ("xlsx-total", r.total),
        ("xlsx-recommendations-executed", r.executed),
        ("xlsx-recommendations-in-progress", r.in_progress),
        ("xlsx-recommendations-not-executed", r.not_executed),
    ]
    .into_iter()
    .enumerate()
    {
        ws.write_string(row + i as u32, 1, lang.t(id))?;
        ws.write_number(row + i as u32, 2, n as f64)?;
    }
    provenance_note(ws, row + 5, p, &s, lang)
}

pub fn add_finances(
    wb: &mut Workbook,
    r: &FinancesReport,
    lang: Lang,
    p: &Provenance,
) -> Result<(), XlsxError> {
    let s = styles();
    let title = text!("finances-title", year = r.year).render(lang);
    let headers = [
        ("col-line", 18.0),
        ("col-allotted", 18.0),
        ("col-notified", 18.0),
        ("col-engaged", 18.0),
        ("col-liquidated", 18.0),
    ];
    let name = text!("sheet-finances", year = r.year).render(lang);
    let ws = sheet(wb, &name, &title, &headers, &s, p, lang)?;
    let mut row = 3;
    let lines = r
        .lines
        .iter()
        .map(|l| (l.line.as_str(), l.amounts))
        .chain(std::iter::once(("total", r.total)));
    for (line, a) in lines {
        ws.write_string_with_format(row, 0, label(lang, "budget-line", line), &s.text)?;
        for (c, v) in [a.allotted, a.notified, a.engaged, a.liquidated]
            .into_iter()
            .enumerate()
        {
            ws.write_number_with_format(row, c as u16 + 1, v as f64, &s.amount)?;
        }
        row += 1;
    }
    if let Some(c) = &r.activity_costs {
        for (line, engaged, liquidated) in super::render::cost_rows(c) {
            ws.write_string_with_format(row, 0, lang.t(&format!("finances-{line}")), &s.text)?;
            ws.write_number_with_format(row, 3, engaged as f64, &s.amount)?;
            ws.write_number_with_format(row, 4, liquidated as f64, &s.amount)?;
            row += 1;
        }
    }
    row += 1;
    ws.write_string(row, 0, lang.t("xlsx-finances-rate"))?;
    if let Some(rate) = r.execution_rate {
        ws.write_number_with_format(row, 3, rate / 100.0, &s.percent)?;
    }
    provenance_note(ws, row + 2, p, &s, lang)
}
