//! The sector's projects, from a table in one of two layouts.
//!
//! - **Columns**: `code, intitule, ministere, structure, type, financement,
//!   cout_total, debut, fin, statut`, and optionally `parent` (the code of a
//!   sub-project's programme), `alias` (other names, `;`-separated), `pti`
//!   (the PTI's first year), `gestionnaire` (the manager's e-mail),
//!   `presente`, `nouveau`, `dotation` (at the year's arbitration) and
//!   `estime` (`oui` for a row worked out rather than read in a document, or
//!   the names of the columns that were: `nouveau, dotation`). The seed's
//!   words are read: `Projet`, `Programme`, `BSI`, `PTF : OIM`, `en cours`.
//! - **The annex's**: one column `intitule`, the ministry on a line of its
//!   own, projects numbered under it (`1. …`), a programme's sub-projects
//!   under it as bullets (`• …`, one a line or several in one cell). Codes
//!   are made from the ministry and the numbers (`MAECI-03`, `MAECI-03.2`).
//!
//! (Over 400 lines: both layouts and their tests, which share the row they
//! make and the words they read.)

use std::collections::HashMap;

use super::{cell, normalize, ImportError, ImportErrors, Table};
use crate::config::structures::Directory;
use crate::domain::project::{Funding, ProjectCode, ProjectKind, ProjectStatus};
use crate::domain::types::{Code, Fcfa, InvalidValue, StructureCode, Year};
use crate::text;
use crate::text::Text;

/// The headers of the column layout, normalized.
pub const COLUMNS: [&str; 18] = [
    "code",
    "intitule",
    "ministere",
    "structure",
    "type",
    "financement",
    "cout_total",
    "debut",
    "fin",
    "statut",
    "parent",
    "alias",
    "pti",
    "gestionnaire",
    "presente",
    "nouveau",
    "dotation",
    "estime",
];
const REQUIRED: [&str; 3] = ["code", "intitule", "ministere"];

/// Other ways the documents head the columns.
const ALIASES: &[(&str, &str)] = &[
    ("titre", "intitule"),
    ("projet", "intitule"),
    ("ministere de tutelle", "ministere"),
    ("structure responsable", "structure"),
    ("cout total", "cout_total"),
    ("cout", "cout_total"),
    ("annee de debut", "debut"),
    ("annee de fin", "fin"),
    ("source de financement", "financement"),
    ("sources de financement", "financement"),
    ("email du gestionnaire", "gestionnaire"),
];

/// The details that may be marked as estimated one by one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Estimated {
    /// The whole row: a project the documents count without naming it.
    pub row: bool,
    pub new: bool,
    pub funded: bool,
    pub cost: bool,
}

/// One project of the file, its structures found in the directory.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectRow {
    pub line: usize,
    pub code: ProjectCode,
    pub title: String,
    pub aliases: Vec<String>,
    pub ministry: StructureCode,
    pub structure: Option<StructureCode>,
    pub kind: ProjectKind,
    pub parent: Option<ProjectCode>,
    pub funding: Vec<Funding>,
    pub total_cost: Option<Fcfa>,
    pub start: Option<Year>,
    pub end: Option<Year>,
    pub pti: Option<Year>,
    pub status: ProjectStatus,
    pub manager_email: Option<String>,
    pub presented: Option<bool>,
    pub new: Option<bool>,
    pub funded: Option<Fcfa>,
    pub estimated: Estimated,
}

impl ProjectRow {
    fn new(line: usize, code: ProjectCode, title: String, ministry: StructureCode) -> ProjectRow {
        ProjectRow {
            line,
            code,
            title,
            aliases: Vec::new(),
            ministry,
            structure: None,
            kind: ProjectKind::Projet,
            parent: None,
            funding: Vec::new(),
            total_cost: None,
            start: None,
            end: None,
            pti: None,
            status: ProjectStatus::EnCours,
            manager_email: None,
            presented: None,
            new: None,
            funded: None,
            estimated: Estimated::default(),
        }
    }
}

/// Parses every row of either layout, or returns every problem found.
pub fn parse(table: &Table, directory: &Directory) -> Result<Vec<ProjectRow>, ImportErrors> {
    let table = table.renamed(ALIASES);
    let headers: Vec<String> = table.headers.iter().map(|h| normalize(h)).collect();
    let rows = if headers.iter().any(|h| h == "ministere") {
        columns(&table, directory)?
    } else {
        annex(&table, directory)?
    };
    if rows.is_empty() {
        return Err(ImportErrors::one(ImportError::of_file(
            &table.file,
            text!("import-no-project"),
        )));
    }
    duplicates(&table.file, &rows)?;
    Ok(rows)
}

