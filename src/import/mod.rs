//! Reading tables people already have: CSV as Excel writes it (`,` or `;`,
//! UTF-8 with or without BOM) or an XLSX workbook (first sheet).
//!
//! Headers are matched without case or accents. Every row is parsed before
//! anything is written; the problems are reported together (the first
//! [`LISTED`], and how many more), each with the file, line and column, so
//! the file can be fixed in one pass. A table is read within bounds
//! ([`MAX_ROWS`], [`MAX_COLUMNS`], a workbook's uncompressed size): what
//! goes beyond is refused where it begins, never read whole.
//!
//! (Over 400 lines: a third is the tests of the bounds, beside the readers they
//! check.)

pub mod annex;
pub mod plan;
pub mod projects;
pub mod recommendations;
pub mod sector;

use std::fmt;
use std::path::Path;

use calamine::{Data, Reader};

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
    /// A problem with the whole file, not one of its cells.
    pub fn of_file(file: &str, message: Text) -> ImportError {
        ImportError {
            file: file.to_string(),
            line: None,
            column: None,
            message,
        }
    }

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

/// How many problems an import lists; the others are counted.
pub const LISTED: usize = 100;

/// The most data rows an imported table may have (a plan has about fifty,
/// a session's recommendations a few dozen).
pub const MAX_ROWS: usize = 10_000;

/// The most columns an imported table may have.
pub const MAX_COLUMNS: usize = 64;

/// The most a workbook's parts may hold once uncompressed.
const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;

/// The problems found in a file: the first [`LISTED`], and how many more.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportErrors {
    pub listed: Vec<ImportError>,
    pub more: usize,
}

impl ImportErrors {
    /// One problem.
    pub fn one(e: ImportError) -> ImportErrors {
        let mut p = ImportErrors::default();
        p.push(e);
        p
    }

    /// Keeps the problem if fewer than [`LISTED`] are kept, else counts it.
    pub fn push(&mut self, e: ImportError) {
        if self.listed.len() < LISTED {
            self.listed.push(e);
        } else {
            self.more += 1;
        }
    }

    /// How many problems were found, listed or not.
    pub fn count(&self) -> usize {
        self.listed.len() + self.more
    }

    pub fn is_empty(&self) -> bool {
        self.count() == 0
    }

    /// `ok` when no problem was found.
    pub fn or_ok<T>(self, ok: T) -> Result<T, ImportErrors> {
        if self.is_empty() {
            Ok(ok)
        } else {
            Err(self)
        }
    }

    /// Every listed problem, then how many more, then that nothing was imported.
    pub fn text(&self) -> Text {
        let lines = Arg::Lines(self.listed.iter().map(|e| e.text()).collect());
        if self.more == 0 {
            text!("import-errors", lines = lines)
        } else {
            text!("import-errors-more", lines = lines, more = self.more)
        }
    }
}

