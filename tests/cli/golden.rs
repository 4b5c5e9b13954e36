//! The figures of the 2023 report, rebuilt from events entered through the CLI.

use serde_json::json;

use crate::helpers::*;

async fn golden_numbers(backend: Backend) {
    let db = fresh_db(backend).await;
    load_example_data(&db);

    let a2023 = report(&db, "activities", "--year", "2023");
    assert_eq!(a2023["planned"], 22);
    assert_eq!(a2023["executed"], 14);
    assert_eq!(a2023["not_executed"], 8);
    assert_eq!(a2023["execution_rate"], 63.64);
    let executed: Vec<&str> = a2023["activities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["status"] == "executed")
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        executed,
        [
            "1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.1.5", "1.1.6", "1.1.7", "1.2.1", "1.2.2",
            "1.2.3", "1.3.1", "2.1.3", "2.1.6", "4.1.1"
        ]
    );

    let r2023 = report(&db, "recommendations", "--session", "2023");
    assert_eq!(r2023["total"], 5);
    assert_eq!(r2023["in_progress"], 3);
    assert_eq!(r2023["not_executed"], 2);
    assert_eq!(r2023["executed"], 0);
    let statuses: Vec<(u64, &str)> = r2023["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["number"].as_u64().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            (1, "in_progress"),
            (2, "in_progress"),
            (3, "not_executed"),
            (4, "in_progress"),
            (5, "not_executed")
        ]
    );

    let f2023 = report(&db, "finances", "--year", "2023");
    assert_eq!(f2023["total"]["notified"], 128_799_000);
    assert_eq!(f2023["total"]["engaged"], 98_515_631);
    assert_eq!(f2023["total"]["liquidated"], 54_515_711);
    assert_eq!(f2023["execution_rate"], 76.49);
    assert_eq!(
        f2023["lines"][0],
        json!({"line": "bsi", "allotted": 127_000_000, "notified": 120_650_000, "engaged": 90_402_501, "liquidated": 46_402_581, "estimated": ["liquidated"]}),
        "the report gives the liquidated total only: its split is an estimate"
    );
    assert_eq!(f2023["lines"][1]["notified"], 8_149_000);
    assert_eq!(f2023["lines"][1]["engaged"], 8_113_130);

    let a2024 = report(&db, "activities", "--year", "2024");
    assert_eq!(a2024["budget_total"], 71_500);
    assert_eq!(a2024["budgeted"], 12);
    assert_eq!(a2024["planned"], 20);
    let carried: Vec<(&str, &str)> = a2024["activities"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| Some((a["code"].as_str()?, a["carried_from"].as_str()?)))
        .collect();
    assert_eq!(carried.len(), 7, "{carried:?}");
    assert!(carried.contains(&("5.1.1", "2023:2.1.1")));

    let r2024 = report(&db, "recommendations", "--session", "2024");
    assert_eq!(r2024["total"], 3);
    let recs = r2024["recommendations"].as_array().unwrap();
    assert_eq!(recs[1]["carried_from"], "2023#3");
    assert_eq!(recs[2]["carried_from"], "2023#4");
    assert_eq!(
        recs[2]["structures"],
        json!(["DRH/MAECI", "DRH/MMEIA", "CPS/SCI"])
    );
    let r2023 = report(&db, "recommendations", "--session", "2023");
    assert_eq!(r2023["recommendations"][2]["carried_to"], "2024#2");
    assert_eq!(r2023["recommendations"][3]["carried_to"], "2024#3");

    // The table format reads like the report.
    let table = suivi(&db, &["report", "activities", "--year", "2023"])
        .ok()
        .stdout;
    assert!(
        table.contains("Tableau 3 : État d'exécution des activités du plan d'action 2023"),
        "{table}"
    );
    assert!(
        table.contains("soit un taux d'exécution de 63,64 %"),
        "{table}"
    );
    let english = suivi(
        &db,
        &["--lang", "en", "report", "finances", "--year", "2023"],
    )
    .ok()
    .stdout;
    assert!(
        english.contains("Execution rate (engaged / notified): 76.49%"),
        "{english}"
    );
    assert!(english.contains("128,799,000"), "{english}");
}

#[tokio::test]
async fn golden_numbers_on_sqlite() {
    golden_numbers(Backend::Sqlite).await;
}

#[tokio::test]
async fn golden_numbers_on_postgres() {
    golden_numbers(Backend::Postgres).await;
}

#[tokio::test]
async fn importing_the_same_files_again_adds_nothing() {
    let db = fresh_db(Backend::Sqlite).await;
    load_example_data(&db);
    let before = event_count(&db).await;
    let run = suivi(
        &db,
        &["plan", "import", "fixtures/plan-2024.csv", "--year", "2024"],
    )
    .ok();
    assert!(run.stdout.contains("Rien de nouveau"), "{}", run.stdout);
    suivi(
        &db,
        &[
            "recommendation",
            "import",
            "fixtures/recommendations-2023.csv",
            "--session",
            "2023",
        ],
    )
    .ok();
    suivi(
        &db,
        &[
            "activity",
            "carry-over",
            "--year",
            "2023",
            "--code",
            "2.1.1",
            "--to-year",
            "2024",
            "--to-code",
            "5.1.1",
        ],
    )
    .ok();
    assert_eq!(event_count(&db).await, before);
}

#[tokio::test]
async fn the_demo_command_prints_the_tables() {
    let db = fresh_db(Backend::Sqlite).await;
    let run = suivi(&db, &["demo", "--database", &db.url]).ok();
    assert!(
        run.stdout.contains("soit un taux d'exécution de 63,64 %"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("3 en cours, 2 non exécutées"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Taux d'exécution (engagé / notifié) : 76,49 %"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Coût total des activités : 71 500 milliers de F CFA"),
        "{}",
        run.stdout
    );
    // The yearly report is written beside the demo's database.
    for name in ["rapport-2023.docx", "rapport-2023.html"] {
        let path = db.dir().join(name).canonicalize().unwrap();
        assert!(
            run.stdout
                .contains(&format!("Document écrit : {}", path.display())),
            "{}",
            run.stdout
        );
        assert!(std::fs::metadata(&path).unwrap().len() > 10_000);
    }
    // A second demo into the same database is refused rather than doubled.
    let again = suivi(&db, &["demo", "--database", &db.url]);
    assert_eq!(again.code, 2, "{}", again.stderr);
}

#[tokio::test]
async fn an_xlsx_plan_is_imported_like_a_csv() {
    let db = fresh_db(Backend::Sqlite).await;
    let path = db.dir().join("plan.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    for (c, h) in ["Code", "Objectif", "Résultat", "Activité", "Budget", "Mois"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "1.1.2").unwrap();
    sheet.write_string(1, 3, "Elaboration du PTA").unwrap();
    sheet.write_string(1, 4, "PM").unwrap();
    sheet.write_number(1, 5, 1.0).unwrap();
    sheet.write_string(2, 0, "1.2.2").unwrap();
    sheet.write_string(2, 3, "Sessions du comité").unwrap();
    sheet.write_number(2, 4, 4000.0).unwrap();
    sheet.write_string(2, 5, "1 7").unwrap();
    wb.save(&path).unwrap();
    suivi(
        &db,
        &["plan", "import", path.to_str().unwrap(), "--year", "2024"],
    )
    .ok();
    let r = report(&db, "activities", "--year", "2024");
    assert_eq!(r["planned"], 2);
    assert_eq!(r["budget_total"], 4000);
    assert_eq!(r["activities"][0]["budget"], "PM");
}