/// A code given to two rows.
fn duplicates(file: &str, rows: &[ProjectRow]) -> Result<(), ImportErrors> {
    let mut errors = ImportErrors::default();
    let mut seen: HashMap<&ProjectCode, usize> = HashMap::new();
    for r in rows {
        if let Some(first) = seen.insert(&r.code, r.line) {
            errors.push(ImportError {
                file: file.to_string(),
                line: Some(r.line),
                column: Some("code".into()),
                message: text!(
                    "import-project-twice",
                    code = r.code.to_string(),
                    first = first
                ),
            });
        }
    }
    errors.or_ok(())
}

fn yes_no(value: &str) -> Result<Option<bool>, ()> {
    match normalize(value).as_str() {
        "" => Ok(None),
        "non" | "no" | "0" => Ok(Some(false)),
        "oui" | "yes" | "1" | "x" => Ok(Some(true)),
        _ => Err(()),
    }
}

/// `Projet`, `Programme`, `Sous-projet` (a project under a programme).
fn kind(value: &str) -> Option<ProjectKind> {
    match normalize(value).replace(['-', ' '], "").as_str() {
        "" | "projet" | "p" | "sousprojet" => Some(ProjectKind::Projet),
        "programme" | "prog" => Some(ProjectKind::Programme),
        _ => None,
    }
}

/// `en cours`, `En préparation`, `achevé`, `suspendu`, or the codes.
pub fn status(value: &str) -> Option<ProjectStatus> {
    let n = normalize(value).replace([' ', '-'], "_");
    if n.is_empty() {
        return Some(ProjectStatus::EnCours);
    }
    ProjectStatus::ALL
        .iter()
        .copied()
        .find(|s| s.code() == n || (n == "termine" && *s == ProjectStatus::Acheve))
}

/// The one structure a cell names, or why not.
pub(crate) fn one_structure(directory: &Directory, written: &str) -> Result<StructureCode, Text> {
    match directory.resolve_list(written) {
        Ok(codes) if codes.len() == 1 => Ok(codes.into_iter().next().expect("one")),
        Ok(codes) => {
            let codes: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
            Err(text!(
                "import-structure-ambiguous",
                value = written,
                codes = codes.join(", ")
            ))
        }
        Err(e) => Err(e.text()),
    }
}

/// The column layout.
fn columns(table: &Table, directory: &Directory) -> Result<Vec<ProjectRow>, ImportErrors> {
    let cols = table.columns(&COLUMNS, &REQUIRED)?;
    let col = |name: &str| cols[COLUMNS.iter().position(|c| *c == name).expect("known")];
    let mut errors = ImportErrors::default();
    let mut out = Vec::new();
    for (line, row) in &table.rows {
        let mut error = |column: &str, message: Text| {
            errors.push(ImportError {
                file: table.file.clone(),
                line: Some(*line),
                column: Some(column.to_string()),
                message,
            })
        };
        let value = |name: &str| cell(row, col(name));
        let invalid = |e: InvalidValue| text::invalid_value(&e);
        let mut ok = true;
        for name in REQUIRED {
            if value(name).is_empty() {
                error(name, text!("import-cell-empty"));
                ok = false;
            }
        }
        if !ok {
            continue;
        }
        let code = ProjectCode::parse(value("code")).map_err(|e| error("code", invalid(e)));
        let ministry =
            one_structure(directory, value("ministere")).map_err(|t| error("ministere", t));
        let (Ok(code), Ok(ministry)) = (code, ministry) else {
            continue;
        };
        let mut r = ProjectRow::new(*line, code, value("intitule").to_string(), ministry);
        if !value("structure").is_empty() {
            match one_structure(directory, value("structure")) {
                Ok(s) => r.structure = Some(s),
                Err(t) => error("structure", t),
            }
        }
        r.aliases = value("alias")
            .split(';')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(String::from)
            .collect();
        match kind(value("type")) {
            Some(k) => r.kind = k,
            None => error("type", text!("import-project-kind", value = value("type"))),
        }
        if !value("parent").is_empty() {
            match ProjectCode::parse(value("parent")) {
                Ok(p) => r.parent = Some(p),
                Err(e) => error("parent", invalid(e)),
            }
        }
        r.funding = value("financement")
            .split(['+', ';', ','])
            .filter_map(Funding::parse)
            .collect();
        for (name, slot) in [
            ("cout_total", &mut r.total_cost),
            ("dotation", &mut r.funded),
        ] {
            if !value(name).is_empty() {
                match Fcfa::parse(value(name)) {
                    Ok(a) => *slot = Some(a),
                    Err(e) => error(name, invalid(e)),
                }
            }
        }
        for (name, slot) in [
            ("debut", &mut r.start),
            ("fin", &mut r.end),
            ("pti", &mut r.pti),
        ] {
            if !value(name).is_empty() {
                match Year::parse(value(name)) {
                    Ok(y) => *slot = Some(y),
                    Err(e) => error(name, invalid(e)),
                }
            }
        }
        match status(value("statut")) {
            Some(s) => r.status = s,
            None => error(
                "statut",
                text!("import-project-status", value = value("statut")),
            ),
        }
        let email = value("gestionnaire");
        if !email.is_empty() {
            if email.contains('@') && !email.contains(char::is_whitespace) {
                r.manager_email = Some(email.to_string());
            } else {
                error("gestionnaire", text!("import-email-invalid", value = email));
            }
        }
        for (name, slot) in [("presente", &mut r.presented), ("nouveau", &mut r.new)] {
            match yes_no(value(name)) {
                Ok(v) => *slot = v,
                Err(()) => error(name, text!("import-yes-no", value = value(name))),
            }
        }
        match estimated(value("estime")) {
            Ok(e) => r.estimated = e,
            Err(word) => error("estime", text!("import-estimated-column", value = word)),
        }
        out.push(r);
    }
    errors.or_ok(out)
}

