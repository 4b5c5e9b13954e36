//! The sector's plan of the example at the command line: its JSON contract
//! and a change to an approved proposal refused until it is reopened; its
//! second quarter's progress, and an approved quarter locked the same way;
//! its follow-up report as a Word document that LibreOffice converts and
//! python-docx reads, and as HTML.

use std::process::Command;

use crate::common::{fresh_db, Backend};
use crate::helpers::{load_example_data, suivi};

#[tokio::test(flavor = "multi_thread")]
async fn the_example_sector_plan_reads_as_its_contract() {
    let db = fresh_db(Backend::Sqlite).await;
    load_example_data(&db);
    let json = suivi(
        &db,
        &[
            "report",
            "sector-plan",
            "--year",
            "2024",
            "--format",
            "json",
        ],
    )
    .ok()
    .json();
    assert_eq!(json["year"], 2024);
    let codes: Vec<&str> = json["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["1.1", "1.2", "2.1"]);
    for key in [
        "code",
        "structure",
        "objective",
        "title",
        "budget",
        "source",
    ] {
        assert!(json["activities"][0].get(key).is_some(), "{key} missing");
    }
    assert_eq!(
        json["activities"][1]["budget"],
        serde_json::Value::Null,
        "PM"
    );
    assert_eq!(
        json["by_structure"],
        serde_json::json!({"DCM": 5000, "DFM/MAECI": 2500})
    );
    assert_eq!(
        json["by_source"],
        serde_json::json!({"BSI": 5000, "Fonctionnement": 2500})
    );
    assert_eq!(
        json["structures"],
        serde_json::json!([
            {"structure": "DCM", "state": "approved"},
            {"structure": "DFM/MAECI", "state": "approved"},
            {"structure": "DRH/MMEIA", "state": "submitted"}
        ])
    );

    // An approved proposal is locked: a new canevas is refused, with the
    // reason, until the CPS reopens it.
    let canevas = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/secteur/canevas-dcm-2024.csv"
    );
    let args = [
        "sector",
        "submit",
        "--year",
        "2024",
        "--structure",
        "DCM",
        "--file",
        canevas,
    ];
    let refused = suivi(&db, &args);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("verrouillé"), "{}", refused.stderr);
    suivi(
        &db,
        &[
            "sector",
            "reopen",
            "--year",
            "2024",
            "--structure",
            "DCM",
            "--reason",
            "Activité ajoutée",
        ],
    )
    .ok();
    let again = suivi(&db, &args).ok();
    assert!(again.stdout.contains("DCM : soumis."), "{}", again.stdout);

    // The plan validated as the report says it was; its Word document says
    // so, and the call no longer changes.
    suivi(
        &db,
        &[
            "sector",
            "validate",
            "--year",
            "2024",
            "--date",
            "2023-06-30",
            "--how",
            "par échanges de courriers électroniques et d'entretiens téléphoniques",
            "--by",
            "tous les acteurs concernés",
        ],
    )
    .ok();
    let docx = db.dir().join("pta-secteur-2024.docx");
    suivi(
        &db,
        &[
            "report",
            "sector-plan",
            "--year",
            "2024",
            "--format",
            "docx",
            "--output",
            docx.to_str().unwrap(),
        ],
    )
    .ok();
    let read = std::process::Command::new("/usr/bin/python3")
        .args([
            "-c",
            "import docx, sys\n\
             d = docx.Document(sys.argv[1])\n\
             for p in d.paragraphs:\n    print(p.text)\n\
             for t in d.tables:\n    for r in t.rows:\n        print('|'.join(c.text for c in r.cells))\n",
        ])
        .arg(&docx)
        .output()
        .expect("python-docx reads it");
    let text = String::from_utf8_lossy(&read.stdout);
    assert!(
        text.contains("validé le 30 juin 2023, par échanges de courriers électroniques"),
        "{text}"
    );
    // The DCM's proposal, reopened and handed in again, awaits a decision:
    // the plan holds the DFM's alone.
    // Laid out as the seed lays out a plan: objective numbered, result,
    // activity coded, indicator and target, budget, source, the months,
    // the structure and its unit.
    assert!(
        text.contains(
            "2. Améliorer la gestion des ressources du secteur|Les dépenses sont exécutées à temps\
             |2.1. Élaboration du plan de passation des marchés *|Plan disponible ; cible : 1\
             |2 500|Fonctionnement|X|X|||||||||||DFM/MAECI – DFM"
        ),
        "{text}"
    );
    assert!(!text.contains("1.1. Atelier"), "{text}");
    assert!(text.contains("DFM/MAECI|2 500"), "{text}");
    // The workbook has the same layout, each row whole (the objective
    // repeated, for a spreadsheet's filters).
    let book = db.dir().join("pta-secteur-2024.xlsx");
    suivi(
        &db,
        &[
            "report",
            "sector-plan",
            "--year",
            "2024",
            "--format",
            "xlsx",
            "--output",
            book.to_str().unwrap(),
        ],
    )
    .ok();
    {
        use calamine::Reader;
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
        let first = wb.sheet_names()[0].clone();
        let range = wb.worksheet_range(&first).unwrap();
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        let header = rows
            .iter()
            .position(|r| r.first().is_some_and(|c| c == "OBJECTIFS"))
            .expect("the plan's header");
        assert_eq!(
            rows[header][..6],
            [
                "OBJECTIFS",
                "RÉSULTATS",
                "ACTIVITÉS",
                "INDICATEURS",
                "BUDGET (milliers F CFA)",
                "SOURCE"
            ]
        );
        assert_eq!(rows[header].last().map(String::as_str), Some("RESPONSABLE"));
        let dfm = &rows[header + 1];
        assert_eq!(
            (
                dfm[0].as_str(),
                dfm[2].as_str(),
                dfm[5].as_str(),
                dfm[6].as_str(),
                dfm[18].as_str()
            ),
            (
                "2. Améliorer la gestion des ressources du secteur",
                "2.1. Élaboration du plan de passation des marchés *",
                "Fonctionnement",
                "X",
                "DFM/MAECI – DFM"
            )
        );
    }
    let reopened = suivi(
        &db,
        &[
            "sector",
            "open",
            "--year",
            "2024",
            "--deadline",
            "2024-12-20",
            "--structures",
            "DCM",
        ],
    );
    assert_eq!(reopened.code, 2, "{}", reopened.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_example_sector_progress_reads_as_its_contract() {
    let db = fresh_db(Backend::Sqlite).await;
    load_example_data(&db);
    let json = suivi(
        &db,
        &[
            "report",
            "sector-progress",
            "--year",
            "2024",
            "--quarter",
            "2",
            "--format",
            "json",
        ],
    )
    .ok()
    .json();
    let figures = |v: &serde_json::Value| {
        (
            v["planned"].as_u64().unwrap(),
            v["executed"].as_u64().unwrap(),
            v["rate"].as_f64().unwrap(),
        )
    };
    assert_eq!(figures(&json["by_structure"]["DCM"]), (2, 1, 50.0));
    assert_eq!(figures(&json["by_structure"]["DFM/MAECI"]), (1, 1, 100.0));
    assert_eq!(json["by_structure"]["DCM"]["engaged"], 4800);
    assert_eq!(
        json["by_structure"].as_object().unwrap().len(),
        2,
        "the DRH's proposal is not approved: it has nothing to report"
    );
    assert_eq!(figures(&json["by_objective"]["1"]), (2, 1, 50.0));
    assert_eq!(figures(&json["by_objective"]["2"]), (1, 1, 100.0));
    assert_eq!(figures(&json["rolled_up"]["MAECI"]), (3, 2, 66.67));

    // The approved quarter refuses a change, with the reason, until the CPS
    // reopens it.
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/secteur/execution-dcm-2024-T2.csv"
    );
    let args = [
        "sector",
        "execution",
        "--year",
        "2024",
        "--quarter",
        "2",
        "--structure",
        "DCM",
        "--file",
        file,
    ];
    let refused = suivi(&db, &args);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("verrouillé"), "{}", refused.stderr);
    suivi(
        &db,
        &[
            "sector",
            "reopen",
            "--year",
            "2024",
            "--structure",
            "DCM",
            "--quarter",
            "2",
            "--reason",
            "Montant engagé corrigé",
        ],
    )
    .ok();
    let again = suivi(&db, &args).ok();
    assert!(again.stdout.contains("DCM : soumis."), "{}", again.stdout);
    let table = suivi(
        &db,
        &[
            "report",
            "sector-progress",
            "--year",
            "2024",
            "--quarter",
            "2",
        ],
    )
    .ok();
    assert!(table.stdout.contains("50,00 %"), "{}", table.stdout);
    assert!(
        table.stdout.contains("MAECI (ensemble)"),
        "{}",
        table.stdout
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_example_sector_follow_up_report_is_a_document() {
    let db = fresh_db(Backend::Sqlite).await;
    load_example_data(&db);
    let docx = db.dir().join("suivi-secteur-2024.docx");
    let html = db.dir().join("suivi-secteur-2024.html");
    for (kind, path) in [("docx", &docx), ("html", &html)] {
        suivi(
            &db,
            &[
                "report",
                "sector-follow-up",
                "--year",
                "2024",
                "--quarter",
                "2",
                "--document",
                kind,
                "--output",
                path.to_str().unwrap(),
            ],
        )
        .ok();
    }
    let converted = Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(db.dir())
        .arg(&docx)
        .env("HOME", db.dir())
        .output()
        .expect("LibreOffice (soffice) runs");
    assert!(
        converted.status.success() && db.dir().join("suivi-secteur-2024.pdf").exists(),
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
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    let text = String::from_utf8_lossy(&read.stdout);
    for expected in [
        "P|Title|RAPPORT DE SUIVI DU PLAN D'ACTION 2024 DU SECTEUR",
        // By structure and rolled up to the ministry, as recorded.
        "T|DCM *|2|1|50,00 %|4 800|4 800|",
        "T|MAECI (ensemble)|3|2|66,67 %|7 100|6 900|",
        // By objective.
        "T|1|Renforcer la coopération bilatérale et multilatérale|2|1|50,00 %",
        "T|2|Améliorer la gestion des ressources du secteur|1|1|100,00 %",
        // An indicator against its target.
        "T|1.2|Mission de suivi des engagements auprès des partenaires *|DCM|Rapport de mission|1|0|non exécutée",
        // A difficulty, and how the structures handed in (the DFM's
        // proposal came back once).
        "DCM, activité 1.2 (Mission de suivi des engagements auprès des partenaires) : Mission reportée faute de financement",
        "T|DFM/MAECI|à temps|1|2 sur 2 (dont 2 à temps)|0|oui",
    ] {
        assert!(
            text.lines().any(|l| l.contains(expected)),
            "{expected} in {text}"
        );
    }
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("66,67"), "{page}");
    assert!(page.contains("<svg"), "the charts are drawn");
}
