//! The action plan (PTA) of a year, from a table with the columns
//! `code, objectif, resultat, activite, indicateur, budget, mois, responsable`.
//! The months may also be given as the report lays its chronogramme out:
//! twelve columns `J F M A M J J A S O N D`, any mark in a month's cell.
//! An optional `mois_estimes` column (`oui`/`non`) marks months that were
//! worked out rather than read in the plan.

use std::collections::HashMap;

use super::{cell, ImportError, ImportErrors, Table};
use crate::domain::activity::{ActivityPlan, ActivityRef};
use crate::domain::types::{ActivityCode, Budget, InvalidValue, Months, Year, MONTH_LETTERS};
use crate::text;
use crate::text::Text;

/// The headers a plan may have, normalized.
pub const COLUMNS: [&str; 9] = [
    "code",
    "objectif",
    "resultat",
    "activite",
    "indicateur",
    "budget",
    "mois",
    "responsable",
    "mois_estimes",
];
const REQUIRED: [&str; 2] = ["code", "activite"];

/// What they are read as, since a letter names several months.
const MONTH_COLUMNS: [&str; 12] = [
    "mois-01", "mois-02", "mois-03", "mois-04", "mois-05", "mois-06", "mois-07", "mois-08",
    "mois-09", "mois-10", "mois-11", "mois-12",
];

/// The table with its chronogramme's twelve columns, if it has them, named
/// month by month.
fn with_month_columns(table: &Table) -> (Table, bool) {
    let headers: Vec<String> = table.headers.iter().map(|h| super::normalize(h)).collect();
    let start = (0..headers.len().saturating_sub(11)).find(|&i| {
        headers[i..i + 12]
            .iter()
            .zip(MONTH_LETTERS)
            .all(|(h, l)| h.eq_ignore_ascii_case(l))
    });
    let mut t = table.clone();
    if let Some(i) = start {
        for (k, name) in MONTH_COLUMNS.iter().enumerate() {
            t.headers[i + k] = name.to_string();
        }
    }
    (t, start.is_some())
}

/// One planned activity and the line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRow {
    pub line: usize,
    pub id: ActivityRef,
    pub plan: ActivityPlan,
}