/// `oui` (the whole row), `non`, or the columns worked out (`nouveau,
/// dotation, cout_total`).
fn estimated(value: &str) -> Result<Estimated, String> {
    let mut e = Estimated::default();
    match yes_no(value) {
        Ok(Some(row)) => {
            e.row = row;
            return Ok(e);
        }
        Ok(None) => return Ok(e),
        Err(()) => {}
    }
    for word in value
        .split([',', ';', ' '])
        .filter(|w| !w.trim().is_empty())
    {
        match normalize(word).as_str() {
            "nouveau" => e.new = true,
            "dotation" => e.funded = true,
            "cout_total" => e.cost = true,
            _ => return Err(word.trim().to_string()),
        }
    }
    Ok(e)
}

/// A numbered line of the annex: `3. Programme …` gives 3 and the title.
fn numbered(text: &str) -> Option<(u32, &str)> {
    let (number, rest) = text.split_once(['.', ')'])?;
    let n = number.trim().parse().ok()?;
    Some((n, rest.trim()))
}

/// The bullets of a cell: `• a • b`, `- a`, `– a`.
fn bullets(text: &str) -> Option<Vec<&str>> {
    let t = text.trim_start();
    if !t.starts_with(['•', '-', '–', '*', '◦']) {
        return None;
    }
    Some(
        t.split(['•', '◦'])
            .flat_map(|p| p.split("\n-"))
            .map(|p| p.trim().trim_start_matches(['-', '–', '*']).trim())
            .filter(|p| !p.is_empty())
            .collect(),
    )
}

