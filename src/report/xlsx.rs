//! Excel workbooks of the report's tables: one sheet per table, headers and
//! column widths like the report's, amounts as numbers (grouped by
//! thousands), rates as percentages, and the as-of date and chain head in a
//! note under each table and in the printed footer.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{ActivitiesReport, FinancesReport, RecommendationsReport};
use crate::i18n::Lang;

/// What every sheet says it rests on.
#[derive(Debug, Clone)]
pub struct Provenance {
    /// `situation au 31/12/2023 23:59:59 (Africa/Bamako)`.
    pub as_of: String,
    /// `HASH@POSITION` of the event log the tables were computed from.
    pub head: String,
}

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

fn sheet<'a>(
    wb: &'a mut Workbook,
    name: &str,
    title: &str,
    headers: &[(&str, f64)],
    s: &Styles,
    p: &Provenance,
) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    ws.write_string_with_format(0, 0, title, &Format::new().set_bold().set_font_size(12))?;
    for (c, (h, width)) in headers.iter().enumerate() {
        ws.set_column_width(c as u16, *width)?;
        ws.write_string_with_format(2, c as u16, *h, &s.header)?;
    }
    ws.set_freeze_panes(3, 0)?;
    ws.set_landscape();
    ws.set_footer(format!("&L{}&R{}", p.as_of, p.head));
    Ok(ws)
}