impl Extend<ImportError> for ImportErrors {
    fn extend<I: IntoIterator<Item = ImportError>>(&mut self, iter: I) {
        for e in iter {
            self.push(e);
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
    /// A table typed rather than read (a form's rows, an API body's): the
    /// rows numbered from 1 as they were typed, blank ones left out; `name`
    /// stands for the file in messages.
    pub fn of_rows(name: &str, headers: &[&str], rows: Vec<Vec<String>>) -> Table {
        Table {
            file: name.to_string(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: rows
                .into_iter()
                .enumerate()
                .map(|(i, r)| (i + 1, r))
                .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
                .collect(),
        }
    }

    /// Reads a `.csv` or `.xlsx` file.
    pub fn read(path: &Path) -> Result<Table, ImportErrors> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| {
            ImportErrors::one(ImportError::of_file(
                &file,
                text!("file-unreadable", error = e.to_string()),
            ))
        })?;
        Self::from_bytes(&file, &bytes)
    }

    /// Reads the bytes of a file named `file`, whose extension says its
    /// format (`.csv`, `.txt`, `.xlsx`, `.xlsm`). At most [`MAX_ROWS`] rows
    /// of [`MAX_COLUMNS`] cells: a larger table is refused where it goes
    /// beyond, before the rest is read.
    pub fn from_bytes(file: &str, bytes: &[u8]) -> Result<Table, ImportErrors> {
        let fail = |message: Text| ImportErrors::one(ImportError::of_file(file, message));
        let ext = Path::new(file)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match ext.as_str() {
            "xlsx" | "xlsm" => Self::read_workbook(file, bytes),
            "csv" | "txt" => {
                let text =
                    std::str::from_utf8(bytes).map_err(|_| fail(text!("import-not-utf8")))?;
                Self::parse_csv(file, text)
            }
            _ => Err(fail(text!("import-format-unknown", ext = ext))),
        }
    }

    /// Parses CSV text; the separator (`;` or `,`) is the one the header uses.
    pub fn parse_csv(file: &str, text: &str) -> Result<Table, ImportErrors> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let first = text.lines().next().unwrap_or("");
        let delimiter = if first.matches(';').count() > first.matches(',').count() {
            b';'
        } else {
            b','
        };
        // A record wider than allowed is refused before the reader holds it
        // whole (a line of eight million separators, say).
        if let Some((line, fields)) = too_wide(text, delimiter) {
            return Err(ImportErrors::one(beyond(file, line, fields - 1)));
        }
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut records = Records::new(file);
        // Lines are counted from byte offsets (the reader's own count skips
        // blank lines), each stretch of text once: linear in the file's size.
        let (mut counted_to, mut line) = (0usize, 1usize);
        for record in reader.records() {
            let record = record.map_err(|e| {
                ImportErrors::one(ImportError::of_file(
                    file,
                    text!("import-csv-unreadable", error = e.to_string()),
                ))
            })?;
            let mut offset = record.position().map(|p| p.byte() as usize).unwrap_or(0);
            while matches!(text.as_bytes().get(offset), Some(b'\n' | b'\r')) {
                offset += 1;
            }
            let upto = offset.min(text.len());
            if upto > counted_to {
                line += bytecount_newlines(&text.as_bytes()[counted_to..upto]);
                counted_to = upto;
            }
            records.add(line, record.len(), || {
                record.iter().map(|c| c.trim().to_string()).collect()
            })?;
        }
        records.table()
    }

    /// The first sheet of a workbook, read cell by cell: its declared size
    /// is not trusted, and nothing beyond the limits is kept.
    fn read_workbook(file: &str, bytes: &[u8]) -> Result<Table, ImportErrors> {
        let fail = |message: Text| ImportErrors::one(ImportError::of_file(file, message));
        let unreadable = |e: String| fail(text!("import-workbook-unreadable", error = e));
        unpacked_size(bytes).map_err(&fail)?;
        let mut workbook: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes))
            .map_err(|e| unreadable(e.to_string()))?;
        let first = workbook
            .sheet_names()
            .first()
            .cloned()
            .ok_or_else(|| fail(text!("import-workbook-empty")))?;
        let mut cells = workbook
            .worksheet_cells_reader(&first)
            .map_err(|e| unreadable(e.to_string()))?;
        let mut grid: std::collections::BTreeMap<u32, Vec<String>> = Default::default();
        while let Some(cell) = cells.next_cell().map_err(|e| unreadable(e.to_string()))? {
            let value = cell_text(&Data::from(cell.get_value().clone()));
            if value.is_empty() {
                continue;
            }
            let (row, column) = cell.get_position();
            let (line, column) = (row as usize + 1, column as usize);
            if column >= MAX_COLUMNS {
                return Err(ImportErrors::one(beyond(file, line, column)));
            }
            if !grid.contains_key(&row) && grid.len() > MAX_ROWS {
                return Err(ImportErrors::one(too_many_rows(file, line)));
            }
            let cells = grid.entry(row).or_default();
            if cells.len() <= column {
                cells.resize(column + 1, String::new());
            }
            cells[column] = value;
        }
        let mut records = Records::new(file);
        for (row, cells) in grid {
            records.add(row as usize + 1, cells.len(), || cells)?;
        }
        records.table()
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
        let mut errors = ImportErrors::default();
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
        errors.or_ok(())?;
        Ok(known
            .iter()
            .map(|k| normalized.iter().position(|h| h == k))
            .collect())
    }
}

/// The non-blank rows of a table as they are read, the first one its
/// header; refused as soon as it goes beyond the limits.
struct Records<'a> {
    file: &'a str,
    rows: Vec<(usize, Vec<String>)>,
}

