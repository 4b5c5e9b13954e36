//! Reading tables people already have: CSV as Excel writes it (`,` or `;`,
//! UTF-8 with or without BOM) or an XLSX workbook (first sheet).
//!
//! Headers are matched without case or accents. Every row is parsed before
//! anything is written; all problems are reported together, each with the
//! file, line and column, so the file can be fixed in one pass.

pub mod annex;
pub mod plan;
pub mod recommendations;

use std::fmt;
use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};

use crate::text;
use crate::text::{Arg, Text};

/// One problem in an imported file.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportError {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<String>,
    pub message: Text,
}

impl ImportError {
    /// `file:line: colonne « c » : what is wrong`.
    pub fn text(&self) -> Text {
        let location = match self.line {
            Some(line) => format!("{}:{line}", self.file),
            None => self.file.clone(),
        };
        match &self.column {
            Some(column) => text!(
                "located-column",
                location = location,
                column = column.as_str(),
                message = self.message.clone()
            ),
            None => text!(
                "located",
                location = location,
                message = self.message.clone()
            ),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.text())
    }
}

/// Every problem found in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportErrors(pub Vec<ImportError>);

impl ImportErrors {
    /// Every problem (the first 20), then that nothing was imported.
    pub fn text(&self) -> Text {
        const SHOWN: usize = 20;
        let lines = Arg::Lines(self.0.iter().take(SHOWN).map(|e| e.text()).collect());
        let more = self.0.len().saturating_sub(SHOWN);
        if more == 0 {
            text!("import-errors", lines = lines)
        } else {
            text!("import-errors-more", lines = lines, more = more)
        }
    }
}

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.text())
    }
}

impl std::error::Error for ImportErrors {}

/// A table read from a file: its header and its data rows with their line numbers.
#[derive(Debug, Clone)]
pub struct Table {
    pub file: String,
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    /// Reads a `.csv` or `.xlsx` file.
    pub fn read(path: &Path) -> Result<Table, ImportErrors> {
        let file = path.display().to_string();
        let fail = |message: Text| {
            ImportErrors(vec![ImportError {
                file: file.clone(),
                line: None,
                column: None,
                message,
            }])
        };
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match ext.as_str() {
            "xlsx" | "xlsm" | "xls" | "ods" => Self::read_workbook(path, &file).map_err(fail),
            "csv" | "txt" => {
                let bytes = std::fs::read(path)
                    .map_err(|e| fail(text!("file-unreadable", error = e.to_string())))?;
                let text = String::from_utf8(bytes).map_err(|_| fail(text!("import-not-utf8")))?;
                Self::parse_csv(&file, &text).map_err(fail)
            }
            _ => Err(fail(text!("import-format-unknown", ext = ext))),
        }
    }

    /// Parses CSV text; the separator (`;` or `,`) is the one the header uses.
    pub fn parse_csv(file: &str, text: &str) -> Result<Table, Text> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let first = text.lines().next().unwrap_or("");
        let delimiter = if first.matches(';').count() > first.matches(',').count() {
            b';'
        } else {
            b','
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut records = Vec::new();
        // Lines are counted from byte offsets (the reader's own count skips
        // blank lines), each stretch of text once: linear in the file's size.
        let (mut counted_to, mut line) = (0usize, 1usize);
        for record in reader.records() {
            let record =
                record.map_err(|e| text!("import-csv-unreadable", error = e.to_string()))?;
            let mut offset = record.position().map(|p| p.byte() as usize).unwrap_or(0);
            while matches!(text.as_bytes().get(offset), Some(b'\n' | b'\r')) {
                offset += 1;
            }
            let upto = offset.min(text.len());
            if upto > counted_to {
                line += bytecount_newlines(&text.as_bytes()[counted_to..upto]);
                counted_to = upto;
            }
            records.push((
                line,
                record
                    .iter()
                    .map(|c| c.trim().to_string())
                    .collect::<Vec<_>>(),
            ));
        }
        Self::from_records(file, records)
    }

    fn read_workbook(path: &Path, file: &str) -> Result<Table, Text> {
        let unreadable = |e: String| text!("import-workbook-unreadable", error = e);
        let mut workbook = open_workbook_auto(path).map_err(|e| unreadable(e.to_string()))?;
        let range = workbook
            .worksheet_range_at(0)
            .ok_or_else(|| text!("import-workbook-empty"))?
            .map_err(|e| unreadable(e.to_string()))?;
        let start_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
        let records = range
            .rows()
            .enumerate()
            .map(|(i, row)| (start_row + i + 1, row.iter().map(cell_text).collect()))
            .collect();
        Self::from_records(file, records)
    }

