//! A structure's canevas for the sector's plan: the CPS plan's layout
//! without codes (suivi numbers the compiled plan), with the indicator's
//! target and the source of financing: columns `objectif, resultat,
//! activite, indicateur, cible, budget, source, mois, responsable`
//! (`objectif` and `activite` required), and `estime` (`oui` for an
//! activity worked out rather than read in a document). An empty objective
//! or result cell repeats the one above, as merged cells do in the
//! documents' tables.

use super::{cell, ImportError, ImportErrors, Table};
use crate::domain::sector::SectorActivity;
use crate::domain::types::{Budget, InvalidValue, Months};
use crate::text;
use crate::text::Text;

/// The headers a canevas may have, normalized.
pub const COLUMNS: [&str; 10] = [
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
];
const REQUIRED: [&str; 2] = ["objectif", "activite"];

/// Every activity of the canevas, or every problem found.
pub fn parse(table: &Table) -> Result<Vec<SectorActivity>, ImportErrors> {
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
        if !cell(row, col("objectif")).is_empty() {
            objective = cell(row, col("objectif")).to_string();
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
