//! One table model, many writers. A report's table is built once (in
//! `tables.rs`) as typed cells (an amount, a percentage, a day, a word of
//! the catalogue, a month of a chronogramme, an estimate's mark) with its
//! title, headers, totals and notes; the terminal, CSV, XLSX, page and
//! yearly-report writers only lay it out. A figure or a label is then right
//! everywhere or wrong everywhere, never different between two outputs.
//! (Over 400 lines with the tests of the writers, which read best beside
//! the model they lay out.)

use chrono::NaiveDate;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement};
use serde::Serialize;

use crate::text;
use crate::text::{DeadlineMark, Lang, Text};

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    /// Text as written in a document (a title, an observation).
    Text(String),
    /// A sentence or a word of the catalogue (a status, a budget line).
    Phrase(Text),
    /// A whole amount: F CFA, or thousands of F CFA for a plan's budget.
    Amount(i64),
    /// A number of things.
    Count(u64),
    /// A rate in percent; none when it cannot be computed.
    Percent(Option<f64>),
    /// A day.
    Date(NaiveDate),
    /// A deadline, marked when it is the workflow's default or an estimate.
    Deadline(NaiveDate, DeadlineMark),
    /// The months of a chronogramme, by name; whether they were worked out
    /// rather than read in the plan.
    Months(Vec<u8>, bool),
    /// A short mark centred in its cell: a month of a chronogramme (`X`),
    /// a status column's number (`1`, `2`, `3`).
    Mark(&'static str),
}

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub value: Value,
    /// Worked out rather than read in a document: marked, and explained
    /// under the table.
    pub estimated: bool,
    pub bold: bool,
    /// Filled: a planned month of a chronogramme.
    pub shaded: bool,
    /// How many columns it spans (a total's label over its text columns).
    pub span: u16,
}

impl Cell {
    pub fn new(value: Value) -> Cell {
        Cell {
            value,
            estimated: false,
            bold: false,
            shaded: false,
            span: 1,
        }
    }
    pub fn empty() -> Cell {
        Cell::new(Value::Empty)
    }
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::new(Value::Text(s.into()))
    }
    /// Text that may be missing.
    pub fn opt(s: &Option<String>) -> Cell {
        s.as_ref()
            .map_or_else(Cell::empty, |s| Cell::text(s.clone()))
    }
    pub fn phrase(t: Text) -> Cell {
        Cell::new(Value::Phrase(t))
    }
    pub fn amount(n: i64) -> Cell {
        Cell::new(Value::Amount(n))
    }
    pub fn count(n: impl TryInto<u64>) -> Cell {
        Cell::new(Value::Count(n.try_into().unwrap_or(u64::MAX)))
    }
    pub fn bold(mut self) -> Cell {
        self.bold = true;
        self
    }
    pub fn estimated(mut self, estimated: bool) -> Cell {
        self.estimated = estimated;
        self
    }
    pub fn shaded(mut self, shaded: bool) -> Cell {
        self.shaded = shaded;
        self
    }
    pub fn spanning(mut self, n: u16) -> Cell {
        self.span = n.max(1);
        self
    }

    /// Whether it reads as a number (right-aligned).
    pub fn is_number(&self) -> bool {
        matches!(
            self.value,
            Value::Amount(_) | Value::Count(_) | Value::Percent(_)
        )
    }

    /// The cell as a person reads it: amounts grouped by thousands, days in
    /// the reader's way, an estimate followed by its mark.
    pub fn shown(&self, lang: Lang) -> String {
        let text = match &self.value {
            Value::Empty => String::new(),
            Value::Text(s) => s.clone(),
            Value::Phrase(t) => t.render(lang),
            Value::Amount(n) => lang.amount(*n),
            Value::Count(n) => n.to_string(),
            Value::Percent(r) => lang.percent(*r),
            Value::Date(d) => text::short_date(*d, lang),
            Value::Deadline(d, mark) => text::deadline(*d, *mark, false, lang),
            Value::Months(months, estimated) => {
                super::render::months_shown(months, *estimated, lang)
            }
            Value::Mark(m) => m.to_string(),
        };
        if self.estimated && !text.is_empty() && !matches!(self.value, Value::Mark(_)) {
            text!("table-estimated-value", value = text).render(lang)
        } else {
            text
        }
    }

    /// The cell in a CSV file: numbers without grouping, so that a
    /// spreadsheet reads them as numbers (an estimate stays marked, as text).
    pub fn in_csv(&self, lang: Lang) -> String {
        match &self.value {
            Value::Amount(n) if !self.estimated => n.to_string(),
            Value::Percent(Some(r)) if !self.estimated => match lang {
                Lang::Fr => format!("{r:.2}").replace('.', ","),
                Lang::En => format!("{r:.2}"),
            },
            Value::Percent(None) => String::new(),
            _ => self.shown(lang),
        }
    }
}