    fn from_records(file: &str, records: Vec<(usize, Vec<String>)>) -> Result<Table, Text> {
        let mut records = records
            .into_iter()
            .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
        let (_, headers) = records.next().ok_or_else(|| text!("import-empty"))?;
        Ok(Table {
            file: file.to_string(),
            headers,
            rows: records.collect(),
        })
    }

    /// The table with the headers the documents use renamed to the ones
    /// the importer knows (`aliases`: normalized header, known name).
    pub fn renamed(&self, aliases: &[(&str, &str)]) -> Table {
        let mut t = self.clone();
        for h in &mut t.headers {
            let n = normalize(h);
            if let Some((_, known)) = aliases.iter().find(|(alias, _)| *alias == n) {
                *h = known.to_string();
            }
        }
        t
    }

    /// Finds the columns named in `known` (normalized names). Unknown headers
    /// and missing `required` ones are errors.
    pub fn columns(
        &self,
        known: &[&str],
        required: &[&str],
    ) -> Result<Vec<Option<usize>>, ImportErrors> {
        let mut errors = Vec::new();
        let normalized: Vec<String> = self.headers.iter().map(|h| normalize(h)).collect();
        for (i, h) in normalized.iter().enumerate() {
            if !h.is_empty() && !known.contains(&h.as_str()) {
                let id = if h.contains('\t') || h.contains('|') {
                    "import-header-separator"
                } else {
                    "import-header-unknown"
                };
                errors.push(ImportError {
                    file: self.file.clone(),
                    line: Some(1),
                    column: Some(self.headers[i].clone()),
                    message: text!(id, known = known.join(", ")),
                });
            }
        }
        for r in required {
            if !normalized.iter().any(|h| h == r) {
                errors.push(ImportError {
                    file: self.file.clone(),
                    line: Some(1),
                    column: Some(r.to_string()),
                    message: text!("import-column-missing", found = self.headers.join(", ")),
                });
            }
        }
        if !errors.is_empty() {
            return Err(ImportErrors(errors));
        }
        Ok(known
            .iter()
            .map(|k| normalized.iter().position(|h| h == k))
            .collect())
    }
}

fn bytecount_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}

/// The text of a cell: whole numbers without a decimal part, dates as ISO.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::DateTime(d) => d
            .as_datetime()
            .map(|dt| dt.date().to_string())
            .unwrap_or_else(|| d.to_string()),
        other => other.to_string().trim().to_string(),
    }
}

/// Lower case, no accents, no surrounding spaces: how headers are compared.
pub fn normalize(header: &str) -> String {
    deunicode::deunicode(header.trim()).to_lowercase()
}

/// The cell at `index` of a row, or empty.
pub(crate) fn cell(row: &[String], index: Option<usize>) -> &str {
    index
        .and_then(|i| row.get(i))
        .map(String::as_str)
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_and_semicolons_is_read() {
        let t = Table::parse_csv(
            "p.csv",
            "\u{feff}Code;Activité\n1.1.1;PTA\n\n1.1.2;Sessions\n",
        )
        .unwrap();
        assert_eq!(t.headers, vec!["Code", "Activité"]);
        assert_eq!(
            t.rows,
            vec![
                (2, vec!["1.1.1".into(), "PTA".into()]),
                (4, vec!["1.1.2".into(), "Sessions".into()])
            ]
        );
        assert_eq!(
            t.columns(&["code", "activite", "budget"], &["code"])
                .unwrap(),
            vec![Some(0), Some(1), None]
        );
    }

    #[test]
    fn a_quoted_comma_stays_in_its_cell() {
        let t = Table::parse_csv("p.csv", "numero,structures\n1,\"MAECI,MMEIA\"\n").unwrap();
        assert_eq!(t.rows[0].1[1], "MAECI,MMEIA");
    }

    #[test]
    fn unknown_and_missing_headers_are_reported() {
        let t = Table::parse_csv("p.csv", "code\tactivite\n1\tx\n").unwrap();
        let e = t
            .columns(&["code", "activite"], &["code", "activite"])
            .unwrap_err();
        assert!(e.to_string().contains("séparateur"), "{e}");
        assert_eq!(e.0.len(), 3);
    }
}
