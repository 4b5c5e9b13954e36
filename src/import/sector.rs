//! A structure's canevas for the sector's plan: the CPS plan's layout
//! without codes (suivi numbers the compiled plan), with the indicator's
//! target and the source of financing: columns `objectif, resultat,
//! activite, indicateur, cible, budget, source, mois, responsable`
//! (`objectif` and `activite` required), and `estime` (`oui` for an
//! activity worked out rather than read in a document). An empty objective
//! or result cell repeats the one above, as merged cells do in the
//! documents' tables.
//!
//! A structure's execution of a quarter: columns `code, statut,
//! avancement, realise, engage, liquide, difficultes` (`code` and `statut`
//! required): the activity's code in the plan, its status in the
//! documents' words (exécutée, en cours, non exécutée, non démarrée), its
//! progress in percent, the indicator's value achieved, and the thousands
//! of F CFA engaged and liquidated since 1 January.

use super::{cell, ImportError, ImportErrors, Table};
use crate::domain::reference::Rate;
use crate::domain::sector::{objective_in, SectorActivity};
use crate::domain::sector_execution::{ExecutionLine, SectorStatus};
use crate::domain::types::{Budget, Code, InvalidValue, Months};
use crate::text;
use crate::text::Text;

/// The headers a canevas may have, normalized (`structure`, which the
/// canevas downloaded from suivi fills, is only read for a person).
pub const COLUMNS: [&str; 11] = [
    "objectif",
    "resultat",
    "activite",
    "indicateur",
    "cible",
    "budget",
    "source",
    "mois",
    "responsable",
    "estime",
    "structure",
];
const REQUIRED: [&str; 2] = ["objectif", "activite"];

/// Every activity of the canevas, or every problem found.
///
/// With `objectives` (the call's, numbered from 1), each row's objective is
/// one of them, by its title or its number, and is written as its title.
pub fn parse(table: &Table, objectives: &[String]) -> Result<Vec<SectorActivity>, ImportErrors> {
    let cols = table.columns(&COLUMNS, &REQUIRED)?;
    let col = |name: &str| {
        cols[COLUMNS
            .iter()
            .position(|c| *c == name)
            .expect("known column")]
    };
    let mut errors = ImportErrors::default();
    let mut out = Vec::new();
    let (mut objective, mut result) = (String::new(), String::new());
    for (line, row) in &table.rows {
        let error = |column: &str, message: Text| ImportError {
            file: table.file.clone(),
            line: Some(*line),
            column: Some(column.to_string()),
            message,
        };
        let invalid = |column: &str, e: InvalidValue| error(column, text::invalid_value(&e));
        let written = cell(row, col("objectif"));
        if !written.is_empty() {
            objective = written.to_string();
            if !objectives.is_empty() {
                match objective_in(objectives, written) {
                    Some(i) => objective = objectives[i].clone(),
                    None => errors.push(error(
                        "objectif",
                        text!(
                            "sector-objective-unknown",
                            objective = written,
                            known = numbered(objectives)
                        ),
                    )),
                }
            }
        }
        if !cell(row, col("resultat")).is_empty() {
            result = cell(row, col("resultat")).to_string();
        }
        let title = cell(row, col("activite")).to_string();
        if title.is_empty() {
            errors.push(error("activite", text!("import-title-empty")));
        }
        if objective.is_empty() {
            errors.push(error("objectif", text!("import-sector-objective-empty")));
        }
        let budget = Budget::parse(cell(row, col("budget"))).map_err(|e| invalid("budget", e));
        let months = Months::parse(cell(row, col("mois"))).map_err(|e| invalid("mois", e));
        let estimated = match super::normalize(cell(row, col("estime"))).as_str() {
            "" | "non" | "no" | "0" => Ok(false),
            "oui" | "yes" | "1" | "x" => Ok(true),
            _ => Err(error(
                "estime",
                text!("import-yes-no", value = cell(row, col("estime"))),
            )),
        };
        match (budget, months, estimated) {
            (Ok(budget), Ok(months), Ok(estimated))
                if !title.is_empty() && !objective.is_empty() =>
            {
                out.push(SectorActivity {
                    objective: objective.clone(),
                    result: result.clone(),
                    title,
                    indicator: cell(row, col("indicateur")).to_string(),
                    target: cell(row, col("cible")).to_string(),
                    budget,
                    source: cell(row, col("source")).to_string(),
                    months,
                    responsible: cell(row, col("responsable")).to_string(),
                    estimated,
                })
            }
            (budget, months, estimated) => {
                errors.extend(budget.err());
                errors.extend(months.err());
                errors.extend(estimated.err());
            }
        }
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(ImportError::of_file(
            &table.file,
            text!("import-sector-empty"),
        ));
    }
    errors.or_ok(out)
}