impl<'a> Records<'a> {
    fn new(file: &'a str) -> Records<'a> {
        Records {
            file,
            rows: Vec::new(),
        }
    }

    /// Adds the row at `line` of `width` cells (`cells` reads them).
    fn add(
        &mut self,
        line: usize,
        width: usize,
        cells: impl FnOnce() -> Vec<String>,
    ) -> Result<(), ImportErrors> {
        if width > MAX_COLUMNS {
            return Err(ImportErrors::one(beyond(self.file, line, width - 1)));
        }
        let cells = cells();
        if cells.iter().all(String::is_empty) {
            return Ok(());
        }
        // The header and MAX_ROWS rows of data.
        if self.rows.len() > MAX_ROWS {
            return Err(ImportErrors::one(too_many_rows(self.file, line)));
        }
        self.rows.push((line, cells));
        Ok(())
    }

    fn table(self) -> Result<Table, ImportErrors> {
        let mut rows = self.rows.into_iter();
        let (_, headers) = rows.next().ok_or_else(|| {
            ImportErrors::one(ImportError::of_file(self.file, text!("import-empty")))
        })?;
        Ok(Table {
            file: self.file.to_string(),
            headers,
            rows: rows.collect(),
        })
    }
}

/// The line and width of the first record of `text` with more than
/// [`MAX_COLUMNS`] fields, counted as a CSV reader splits them: separators
/// within quotes do not count, and a quoted cell may span lines.
fn too_wide(text: &str, delimiter: u8) -> Option<(usize, usize)> {
    // Where the scan stands within a field, as the CSV reader reads it: a
    // quote opens a quoted field only at its start, and a doubled quote
    // within one is a quote.
    #[derive(Clone, Copy, PartialEq)]
    enum At {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let (mut line, mut start_line, mut fields, mut at) = (1usize, 1usize, 1usize, At::FieldStart);
    for &b in text.as_bytes() {
        if b == b'\n' {
            line += 1;
        }
        at = match (at, b) {
            (At::Quoted, b'"') => At::QuoteInQuoted,
            (At::Quoted, _) => At::Quoted,
            (At::FieldStart, b'"') | (At::QuoteInQuoted, b'"') => At::Quoted,
            (_, b'\n' | b'\r') => {
                fields = 1;
                start_line = line;
                At::FieldStart
            }
            (_, _) if b == delimiter => {
                fields += 1;
                if fields > MAX_COLUMNS {
                    return Some((start_line, fields));
                }
                At::FieldStart
            }
            _ => At::Unquoted,
        };
    }
    None
}

/// The cell at `column` (from 0) of `line` is beyond the last column allowed.
fn beyond(file: &str, line: usize, column: usize) -> ImportError {
    ImportError {
        file: file.to_string(),
        line: Some(line),
        column: Some(column_name(column)),
        message: text!("import-too-many-columns", max = MAX_COLUMNS),
    }
}

/// `line` is beyond the last row allowed.
fn too_many_rows(file: &str, line: usize) -> ImportError {
    ImportError {
        file: file.to_string(),
        line: Some(line),
        column: None,
        message: text!("import-too-many-rows", max = MAX_ROWS),
    }
}

/// A spreadsheet's name of the column at `index` (from 0): A, Z, AA, XFD.
fn column_name(index: usize) -> String {
    let mut n = index + 1;
    let mut name = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        name.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

/// Refuses a workbook whose parts would take more than
/// [`MAX_UNPACKED_BYTES`] once uncompressed, as their headers declare.
fn unpacked_size(bytes: &[u8]) -> Result<u64, Text> {
    let unreadable =
        |e: zip::result::ZipError| text!("import-workbook-unreadable", error = e.to_string());
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(unreadable)?;
    let mut total = 0u64;
    for i in 0..archive.len() {
        let part = archive.by_index_raw(i).map_err(unreadable)?;
        total = total.saturating_add(part.size());
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(text!(
            "import-workbook-too-large",
            mib = total / (1024 * 1024),
            max = MAX_UNPACKED_BYTES / (1024 * 1024)
        ));
    }
    Ok(total)
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
        assert_eq!(e.count(), 3);
    }

    #[test]
    fn a_csv_longer_than_allowed_is_refused_at_the_first_row_beyond() {
        let mut csv = String::from("code;activite\n");
        for _ in 0..MAX_ROWS + 5 {
            csv.push_str("x;\n");
        }
        let e = Table::parse_csv("p.csv", &csv).unwrap_err();
        assert_eq!(e.count(), 1);
        let at = &e.listed[0];
        assert_eq!(at.line, Some(MAX_ROWS + 2));
        assert!(at.to_string().contains("10000 lignes"), "{at}");
        // Exactly the limit is read.
        let mut csv = String::from("code;activite\n");
        for _ in 0..MAX_ROWS {
            csv.push_str("x;\n");
        }
        assert_eq!(
            Table::parse_csv("p.csv", &csv).unwrap().rows.len(),
            MAX_ROWS
        );
    }

    #[test]
    fn a_row_wider_than_allowed_is_refused_with_its_column() {
        let wide = ";".repeat(MAX_COLUMNS);
        let e = Table::parse_csv("p.csv", &format!("code;activite\n1;x\n{wide}\n")).unwrap_err();
        assert_eq!(e.listed[0].line, Some(3));
        assert_eq!(e.listed[0].column.as_deref(), Some("BM"));
        // Separators within quotes are a cell's text, not columns.
        let quoted = format!("code;activite\n1;\"{wide}\"\n");
        assert_eq!(Table::parse_csv("p.csv", &quoted).unwrap().rows.len(), 1);
        // A quote within an unquoted cell is a character: what follows counts.
        let e = Table::parse_csv("p.csv", &format!("code;activite\n1;a\"b{wide}\n")).unwrap_err();
        assert_eq!(e.listed[0].line, Some(2));
        // Lines ended by CR alone are records too.
        let cr = "code;activite\r1;x\r".repeat(40);
        assert!(too_wide(&cr, b';').is_none());
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16_383), "XFD");
    }

