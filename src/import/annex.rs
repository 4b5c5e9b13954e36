//! The report's annex tables, from simple tables the CPS already keeps:
//! - `inventaire`: `categorie, materiel, bon, passable, mauvais` (categories
//!   `parc_auto` and `parc_informatique`; an empty count is 0);
//! - `personnel`: `nom, corps, fonction, statut`;
//! - `reunions`: `organisateur, lieu, theme, dates`;
//! - `projets_bsi`: `ministere, intitule`.

use super::{cell, ImportError, ImportErrors, Table};
use crate::domain::annex::{
    AnnexKind, AnnexRows, BsiProject, Equipment, EquipmentCategory, Meeting, StaffMember,
};
use crate::text;
use crate::text::Text;

/// The columns of each kind (normalized names) and which are required.
pub fn columns(kind: AnnexKind) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        AnnexKind::Inventaire => (
            &["categorie", "materiel", "bon", "passable", "mauvais"],
            &["categorie", "materiel"],
        ),
        AnnexKind::Personnel => (&["nom", "corps", "fonction", "statut"], &["nom", "statut"]),
        AnnexKind::Reunions => (
            &["organisateur", "lieu", "theme", "dates"],
            &["organisateur", "theme"],
        ),
        AnnexKind::ProjetsBsi => (&["ministere", "intitule"], &["ministere", "intitule"]),
    }
}

/// Parses every row of an annex table, or returns every problem found.
pub fn parse(table: &Table, kind: AnnexKind) -> Result<AnnexRows, ImportErrors> {
    let (known, required) = columns(kind);
    let cols = table.columns(known, required)?;
    let mut errors = ImportErrors::default();
    let mut equipment = Vec::new();
    let mut staff = Vec::new();
    let mut meetings = Vec::new();
    let mut projects = Vec::new();
    for (line, row) in &table.rows {
        let mut error = |column: &str, message: Text| {
            errors.push(ImportError {
                file: table.file.clone(),
                line: Some(*line),
                column: Some(column.to_string()),
                message,
            })
        };
        let text_of = |i: usize| cell(row, cols[i]).to_string();
        for (i, name) in known.iter().enumerate() {
            if required.contains(name) && cell(row, cols[i]).is_empty() {
                error(name, text!("import-cell-empty"));
            }
        }
        match kind {
            AnnexKind::Inventaire => {
                let category = cell(row, cols[0]).parse::<EquipmentCategory>();
                let mut count = |i: usize| {
                    let value = cell(row, cols[i]);
                    if value.is_empty() {
                        return Some(0);
                    }
                    let n = value.parse::<u32>().ok().filter(|n| *n <= 100_000);
                    if n.is_none() {
                        error(known[i], text!("import-count-invalid", value = value));
                    }
                    n
                };
                let (good, fair, poor) = (count(2), count(3), count(4));
                match category {
                    Err(e) if !cell(row, cols[0]).is_empty() => {
                        error("categorie", crate::text::unknown_code(&e))
                    }
                    Err(_) => {}
                    Ok(category) => {
                        if let (Some(good), Some(fair), Some(poor)) = (good, fair, poor) {
                            equipment.push(Equipment {
                                category,
                                item: text_of(1),
                                good,
                                fair,
                                poor,
                            });
                        }
                    }
                }
            }
            AnnexKind::Personnel => staff.push(StaffMember {
                name: text_of(0),
                corps: text_of(1),
                function: text_of(2),
                status: text_of(3),
            }),
            AnnexKind::Reunions => meetings.push(Meeting {
                organiser: text_of(0),
                place: text_of(1),
                theme: text_of(2),
                dates: text_of(3),
            }),
            AnnexKind::ProjetsBsi => projects.push(BsiProject {
                ministry: text_of(0),
                title: text_of(1),
            }),
        }
    }
    errors.or_ok(())?;
    Ok(match kind {
        AnnexKind::Inventaire => AnnexRows::Inventaire(equipment),
        AnnexKind::Personnel => AnnexRows::Personnel(staff),
        AnnexKind::Reunions => AnnexRows::Reunions(meetings),
        AnnexKind::ProjetsBsi => AnnexRows::ProjetsBsi(projects),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inventory_reads_empty_counts_as_zero() {
        let t = Table::parse_csv(
            "i.csv",
            "categorie;materiel;bon;passable;mauvais\nparc_informatique;Ordinateur Portable;1;;3\n",
        )
        .unwrap();
        let AnnexRows::Inventaire(rows) = parse(&t, AnnexKind::Inventaire).unwrap() else {
            panic!("an inventory")
        };
        assert_eq!(rows[0].quantity(), 4);
        assert_eq!(rows[0].fair, 0);
    }

    #[test]
    fn every_bad_cell_is_located() {
        let t = Table::parse_csv(
            "i.csv",
            "categorie;materiel;bon;passable;mauvais\nparc_moto;Mobylette;x;1;1\n;;1;1;1\n",
        )
        .unwrap();
        let e = parse(&t, AnnexKind::Inventaire).unwrap_err();
        let lines: Vec<_> = e
            .listed
            .iter()
            .map(|e| (e.line, e.column.clone()))
            .collect();
        assert_eq!(
            lines,
            vec![
                (Some(2), Some("bon".into())),
                (Some(2), Some("categorie".into())),
                (Some(3), Some("categorie".into())),
                (Some(3), Some("materiel".into())),
            ]
        );
    }
}