/// Parses every row, or returns every problem found.
pub fn parse(table: &Table, year: Year) -> Result<Vec<PlanRow>, ImportErrors> {
    let (table, grid) = with_month_columns(table);
    let table = &table;
    let known: Vec<&str> = COLUMNS
        .iter()
        .chain(MONTH_COLUMNS.iter())
        .copied()
        .collect();
    let cols = table.columns(&known, &REQUIRED)?;
    let month_cols = &cols[COLUMNS.len()..];
    let col = |name: &str| {
        cols[COLUMNS
            .iter()
            .position(|c| *c == name)
            .expect("known column")]
    };
    let c_est = col("mois_estimes");
    let (c_code, c_obj, c_res, c_act, c_ind, c_bud, c_mois, c_resp) = (
        col("code"),
        col("objectif"),
        col("resultat"),
        col("activite"),
        col("indicateur"),
        col("budget"),
        col("mois"),
        col("responsable"),
    );
    let mut errors = ImportErrors::default();
    let mut rows = Vec::new();
    let mut seen: HashMap<ActivityCode, usize> = HashMap::new();
    // Objective and result cells are often merged in the report's tables: an
    // empty cell repeats the one above.
    let (mut objective, mut result) = (String::new(), String::new());
    for (line, row) in &table.rows {
        let error = |column: &str, message: Text| ImportError {
            file: table.file.clone(),
            line: Some(*line),
            column: Some(column.to_string()),
            message,
        };
        if !cell(row, c_obj).is_empty() {
            objective = cell(row, c_obj).to_string();
        }
        if !cell(row, c_res).is_empty() {
            result = cell(row, c_res).to_string();
        }
        let invalid = |column: &str, e: InvalidValue| error(column, text::invalid_value(&e));
        let code = ActivityCode::parse(cell(row, c_code)).map_err(|e| invalid("code", e));
        let budget = Budget::parse(cell(row, c_bud)).map_err(|e| invalid("budget", e));
        let marked: Vec<String> = month_cols
            .iter()
            .enumerate()
            .filter(|(_, c)| grid && !cell(row, **c).is_empty())
            .map(|(k, _)| (k + 1).to_string())
            .collect();
        let months = Months::parse(cell(row, c_mois))
            .map_err(|e| invalid("mois", e))
            .and_then(|written| {
                let from_grid = Months::parse(&marked.join(" ")).expect("months 1 to 12");
                match (
                    written.as_slice().is_empty(),
                    from_grid.as_slice().is_empty(),
                ) {
                    (true, _) => Ok(from_grid),
                    (false, true) => Ok(written),
                    (false, false) if written == from_grid => Ok(written),
                    (false, false) => Err(error(
                        "mois",
                        text!(
                            "import-months-disagree",
                            written = cell(row, c_mois),
                            marked = marked.join(" ")
                        ),
                    )),
                }
            });
        let months_estimated = match super::normalize(cell(row, c_est)).as_str() {
            "" | "non" | "no" | "0" => Ok(false),
            "oui" | "yes" | "1" | "x" => Ok(true),
            _ => Err(error(
                "mois_estimes",
                text!("import-yes-no", value = cell(row, c_est)),
            )),
        };
        let title = cell(row, c_act).to_string();
        if title.is_empty() {
            errors.push(error("activite", text!("import-title-empty")));
        }
        let duplicate = match &code {
            Ok(code) => match seen.get(code) {
                Some(first) => Some(error(
                    "code",
                    text!(
                        "import-code-twice",
                        code = code.to_string(),
                        first = *first,
                        year = year.value()
                    ),
                )),
                None => {
                    seen.insert(code.clone(), *line);
                    None
                }
            },
            Err(_) => None,
        };
        match (code, budget, months, months_estimated) {
            (Ok(code), Ok(budget), Ok(months), Ok(months_estimated))
                if !title.is_empty() && duplicate.is_none() =>
            {
                rows.push(PlanRow {
                    line: *line,
                    id: ActivityRef { year, code },
                    plan: ActivityPlan {
                        objective: objective.clone(),
                        result: result.clone(),
                        title,
                        indicator: cell(row, c_ind).to_string(),
                        budget,
                        months,
                        months_estimated,
                        responsible: cell(row, c_resp).to_string(),
                    },
                })
            }
            (code, budget, months, months_estimated) => {
                errors.extend(code.err());
                errors.extend(budget.err());
                errors.extend(months.err());
                errors.extend(months_estimated.err());
            }
        }
        errors.extend(duplicate);
    }
    if table.rows.is_empty() {
        errors.push(ImportError {
            file: table.file.clone(),
            line: None,
            column: None,
            message: text!("import-no-activity"),
        });
    }
    errors.or_ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_csv(text: &str) -> Result<Vec<PlanRow>, ImportErrors> {
        parse(
            &Table::parse_csv("plan.csv", text).unwrap(),
            Year::new(2024).unwrap(),
        )
    }

    #[test]
    fn the_chronogramme_columns_give_the_months() {
        let rows = parse_csv(
            "code;activite;budget;J;F;M;A;M;J;J;A;S;O;N;D;responsable\n\
             1.2.2;Sessions du comité;4 000;X;;;;;;■;;;;;;Unité planification\n\
             1.2.3;PTA du secteur;3 000;;;;;;x;;;;;;;Unité planification\n",
        )
        .unwrap();
        assert_eq!(rows[0].plan.months.as_slice(), &[1, 7]);
        assert_eq!(rows[1].plan.months.as_slice(), &[6]);
        assert_eq!(rows[0].plan.responsible, "Unité planification");
        // Both ways of writing the months must agree.
        let e = parse_csv("code;activite;mois;J;F;M;A;M;J;J;A;S;O;N;D\n1.1.1;PTA;2;X;;;;;;;;;;;\n")
            .unwrap_err();
        assert!(e.to_string().contains("« 2 »"), "{e}");
    }

    #[test]
    fn rows_become_activities_with_merged_cells_filled() {
        let rows = parse_csv(
            "code;objectif;résultat;activité;budget;mois\n1.1.2;1. Planifier;1.1. Plans;PTA;PM;1\n1.2.2;;;Sessions;4 000;1 7\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].plan.objective, "1. Planifier");
        assert_eq!(rows[1].plan.budget, Budget::Thousands(4000));
        assert_eq!(rows[1].plan.months.as_slice(), &[1, 7]);
    }

    #[test]
    fn every_bad_cell_is_reported_with_line_and_column() {
        let e = parse_csv("code,activite,budget,mois\n1.1.1,A,abc,1\n1.1.1,B,3,13\n1.1.1,C,,\n")
            .unwrap_err();
        let text: Vec<String> = e.listed.iter().map(|e| e.to_string()).collect();
        assert!(
            text[0].starts_with("plan.csv:2: colonne « budget »"),
            "{text:?}"
        );
        assert!(
            text[1].starts_with("plan.csv:3: colonne « mois »"),
            "{text:?}"
        );
        assert!(
            text[2].starts_with("plan.csv:3: colonne « code »: code 1.1.1 en double"),
            "{text:?}"
        );
        assert!(
            text[3].starts_with("plan.csv:4: colonne « code »: code 1.1.1 en double"),
            "{text:?}"
        );
    }
}
