//! Recommendations of a session, from a table with the columns
//! `numero, recommandation, structures, echeance`.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{cell, ImportError, ImportErrors, Table};
use crate::config::structures::Directory;
use crate::domain::recommendation::{RecommendationContent, RecommendationRef};
use crate::domain::types::SessionId;
use crate::text;
use crate::text::Text;

pub const COLUMNS: [&str; 4] = ["numero", "recommandation", "structures", "echeance"];
/// The headers of the report's own tables (« N° », « Recommandations »,
/// « Structures responsables »), read as the importer's.
const HEADER_ALIASES: [(&str, &str); 7] = [
    // « N° », without its accent mark as headers are compared.
    ("ndeg", "numero"),
    ("n", "numero"),
    ("no", "numero"),
    ("recommandations", "recommandation"),
    ("structures responsables", "structures"),
    ("structure responsable", "structures"),
    ("structure", "structures"),
];
const REQUIRED: [&str; 3] = ["numero", "recommandation", "structures"];

/// One recommendation and the line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct RecommendationRow {
    pub line: usize,
    pub id: RecommendationRef,
    pub content: RecommendationContent,
}

/// Parses a date written `YYYY-MM-DD` or `DD/MM/YYYY`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}

/// Parses every row, or returns every problem found.
pub fn parse(
    table: &Table,
    session: &SessionId,
    directory: &Directory,
) -> Result<Vec<RecommendationRow>, ImportErrors> {
    let table = &table.renamed(&HEADER_ALIASES);
    let cols = table.columns(&COLUMNS, &REQUIRED)?;
    let (c_num, c_text, c_struct, c_due) = (cols[0], cols[1], cols[2], cols[3]);
    let mut errors = ImportErrors::default();
    let mut rows = Vec::new();
    let mut seen: HashMap<u32, usize> = HashMap::new();
    for (line, row) in &table.rows {
        let error = |column: &str, message: Text| ImportError {
            file: table.file.clone(),
            line: Some(*line),
            column: Some(column.to_string()),
            message,
        };
        let before = errors.count();
        let number = cell(row, c_num).parse::<u32>().ok().filter(|n| *n > 0);
        if number.is_none() {
            errors.push(error(
                "numero",
                text!("import-number-invalid", value = cell(row, c_num)),
            ));
        }
        let text = cell(row, c_text).trim_start_matches(['-', ' ']).to_string();
        if text.is_empty() {
            errors.push(error("recommandation", text!("recommendation-empty-text")));
        }
        let structures = match directory.resolve_list(cell(row, c_struct)) {
            Ok(s) if s.is_empty() => {
                errors.push(error("structures", text!("recommendation-no-structure")));
                vec![]
            }
            Ok(s) => s,
            Err(e) => {
                errors.push(error("structures", e.text()));
                vec![]
            }
        };
        let due_text = cell(row, c_due);
        let due = if due_text.is_empty() {
            None
        } else {
            let d = parse_date(due_text);
            if d.is_none() {
                errors.push(error(
                    "echeance",
                    text!("import-date-invalid", value = due_text),
                ));
            }
            d
        };
        if let Some(n) = number {
            if let Some(first) = seen.insert(n, *line) {
                errors.push(error(
                    "numero",
                    text!("import-number-twice", number = n, first = first),
                ));
            }
        }
        if errors.count() == before {
            rows.push(RecommendationRow {
                line: *line,
                id: RecommendationRef {
                    session: session.clone(),
                    number: number.expect("checked above"),
                },
                content: RecommendationContent {
                    text,
                    structures,
                    due,
                    project: None,
                },
            });
        }
    }
    errors.or_ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directory() -> Directory {
        Directory::parse(
            "s",
            "[[structure]]\ncode=\"MAECI\"\nname=\"a\"\n[[structure]]\ncode=\"DCM\"\nname=\"b\"\n",
        )
        .unwrap()
    }

    #[test]
    fn rows_become_recommendations() {
        let t = Table::parse_csv("r.csv", "Numéro;Recommandation;Structures;Échéance\n1;- Impliquer la CPS;\"MAECI, DCM\";31/12/2024\n").unwrap();
        let rows = parse(&t, &SessionId::parse("2024").unwrap(), &directory()).unwrap();
        assert_eq!(rows[0].content.text, "Impliquer la CPS");
        assert_eq!(rows[0].content.structures.len(), 2);
        assert_eq!(rows[0].content.due, NaiveDate::from_ymd_opt(2024, 12, 31));
    }

    #[test]
    fn unknown_structures_and_bad_dates_are_reported() {
        let t = Table::parse_csv(
            "r.csv",
            "numero,recommandation,structures,echeance\n1,x,MINSANTE,2024-02-30\n",
        )
        .unwrap();
        let e = parse(&t, &SessionId::parse("2024").unwrap(), &directory()).unwrap_err();
        assert_eq!(e.count(), 2);
        assert!(
            e.listed[0]
                .to_string()
                .contains("structures connues : DCM, MAECI"),
            "{e}"
        );
        assert!(
            e.listed[1]
                .to_string()
                .starts_with("r.csv:2: colonne « echeance »"),
            "{e}"
        );
    }
}