/// The annex's layout: a ministry on a line of its own, numbered projects
/// under it, bullets for a programme's sub-projects.
fn annex(table: &Table, directory: &Directory) -> Result<Vec<ProjectRow>, ImportErrors> {
    table.columns(&["intitule"], &["intitule"])?;
    let mut errors = ImportErrors::default();
    let mut out: Vec<ProjectRow> = Vec::new();
    // The ministry of the lines that follow: none yet, or one the directory
    // does not know (said once, on its own line).
    let mut ministry: Option<Option<StructureCode>> = None;
    // The last numbered project of the ministry, and its sub-projects so far.
    let mut programme: Option<(usize, u32)> = None;
    for (line, row) in &table.rows {
        let text = row.first().map(|c| c.trim()).unwrap_or("");
        let error = |message: Text| ImportError {
            file: table.file.clone(),
            line: Some(*line),
            column: Some("intitule".into()),
            message,
        };
        if let Some(items) = bullets(text) {
            let Some((index, count)) = programme.as_mut() else {
                errors.push(error(text!("import-annex-bullet-alone")));
                continue;
            };
            let parent = out[*index].code.clone();
            out[*index].kind = ProjectKind::Programme;
            for item in items {
                *count += 1;
                let code = match ProjectCode::parse(&format!("{parent}.{count}")) {
                    Ok(code) => code,
                    Err(e) => {
                        errors.push(error(text::invalid_value(&e)));
                        continue;
                    }
                };
                let mut r =
                    ProjectRow::new(*line, code, item.to_string(), out[*index].ministry.clone());
                r.parent = Some(parent.clone());
                r.funding = out[*index].funding.clone();
                out.push(r);
            }
            continue;
        }
        if let Some((n, title)) = numbered(text) {
            let m = match &ministry {
                None => {
                    errors.push(error(text!("import-annex-no-ministry")));
                    continue;
                }
                Some(None) => continue,
                Some(Some(m)) => m,
            };
            let code = match ProjectCode::parse(&format!("{m}-{n:02}")) {
                Ok(code) => code,
                Err(e) => {
                    errors.push(error(text::invalid_value(&e)));
                    continue;
                }
            };
            let mut r = ProjectRow::new(*line, code, title.to_string(), m.clone());
            if normalize(title).starts_with("programme") {
                r.kind = ProjectKind::Programme;
            }
            r.funding = vec![Funding::parse("BSI").expect("BSI")];
            r.presented = Some(true);
            programme = Some((out.len(), 0));
            out.push(r);
            continue;
        }
        // A line of its own: the ministry of the projects that follow.
        programme = None;
        ministry = Some(match one_structure(directory, text) {
            Ok(m) => Some(m),
            Err(t) => {
                errors.push(error(t));
                None
            }
        });
    }
    errors.or_ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(csv: &str) -> Table {
        Table::parse_csv("bsi.csv", csv).unwrap()
    }

    fn parse(t: &Table) -> Result<Vec<ProjectRow>, ImportErrors> {
        let directory = Directory::parse(
            "s",
            "[[structure]]\ncode=\"MAECI\"\nname=\"a\"\n[[structure]]\ncode=\"MMEIA\"\nname=\"b\"\n",
        )
        .unwrap();
        super::parse(t, &directory)
    }

    #[test]
    fn the_annex_layout_reads_ministries_programmes_and_sub_projects() {
        let rows = parse(&table(
            "Intitulé\nMAECI\n1. Appui CPS\n3. Programme d'acquisition\n\
             \"• New York • Niamey\"\n• Conakry\n4. Inspection\nMMEIA\n1. Programme d'appui TOKTEN\n",
        ))
        .unwrap();
        let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "MAECI-01",
                "MAECI-03",
                "MAECI-03.1",
                "MAECI-03.2",
                "MAECI-03.3",
                "MAECI-04",
                "MMEIA-01"
            ]
        );
        assert_eq!(rows[1].kind, ProjectKind::Programme);
        assert_eq!(
            rows[3].parent.as_ref().map(|p| p.as_str()),
            Some("MAECI-03")
        );
        assert_eq!(rows[3].title, "Niamey");
        assert_eq!(rows[6].ministry.as_str(), "MMEIA");
        assert_eq!(rows[0].presented, Some(true));
        assert_eq!(rows[2].presented, None);
    }

    #[test]
    fn the_column_layout_locates_each_problem() {
        let e = parse(&table(
            "code;intitule;ministere;type;debut;statut;estime\n\
             A;Projet A;MAECI;Projet;2020;en cours;nouveau\n\
             B;Projet B;MAECI;Plan;20x;fini;peut-être\n\
             A;Projet C;MMEIA;;;;\n",
        ))
        .unwrap_err();
        let where_: Vec<(Option<usize>, Option<String>)> = e
            .listed
            .iter()
            .map(|e| (e.line, e.column.clone()))
            .collect();
        assert_eq!(
            where_,
            [
                (Some(3), Some("type".into())),
                (Some(3), Some("debut".into())),
                (Some(3), Some("statut".into())),
                (Some(3), Some("estime".into())),
            ]
        );
        let rows = parse(&table(
            "code;intitule;ministere;financement;statut;estime\n\
             A;Projet A;MAECI;BSI + PTF : OIM;En préparation;nouveau, dotation\n\
             A;Projet C;MMEIA;;;\n",
        ))
        .unwrap_err();
        assert_eq!(rows.listed[0].line, Some(3));
    }

    #[test]
    fn the_seed_words_are_read() {
        let rows = parse(&table(
            "code;intitule;ministere;financement;statut;estime;type\n\
             A;Projet A;MAECI;BSI + PTF : OIM;En préparation;nouveau, dotation;Programme\n",
        ))
        .unwrap();
        let r = &rows[0];
        assert_eq!(r.status, ProjectStatus::EnPreparation);
        assert_eq!(r.kind, ProjectKind::Programme);
        assert_eq!(r.funding.len(), 2);
        assert!(r.estimated.new && r.estimated.funded && !r.estimated.row);
    }
}
