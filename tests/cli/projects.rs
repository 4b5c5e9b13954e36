//! The sector's projects at the command line, on the example data: the
//! portfolio's JSON contract, a ministry's revue report as a Word document
//! that LibreOffice converts and python-docx reads, a mission's
//! recommendations to an embassy, and the yearly report kept apart from them.

use std::process::Command;

use crate::common::{fresh_db, Backend};
use crate::helpers::{load_example_data, suivi};

#[tokio::test(flavor = "multi_thread")]
async fn the_projects_of_the_example_read_as_the_report_and_the_revues_write_them() {
    let db = fresh_db(Backend::Sqlite).await;
    load_example_data(&db);

    // The portfolio's JSON, as other tools read it.
    let json = suivi(
        &db,
        &[
            "report",
            "projects",
            "--year",
            "2024",
            "--as-of",
            "2024-10-20",
            "--format",
            "json",
        ],
    )
    .ok()
    .json();
    assert_eq!(
        (
            &json["year"],
            &json["presented"],
            &json["new"],
            &json["funded"]
        ),
        (&2024.into(), &11.into(), &3.into(), &10.into())
    );
    let tokten = json["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "MMEIA-01")
        .unwrap();
    for key in [
        "code",
        "title",
        "ministry",
        "status",
        "allotted",
        "notified",
        "engaged",
        "liquidated",
        "financial_rate",
        "physical_rate",
        "physical_date",
        "late",
    ] {
        assert!(tokten.get(key).is_some(), "{key} missing: {tokten}");
    }
    assert_eq!(tokten["financial_rate"], 75.0);
    assert_eq!(tokten["physical_rate"], 60.0);
    assert_eq!(tokten["late"], false);

    // The revue of the MMEIA as a Word document, with a recommendation
    // addressed for one of its projects.
    suivi(
        &db,
        &[
            "project",
            "difficulties",
            "--ministry",
            "MMEIA",
            "--year",
            "2023",
            "--code",
            "MMEIA-01",
            "--text",
            "Retards de décaissement",
        ],
    )
    .ok();
    suivi(
        &db,
        &[
            "recommendation",
            "add",
            "--session",
            "projets-MMEIA-2023",
            "--number",
            "1",
            "--project",
            "MMEIA-01",
            "--structures",
            "DFM/MMEIA",
            "--due",
            "2023-12-31",
            "--text",
            "Accélérer les décaissements du programme",
        ],
    )
    .ok();
    let docx = db.dir().join("revue-mmeia-2023.docx");
    suivi(
        &db,
        &[
            "project",
            "report",
            "--ministry",
            "MMEIA",
            "--year",
            "2023",
            "--document",
            "docx",
            "--output",
            docx.to_str().unwrap(),
        ],
    )
    .ok();
    let converted = Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(db.dir())
        .arg(&docx)
        .env("HOME", db.dir())
        .output()
        .expect("LibreOffice (soffice) runs");
    assert!(
        converted.status.success() && db.dir().join("revue-mmeia-2023.pdf").exists(),
        "{}",
        String::from_utf8_lossy(&converted.stderr)
    );
    let read = Command::new("/usr/bin/python3")
        .args([
            "-c",
            "import docx, sys\n\
             d = docx.Document(sys.argv[1])\n\
             for p in d.paragraphs:\n    print('P|' + p.style.name + '|' + p.text)\n\
             for t in d.tables:\n    for r in t.rows:\n        print('T|' + '|'.join(c.text for c in r.cells))\n",
        ])
        .arg(&docx)
        .output()
        .expect("python-docx reads it");
    let text = String::from_utf8_lossy(&read.stdout);
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    assert!(
        text.to_uppercase()
            .contains("REVUE ANNUELLE DES PROJETS/PROGRAMMES DU MMEIA – EXERCICE 2022"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("T|MMEIA-01|Programme d'appui TOKTEN")
                && l.ends_with("|Retards de décaissement")),
        "{text}"
    );
    assert!(
        text.contains("Pour le Programme d'appui TOKTEN")
            && text.contains("Accélérer les décaissements du programme"),
        "{text}"
    );

    // The mission to Rabat: its recommendations go to the embassy.
    let rabat = suivi(
        &db,
        &[
            "report",
            "recommendations",
            "--session",
            "projets-rabat-2023",
            "--format",
            "json",
        ],
    )
    .ok()
    .json();
    let lines = rabat["recommendations"].as_array().unwrap();
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().all(
        |l| l["structures"] == serde_json::json!(["MDC/RABAT"]) && l["project"] == "MDC-RABAT"
    ));

    // The yearly report follows neither the revues' nor the missions' sessions.
    let html = db.dir().join("rapport-2023.html");
    suivi(
        &db,
        &[
            "report",
            "annual",
            "--year",
            "2023",
            "--format",
            "html",
            "--output",
            html.to_str().unwrap(),
        ],
    )
    .ok();
    let page = std::fs::read_to_string(&html).unwrap();
    // (Its narrative of activity 1.3.1 quotes the missions' recommendations,
    // as the seed does; no table of their sessions.)
    assert!(
        page.contains("Session : 2023"),
        "the Comité's session is there"
    );
    for session in [
        "projets-rabat-2023",
        "projets-caire-2023",
        "projets-MMEIA-2023",
    ] {
        assert!(!page.contains(session), "{session} in the yearly report");
    }
}

/// A project's sheet, named as the narrative names it: its quarters of 2024
/// and their figures, as JSON and as the CSV of its figures.
#[tokio::test(flavor = "multi_thread")]
async fn a_project_sheet_reads_its_figures_and_quarters_by_any_of_its_names() {
    let db = fresh_db(Backend::Sqlite).await;
    load_example_data(&db);
    let sheet = suivi(
        &db,
        &[
            "project",
            "show",
            "--code",
            "projet tokten",
            "--year",
            "2024",
            "--as-of",
            "2024-10-20",
            "--format",
            "json",
        ],
    )
    .ok()
    .json();
    assert_eq!(sheet["code"], "MMEIA-01");
    assert_eq!(sheet["line"]["financial_rate"], 75.0);
    let quarters = sheet["quarters"].as_array().unwrap();
    assert_eq!(quarters.len(), 4);
    assert_eq!(quarters[0]["due"], "2024-04-15");
    assert_eq!(
        quarters
            .iter()
            .map(|q| q["figures"].clone())
            .collect::<Vec<_>>(),
        [true, true, true, false].map(serde_json::Value::from)
    );
    let csv = suivi(
        &db,
        &[
            "project", "show", "--code", "MMEIA-01", "--year", "2024", "--format", "csv",
        ],
    )
    .ok()
    .stdout;
    let rows: Vec<&str> = csv.lines().collect();
    assert!(
        rows[0]
            .trim_start_matches('\u{feff}')
            .starts_with("DATE;CHIFFRE;SOURCE"),
        "{csv}"
    );
    // The example's figures are estimated, and marked so.
    assert!(
        rows.iter()
            .any(|r| r.starts_with("30/09/2024;taux physique;;;60,00")
                && r.ends_with(" *;Situation du troisième trimestre")),
        "{csv}"
    );

    // An unknown name is refused as such.
    let unknown = suivi(
        &db,
        &["project", "show", "--code", "Projet X", "--year", "2024"],
    );
    assert_ne!(unknown.code, 0);
    assert!(
        unknown.stderr.contains("projet Projet X inconnu"),
        "{}",
        unknown.stderr
    );
}