fn provenance_note(
    ws: &mut Worksheet,
    row: u32,
    p: &Provenance,
    s: &Styles,
    lang: Lang,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(
        row,
        0,
        format!("{} {}", lang.pick("Situation :", "As of:"), p.as_of),
        &s.note,
    )?;
    ws.write_string_with_format(
        row + 1,
        0,
        format!(
            "{} {}",
            lang.pick("Journal des événements :", "Event log:"),
            p.head
        ),
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
    let title = match lang {
        Lang::Fr => format!(
            "Tableau 3 : État d'exécution des activités du plan d'action {}",
            r.year
        ),
        Lang::En => format!(
            "Table 3: Execution of the activities of the {} action plan",
            r.year
        ),
    };
    let headers = [
        (lang.pick("CODE", "CODE"), 8.0),
        (lang.pick("OBJECTIFS", "OBJECTIVES"), 30.0),
        (lang.pick("RÉSULTATS", "RESULTS"), 30.0),
        (lang.pick("ACTIVITÉS", "ACTIVITIES"), 45.0),
        (
            lang.pick("BUDGET (milliers F CFA)", "BUDGET (thousand F CFA)"),
            14.0,
        ),
        (
            lang.pick("EXÉCUTÉE 1. OUI ; 2. NON", "EXECUTED 1. YES; 2. NO"),
            12.0,
        ),
        (lang.pick("PÉRIODE D'EXÉCUTION", "PERIOD"), 22.0),
        (lang.pick("OBSERVATIONS", "OBSERVATIONS"), 32.0),
    ];
    let ws = sheet(
        wb,
        &format!("Activités {}", r.year),
        &title,
        &headers,
        &s,
        p,
    )?;
    let mut row = 3;
    for a in &r.activities {
        ws.write_string_with_format(row, 0, &a.code, &s.text)?;
        ws.write_string_with_format(row, 1, &a.objective, &s.text)?;
        ws.write_string_with_format(row, 2, &a.result, &s.text)?;
        ws.write_string_with_format(row, 3, &a.title, &s.text)?;
        match &a.budget {
            serde_json::Value::Number(n) => {
                ws.write_number_with_format(row, 4, n.as_f64().unwrap_or_default(), &s.amount)?;
            }
            serde_json::Value::String(t) => {
                ws.write_string_with_format(row, 4, t, &s.text)?;
            }
            _ => {
                ws.write_blank(row, 4, &s.text)?;
            }
        }
        let status = match a.status.as_str() {
            "executed" => "1",
            "not_executed" => "2",
            _ => "",
        };
        ws.write_string_with_format(row, 5, status, &s.text)?;
        ws.write_string_with_format(row, 6, a.period.as_deref().unwrap_or(""), &s.text)?;
        ws.write_string_with_format(row, 7, a.observation.as_deref().unwrap_or(""), &s.text)?;
        row += 1;
    }
    row += 1;
    ws.write_string(
        row,
        3,
        lang.pick("Activités programmées", "Planned activities"),
    )?;
    ws.write_number(row, 4, r.planned as f64)?;
    ws.write_string(
        row + 1,
        3,
        lang.pick("Activités exécutées", "Executed activities"),
    )?;
    ws.write_number(row + 1, 4, r.executed as f64)?;
    ws.write_string(row + 2, 3, lang.pick("Taux d'exécution", "Execution rate"))?;
    if let Some(rate) = r.execution_rate {
        ws.write_number_with_format(row + 2, 4, rate / 100.0, &s.percent)?;
    }
    ws.write_string(
        row + 3,
        3,
        lang.pick("Coût total (milliers F CFA)", "Total cost (thousand F CFA)"),
    )?;
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
    let title = match lang {
        Lang::Fr => format!(
            "Tableau 4 : État d'exécution des recommandations de la session {}",
            r.session
        ),
        Lang::En => format!(
            "Table 4: Execution of the recommendations of session {}",
            r.session
        ),
    };
    let headers = [
        (lang.pick("N°", "No."), 6.0),
        (lang.pick("RECOMMANDATIONS", "RECOMMENDATIONS"), 60.0),
        (
            lang.pick("STRUCTURES RESPONSABLES", "RESPONSIBLE STRUCTURES"),
            26.0,
        ),
        (lang.pick("ÉCHÉANCE", "DUE"), 12.0),
        (lang.pick("Exécuté (1)", "Executed (1)"), 11.0),
        (lang.pick("En cours (2)", "In progress (2)"), 11.0),
        (lang.pick("Non (3)", "Not executed (3)"), 11.0),
    ];
    // Sheet names are at most 31 characters.
    let name: String = format!("Recommandations {}", r.session)
        .chars()
        .take(31)
        .collect();
    let ws = sheet(wb, &name, &title, &headers, &s, p)?;
    let mut row = 3;
    for x in &r.recommendations {
        ws.write_number_with_format(row, 0, x.number as f64, &s.text)?;
        ws.write_string_with_format(row, 1, &x.text, &s.text)?;
        ws.write_string_with_format(row, 2, x.structures.join(", "), &s.text)?;
        ws.write_string_with_format(
            row,
            3,
            x.due
                .map(|d| d.format("%d/%m/%Y").to_string())
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
    for (i, (label, n)) in [
        (lang.pick("Total", "Total"), r.total),
        (lang.pick("Exécutées", "Executed"), r.executed),
        (lang.pick("En cours", "In progress"), r.in_progress),
        (lang.pick("Non exécutées", "Not executed"), r.not_executed),
    ]
    .into_iter()
    .enumerate()
    {
        ws.write_string(row + i as u32, 1, label)?;
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
    let title = match lang {
        Lang::Fr => format!("Exécution financière {} (F CFA)", r.year),
        Lang::En => format!("Financial execution {} (F CFA)", r.year),
    };
    let headers = [
        (lang.pick("LIGNE", "LINE"), 18.0),
        (lang.pick("ACCORDÉ (arbitrage)", "ALLOTTED"), 18.0),
        (lang.pick("NOTIFIÉ", "NOTIFIED"), 18.0),
        (lang.pick("ENGAGÉ", "ENGAGED"), 18.0),
        (lang.pick("LIQUIDÉ", "LIQUIDATED"), 18.0),
    ];
    let ws = sheet(wb, &format!("Finances {}", r.year), &title, &headers, &s, p)?;
    let mut row = 3;
    let lines = r
        .lines
        .iter()
        .map(|l| (l.line.as_str(), l.amounts))
        .chain(std::iter::once(("total", r.total)));
    for (line, a) in lines {
        let name = match line {
            "bsi" => "BSI",
            "fonctionnement" => lang.pick("Fonctionnement", "Operating"),
            _ => "Total",
        };
        ws.write_string_with_format(row, 0, name, &s.text)?;
        for (c, v) in [a.allotted, a.notified, a.engaged, a.liquidated]
            .into_iter()
            .enumerate()
        {
            ws.write_number_with_format(row, c as u16 + 1, v as f64, &s.amount)?;
        }
        row += 1;
    }
    row += 1;
    ws.write_string(
        row,
        0,
        lang.pick(
            "Taux d'exécution (engagé / notifié)",
            "Execution rate (engaged / notified)",
        ),
    )?;
    if let Some(rate) = r.execution_rate {
        ws.write_number_with_format(row, 3, rate / 100.0, &s.percent)?;
    }
    provenance_note(ws, row + 2, p, &s, lang)
}

/// Writes a workbook built by `fill` to `path`.
pub fn save(
    path: &Path,
    fill: impl FnOnce(&mut Workbook) -> Result<(), XlsxError>,
) -> anyhow::Result<()> {
    let mut wb = Workbook::new();
    fill(&mut wb).map_err(|e| anyhow::anyhow!("while building the workbook: {e}"))?;
    wb.save(path)
        .map_err(|e| anyhow::anyhow!("while writing {}: {e}", path.display()))
}