    #[test]
    fn only_the_first_problems_are_kept_and_the_others_counted() {
        let mut e = ImportErrors::default();
        for line in 0..LISTED + 150 {
            e.push(ImportError {
                file: "p.csv".into(),
                line: Some(line),
                column: None,
                message: text!("import-title-empty"),
            });
        }
        assert_eq!(
            (e.listed.len(), e.more, e.count()),
            (LISTED, 150, LISTED + 150)
        );
        let shown = e.to_string();
        assert!(shown.contains("150 autre(s) erreur(s)"), "{shown}");
        assert_eq!(shown.matches("p.csv:").count(), LISTED);
    }

    /// A workbook with `cells` (row and column from 0, text).
    fn workbook(cells: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (row, column, text) in cells {
            sheet.write_string(*row, *column, *text).unwrap();
        }
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn a_workbook_is_read_cell_by_cell_and_refused_beyond_the_limits() {
        let ok = workbook(&[
            (0, 0, "code"),
            (0, 1, "activite"),
            (2, 0, "1.1.1"),
            (2, 1, "PTA"),
        ]);
        let t = Table::from_bytes("plan.xlsx", &ok).unwrap();
        assert_eq!(t.headers, vec!["code", "activite"]);
        assert_eq!(
            t.rows,
            vec![(3, vec!["1.1.1".to_string(), "PTA".to_string()])]
        );
        // The last cell a sheet can have: refused where it is, not allocated.
        let far = workbook(&[(0, 0, "code"), (1_048_575, 16_383, "x")]);
        let e = Table::from_bytes("plan.xlsx", &far).unwrap_err();
        assert_eq!(e.listed[0].line, Some(1_048_576));
        assert_eq!(e.listed[0].column.as_deref(), Some("XFD"));
        // Far below is no matter: rows are counted, not lines.
        let low = workbook(&[(0, 0, "code"), (1_048_575, 0, "x")]);
        assert_eq!(
            Table::from_bytes("plan.xlsx", &low).unwrap().rows[0].0,
            1_048_576
        );
        let long: Vec<(u32, u16, &str)> = (0..=MAX_ROWS as u32 + 1).map(|r| (r, 0, "x")).collect();
        let e = Table::from_bytes("plan.xlsx", &workbook(&long)).unwrap_err();
        assert_eq!(e.listed[0].line, Some(MAX_ROWS + 2));
        assert!(e.to_string().contains("10000 lignes"), "{e}");
        let e = Table::from_bytes("plan.ods", &ok).unwrap_err();
        assert!(e.to_string().contains(".xlsx"), "{e}");
    }
}