/// A column: its header (a catalogue id, or a text such as a month's
/// letter), its width in a workbook (characters) and its share of a
/// printed page's width.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: Text,
    pub width: f64,
    pub weight: u32,
}

impl Column {
    pub fn new(header_id: &'static str, width: f64, weight: u32) -> Column {
        Column {
            header: Text::new(header_id),
            width,
            weight,
        }
    }
    /// A header that is a text of its own (a month's letter).
    pub fn plain(header: &str, width: f64, weight: u32) -> Column {
        Column {
            header: text!("table-plain", value = header),
            width,
            weight,
        }
    }
}

/// What a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowKind {
    #[default]
    Line,
    /// A total, in bold.
    Total,
}

/// One row: its cells, and the key of what it is about (an activity's
/// code, a recommendation's number) for the pages' anchors and forms.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub key: Option<String>,
    pub kind: RowKind,
}

impl Row {
    pub fn line(key: impl Into<String>, cells: Vec<Cell>) -> Row {
        Row {
            cells,
            key: Some(key.into()),
            kind: RowKind::Line,
        }
    }
    pub fn total(cells: Vec<Cell>) -> Row {
        Row {
            cells: cells.into_iter().map(Cell::bold).collect(),
            key: None,
            kind: RowKind::Total,
        }
    }
}

/// A table of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Its sheet's name in a workbook.
    pub sheet: Text,
    pub title: Text,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// What is said under it: its figures, the legend of its marks.
    pub notes: Vec<Text>,
    /// How many leading columns print a value repeated from the row above
    /// once, as merged cells do (an objective, a result); the files that
    /// are read back (CSV, XLSX) repeat it.
    pub merged: usize,
    /// Many narrow columns (a chronogramme): landscape pages in print.
    pub wide: bool,
}

impl Table {
    /// The headers in `lang`.
    pub fn headers(&self, lang: Lang) -> Vec<String> {
        self.columns.iter().map(|c| c.header.render(lang)).collect()
    }

    /// Its rows as they print: each cell's text as people read it, the
    /// leading [`Table::merged`] columns left blank where they repeat the
    /// row above (an objective, a result), as merged cells show them.
    pub fn printed(&self, lang: Lang) -> Vec<Vec<String>> {
        let mut above: Vec<String> = Vec::new();
        self.rows
            .iter()
            .map(|row| {
                let mut texts: Vec<String> = row.cells.iter().map(|c| c.shown(lang)).collect();
                if row.kind == RowKind::Line && self.merged > 0 {
                    let leading: Vec<String> = texts.iter().take(self.merged).cloned().collect();
                    // A value prints when it, or any value before it, changed.
                    let mut changed = false;
                    for (i, text) in texts.iter_mut().take(self.merged).enumerate() {
                        changed |= above.get(i) != Some(text);
                        if !changed && !text.is_empty() {
                            text.clear();
                        }
                    }
                    above = leading;
                }
                texts
            })
            .collect()
    }

    /// A row's texts with a spanning cell followed by empty ones, so that
    /// every row has a text per column.
    fn spread(row: &Row, texts: Vec<String>) -> Vec<String> {
        let mut out = Vec::new();
        for (c, t) in row.cells.iter().zip(texts) {
            out.push(t);
            out.extend((1..c.span).map(|_| String::new()));
        }
        out
    }

    /// The table for a terminal: title, the table drawn, the notes.
    pub fn terminal(&self, lang: Lang) -> String {
        let mut t = comfy_table::Table::new();
        t.load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(if self.wide { 180 } else { 160 })
            .set_header(self.headers(lang));
        for (row, texts) in self.rows.iter().zip(self.printed(lang)) {
            t.add_row(Self::spread(row, texts));
        }
        let mut out = format!("{}\n{t}", self.title.render(lang));
        for n in &self.notes {
            out.push('\n');
            out.push_str(&n.render(lang));
        }
        out
    }

