//! Renders the report tables as a terminal table laid out like the report's,
//! as CSV, or as JSON.

use clap::ValueEnum;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use serde::Serialize;

use super::{ActivitiesReport, FinancesReport, RecommendationsReport};
use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Csv,
    Json,
    /// An Excel workbook; needs `--output FILE`.
    Xlsx,
}

fn new_table(headers: Vec<&str>) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(160)
        .set_header(headers);
    t
}

pub fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("reports serialize to JSON")
}

/// CSV as Excel opens it in French settings: `;` between fields, UTF-8 with a BOM.
fn csv_of(headers: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer("\u{feff}".as_bytes().to_vec());
    w.write_record(headers).expect("writing to memory");
    for r in rows {
        w.write_record(r).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("UTF-8 input")
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn budget_text(v: &serde_json::Value, lang: Lang) -> String {
    match v {
        serde_json::Value::Number(n) => lang.amount(n.as_i64().unwrap_or_default()),
        serde_json::Value::String(s) => s.clone(),
        _ => String::new(),
    }
}

pub fn activities(r: &ActivitiesReport, format: Format, lang: Lang) -> String {
    match format {
        Format::Json | Format::Xlsx => json(r),
        Format::Csv => csv_of(
            &[
                "code",
                "title",
                "objective",
                "result",
                "budget",
                "status",
                "period",
                "observation",
            ],
            r.activities
                .iter()
                .map(|a| {
                    vec![
                        a.code.clone(),
                        a.title.clone(),
                        a.objective.clone(),
                        a.result.clone(),
                        budget_text(&a.budget, Lang::Fr).replace(' ', ""),
                        a.status.clone(),
                        opt(&a.period),
                        opt(&a.observation),
                    ]
                })
                .collect(),
        ),
        Format::Table => {
            let mut t = new_table(vec![
                "CODE",
                lang.pick("ACTIVITÉS", "ACTIVITIES"),
                lang.pick("BUDGET (milliers F CFA)", "BUDGET (thousand F CFA)"),
                lang.pick("EXÉCUTÉE 1. OUI ; 2. NON", "EXECUTED 1. YES; 2. NO"),
                lang.pick("PÉRIODE D'EXÉCUTION", "PERIOD OF EXECUTION"),
                lang.pick("OBSERVATIONS", "OBSERVATIONS"),
            ]);
            for a in &r.activities {
                let status = match a.status.as_str() {
                    "executed" => lang.pick("1. OUI", "1. YES"),
                    "not_executed" => lang.pick("2. NON", "2. NO"),
                    _ => lang.pick("prévue", "planned"),
                };
                t.add_row(vec![
                    a.code.clone(),
                    a.title.clone(),
                    budget_text(&a.budget, lang),
                    status.to_string(),
                    opt(&a.period),
                    opt(&a.observation),
                ]);
            }
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
            let summary = match lang {
                Lang::Fr => format!(
                    "Sur les {} activités programmées, {} ont été exécutées et {} non exécutées, soit un taux d'exécution de {}.\nCoût total des activités : {} milliers de F CFA ({} activités chiffrées, les autres PM).",
                    r.planned, r.executed, r.not_executed, lang.percent(r.execution_rate), lang.amount(r.budget_total as i64), r.budgeted
                ),
                Lang::En => format!(
                    "Of {} planned activities, {} were executed and {} were not: an execution rate of {}.\nTotal cost of the activities: {} thousand F CFA ({} with an amount, the others PM).",
                    r.planned, r.executed, r.not_executed, lang.percent(r.execution_rate), lang.amount(r.budget_total as i64), r.budgeted
                ),
            };
            format!("{title}\n{t}\n{summary}")
        }
    }
}

pub fn recommendations(r: &RecommendationsReport, format: Format, lang: Lang) -> String {
    match format {
        Format::Json | Format::Xlsx => json(r),
        Format::Csv => csv_of(
            &["number", "text", "structures", "status", "due"],
            r.recommendations
                .iter()
                .map(|x| {
                    vec![
                        x.number.to_string(),
                        x.text.clone(),
                        x.structures.join(","),
                        x.status.clone(),
                        x.due.map(|d| d.to_string()).unwrap_or_default(),
                    ]
                })
                .collect(),
        ),
        Format::Table => {
            let mut t = new_table(vec![
                lang.pick("N°", "No."),
                lang.pick("RECOMMANDATIONS", "RECOMMENDATIONS"),
                lang.pick("STRUCTURES RESPONSABLES", "RESPONSIBLE STRUCTURES"),
                lang.pick("ÉCHÉANCE", "DUE"),
                lang.pick("Exécuté (1)", "Executed (1)"),
                lang.pick("En cours (2)", "In progress (2)"),
                lang.pick("Non (3)", "Not executed (3)"),
            ]);
            for x in &r.recommendations {
                let mark = |k: &str, v: &str| {
                    if x.status == k {
                        v.to_string()
                    } else {
                        String::new()
                    }
                };
                t.add_row(vec![
                    x.number.to_string(),
                    x.text.clone(),
                    x.structures.join(", "),
                    x.due
                        .map(|d| d.format("%d/%m/%Y").to_string())
                        .unwrap_or_default(),
                    mark("executed", "1"),
                    mark("in_progress", "2"),
                    mark("not_executed", "3"),
                ]);
            }
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
            let summary = match lang {
                Lang::Fr => format!(
                    "Sur les {} recommandations de la session {} : {} exécutée(s), {} en cours, {} non exécutée(s).",
                    r.total, r.session, r.executed, r.in_progress, r.not_executed
                ),
                Lang::En => format!(
                    "Of the {} recommendations of session {}: {} executed, {} in progress, {} not executed.",
                    r.total, r.session, r.executed, r.in_progress, r.not_executed
                ),
            };
            format!("{title}\n{t}\n{summary}")
        }
    }
}

pub fn finances(r: &FinancesReport, format: Format, lang: Lang) -> String {
    let rows = || {
        r.lines
            .iter()
            .map(|l| (l.line.as_str(), l.amounts))
            .chain(std::iter::once(("total", r.total)))
    };
    match format {
        Format::Json | Format::Xlsx => json(r),
        Format::Csv => csv_of(
            &["line", "allotted", "notified", "engaged", "liquidated"],
            rows()
                .map(|(line, a)| {
                    vec![
                        line.to_string(),
                        a.allotted.to_string(),
                        a.notified.to_string(),
                        a.engaged.to_string(),
                        a.liquidated.to_string(),
                    ]
                })
                .collect(),
        ),
        Format::Table => {
            let mut t = new_table(vec![
                lang.pick("LIGNE", "LINE"),
                lang.pick("ACCORDÉ (arbitrage)", "ALLOTTED (arbitration)"),
                lang.pick("NOTIFIÉ", "NOTIFIED"),
                lang.pick("ENGAGÉ", "ENGAGED"),
                lang.pick("LIQUIDÉ", "LIQUIDATED"),
            ]);
            for (line, a) in rows() {
                let name = match line {
                    "bsi" => "BSI",
                    "fonctionnement" => lang.pick("Fonctionnement", "Operating"),
                    _ => "Total",
                };
                t.add_row(vec![
                    name.to_string(),
                    lang.amount(a.allotted),
                    lang.amount(a.notified),
                    lang.amount(a.engaged),
                    lang.amount(a.liquidated),
                ]);
            }
            let title = match lang {
                Lang::Fr => format!("Exécution financière {} (F CFA)", r.year),
                Lang::En => format!("Financial execution {} (F CFA)", r.year),
            };
            let summary = format!(
                "{} {}",
                lang.pick(
                    "Taux d'exécution (engagé / notifié) :",
                    "Execution rate (engaged / notified):"
                ),
                lang.percent(r.execution_rate)
            );
            format!("{title}\n{t}\n{summary}")
        }
    }
}