/// `1. Renforcer…; 2. Améliorer…`.
pub fn numbered(objectives: &[String]) -> String {
    objectives
        .iter()
        .enumerate()
        .map(|(i, o)| format!("{}. {o}", i + 1))
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// The headers of a quarter's execution, normalized.
pub const EXECUTION_COLUMNS: [&str; 7] = [
    "code",
    "statut",
    "avancement",
    "realise",
    "engage",
    "liquide",
    "difficultes",
];

/// `exécutée`, `en cours`, `non exécutée`, `non démarrée`, or the codes.
pub fn sector_status(value: &str) -> Option<SectorStatus> {
    let n = super::normalize(value).replace([' ', '-'], "_");
    SectorStatus::ALL.iter().copied().find(|s| s.code() == n)
}

/// Every line of a structure's execution of the quarter, each about one of
/// its activities of the plan (`codes`), or every problem found.
pub fn parse_execution(
    table: &Table,
    codes: &[String],
) -> Result<Vec<ExecutionLine>, ImportErrors> {
    let cols = table.columns(&EXECUTION_COLUMNS, &["code", "statut"])?;
    let col = |name: &str| {
        cols[EXECUTION_COLUMNS
            .iter()
            .position(|c| *c == name)
            .expect("known column")]
    };
    let mut errors = ImportErrors::default();
    let mut out: Vec<ExecutionLine> = Vec::new();
    for (line, row) in &table.rows {
        let error = |column: &str, message: Text| ImportError {
            file: table.file.clone(),
            line: Some(*line),
            column: Some(column.to_string()),
            message,
        };
        let code = cell(row, col("code")).trim().to_string();
        let known = if !codes.contains(&code) {
            Err(error(
                "code",
                text!(
                    "import-sector-code-unknown",
                    value = code.as_str(),
                    known = codes.join(", ")
                ),
            ))
        } else if out.iter().any(|l| l.code == code) {
            Err(error(
                "code",
                text!("import-sector-code-twice", value = code.as_str()),
            ))
        } else {
            Ok(())
        };
        let status = sector_status(cell(row, col("statut"))).ok_or_else(|| {
            error(
                "statut",
                text!("import-sector-status", value = cell(row, col("statut"))),
            )
        });
        let progress = match cell(row, col("avancement")).trim() {
            "" => Ok(None),
            written => written
                .parse::<Rate>()
                .map(Some)
                .map_err(|e| error("avancement", text::invalid_value(&e))),
        };
        let thousands = |column: &str| match Budget::parse(cell(row, col(column))) {
            Ok(Budget::Thousands(n)) => Ok(Some(n)),
            Ok(Budget::Unspecified) => Ok(None),
            Ok(Budget::Pm) | Err(_) => Err(error(
                column,
                text!("import-sector-amount", value = cell(row, col(column))),
            )),
        };
        let (engaged, liquidated) = (thousands("engage"), thousands("liquide"));
        let above = match (&engaged, &liquidated) {
            (Ok(e), Ok(Some(l))) if *l > e.unwrap_or(0) => Err(error(
                "liquide",
                text!(
                    "import-sector-liquidated-above",
                    liquidated = *l,
                    engaged = e.unwrap_or(0)
                ),
            )),
            _ => Ok(()),
        };
        match (known, status, progress, engaged, liquidated, above) {
            (Ok(()), Ok(status), Ok(progress), Ok(engaged), Ok(liquidated), Ok(())) => {
                out.push(ExecutionLine {
                    code,
                    status,
                    progress,
                    achieved: cell(row, col("realise")).trim().to_string(),
                    engaged,
                    liquidated,
                    difficulties: cell(row, col("difficultes")).trim().to_string(),
                })
            }
            (known, status, progress, engaged, liquidated, above) => {
                errors.extend(known.err());
                errors.extend(status.err());
                errors.extend(progress.err());
                errors.extend(engaged.err());
                errors.extend(liquidated.err());
                errors.extend(above.err());
            }
        }
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(ImportError::of_file(
            &table.file,
            text!("import-sector-execution-empty"),
        ));
    }
    errors.or_ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documents_status_words_are_read() {
        for (written, status) in [
            ("Exécutée", SectorStatus::Executee),
            ("en cours", SectorStatus::EnCours),
            ("NON EXÉCUTÉE", SectorStatus::NonExecutee),
            ("non-démarrée", SectorStatus::NonDemarree),
            ("non_demarree", SectorStatus::NonDemarree),
        ] {
            assert_eq!(sector_status(written), Some(status), "{written}");
        }
        assert_eq!(sector_status("terminée"), None);
        assert_eq!(sector_status(""), None);
    }
}