    /// The table as CSV, as Excel opens it in French settings: `;` between
    /// fields, UTF-8 with a BOM, the headers and words in `lang`. A cell that
    /// a spreadsheet would read as a formula is written as text.
    pub fn csv(&self, lang: Lang) -> String {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer("\u{feff}".as_bytes().to_vec());
        w.write_record(self.headers(lang))
            .expect("writing to memory");
        for row in &self.rows {
            let mut cells = Vec::with_capacity(self.columns.len());
            for c in &row.cells {
                cells.push(inert(&c.in_csv(lang)).into_owned());
                cells.extend((1..c.span).map(|_| String::new()));
            }
            w.write_record(cells).expect("writing to memory");
        }
        String::from_utf8(w.into_inner().expect("writing to memory")).expect("UTF-8 input")
    }

    /// The table as a page shows it: headers, rows of cells with their
    /// classes, notes.
    pub fn page(&self, lang: Lang) -> PageTable {
        PageTable {
            title: self.title.render(lang),
            headers: self.headers(lang),
            rows: self
                .rows
                .iter()
                .zip(self.printed(lang))
                .map(|(r, texts)| PageRow {
                    key: r.key.clone(),
                    class: match r.kind {
                        RowKind::Line => "",
                        RowKind::Total => "total",
                    },
                    cells: r
                        .cells
                        .iter()
                        .zip(texts)
                        .map(|(c, text)| PageCell {
                            text,
                            class: [
                                (c.is_number(), "num"),
                                (c.bold, "b"),
                                (c.shaded, "m"),
                                (c.estimated, "estimated"),
                            ]
                            .iter()
                            .filter(|(on, _)| *on)
                            .map(|(_, class)| *class)
                            .collect::<Vec<_>>()
                            .join(" "),
                            span: c.span,
                        })
                        .collect(),
                })
                .collect(),
            notes: self.notes.iter().map(|n| n.render(lang)).collect(),
        }
    }
}

/// A table as a page's template lays it out.
#[derive(Debug, Clone, Serialize)]
pub struct PageTable {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<PageRow>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageRow {
    pub key: Option<String>,
    pub class: &'static str,
    pub cells: Vec<PageCell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageCell {
    pub text: String,
    pub class: String,
    pub span: u16,
}

/// A cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is
/// prefixed with `'`, so that no spreadsheet runs it as a formula (OWASP's
/// advice against CSV injection). Numbers are left as they are.
pub fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.replace(',', ".").parse::<f64>().is_err() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            sheet: text!("table-plain", value = "Essai"),
            title: text!("table-plain", value = "Essai"),
            columns: vec![
                Column::plain("A", 10.0, 1),
                Column::plain("B", 10.0, 1),
                Column::plain("C", 10.0, 1),
            ],
            rows: vec![
                Row::line(
                    "1",
                    vec![
                        Cell::text("=HYPERLINK(\"http://x\")"),
                        Cell::amount(-5),
                        Cell::amount(46_402_581).estimated(true),
                    ],
                ),
                Row::total(vec![
                    Cell::text("Total").spanning(2),
                    Cell::new(Value::Percent(Some(63.64))),
                ]),
            ],
            notes: vec![],
            merged: 0,
            wide: false,
        }
    }

    #[test]
    fn csv_cells_are_numbers_or_inert_text() {
        let csv = table().csv(Lang::Fr);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "\u{feff}A;B;C");
        assert_eq!(
            lines[1],
            "\"'=HYPERLINK(\"\"http://x\"\")\";-5;46 402 581 *"
        );
        // A spanning total keeps one field per column.
        assert_eq!(lines[2], "Total;;63,64");
    }

    #[test]
    fn every_writer_shows_the_same_figures() {
        let t = table();
        let page = t.page(Lang::Fr);
        assert_eq!(page.rows[0].cells[2].text, "46 402 581 *");
        assert_eq!(page.rows[1].cells[1].text, "63,64 %");
        assert_eq!(page.rows[1].cells[0].span, 2);
        assert!(page.rows[1].cells[0].class.contains('b'));
        let screen = t.terminal(Lang::En);
        assert!(screen.contains("46,402,581 *"), "{screen}");
        assert!(screen.contains("63.64%"), "{screen}");
    }
}
