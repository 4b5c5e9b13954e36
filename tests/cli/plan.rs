//! The plan in its own table, indicators with a target and an achieved
//! value, and the activities' costs set against the credits.

use calamine::{open_workbook_auto, Data, Reader};

use super::helpers::*;

#[tokio::test(flavor = "multi_thread")]
async fn the_plan_is_laid_out_as_the_report_prints_it() {
    let db = fresh_db(Backend::Sqlite).await;
    suivi(&db, &["demo", "--database", &db.url]).ok();
    let plan = report(&db, "plan", "--year", "2024");
    let lines = plan["activities"].as_array().unwrap();
    assert_eq!(lines.len(), 20);
    assert_eq!(
        (plan["total"].as_u64(), plan["budgeted"].as_u64()),
        (Some(71_500), Some(12))
    );
    let sessions = lines.iter().find(|l| l["code"] == "1.2.2").unwrap();
    assert_eq!(sessions["months"], serde_json::json!([1, 7]));
    assert_eq!(sessions["months_estimated"], true);
    assert_eq!(sessions["budget"], 4000);
    assert_eq!(
        sessions["responsible"],
        "Unité planification et Unité suivi évaluation"
    );
    assert_eq!(lines[0]["budget"], "PM");

    let table = suivi(&db, &["report", "plan", "--year", "2024"])
        .ok()
        .stdout;
    assert!(table.starts_with("Plan d'action 2024"), "{table}");
    assert!(table.contains("71 500"), "{table}");
    assert!(
        table.contains("e : mois estimés, que le plan ne donne pas"),
        "{table}"
    );
    let csv = suivi(
        &db,
        &["report", "plan", "--year", "2024", "--format", "csv"],
    )
    .ok()
    .stdout;
    // The same headers and marks as the printed plan, in French; the
    // objective and result on every row, for a spreadsheet's filters.
    let header = csv.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert_eq!(
        header,
        "OBJECTIFS;RÉSULTATS;ACTIVITÉS;INDICATEURS;BUDGET (milliers F CFA);J;F;M;A;M;J;J;A;S;O;N;D;RESPONSABLE"
    );
    let row = csv.lines().find(|l| l.contains(";1.2.2. ")).unwrap();
    assert!(row.starts_with("1. "), "{row}");
    // Its months were worked out: marked « e », not « X ».
    assert!(row.contains(";4000;e;;;;;;e;;;;;;"), "{row}");

    let path = db.dir().join("plan.xlsx");
    suivi(
        &db,
        &[
            "report",
            "plan",
            "--year",
            "2024",
            "--format",
            "xlsx",
            "--output",
            path.to_str().unwrap(),
        ],
    )
    .ok();
    let mut wb = open_workbook_auto(&path).unwrap();
    let range = wb.worksheet_range("Plan 2024").unwrap();
    let cell = |r: u32, c: u32| range.get_value((r, c)).cloned();
    assert_eq!(cell(2, 5), Some(Data::String("J".into())));
    assert_eq!(cell(2, 16), Some(Data::String("D".into())));
    let total_row = 3 + 20;
    assert_eq!(cell(total_row, 4), Some(Data::Float(71_500.0)));
    let none = suivi(&db, &["report", "plan", "--year", "2031"]);
    assert_eq!(none.code, 2, "{}", none.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn indicators_carry_a_target_and_an_achieved_value() {
    let db = fresh_db(Backend::Sqlite).await;
    suivi(&db, &["demo", "--database", &db.url]).ok();
    let set = |args: &[&str]| {
        let mut all = vec!["activity", "indicator", "--year", "2024", "--code", "1.2.2"];
        all.extend(args);
        suivi(&db, &all)
    };
    set(&["--target", "2 sessions"]).ok();
    set(&["--achieved", "1 session"]).ok();
    let events = event_count(&db).await;
    let empty = set(&[]);
    assert_eq!(empty.code, 2, "{}", empty.stderr);
    assert!(empty.stderr.contains("--target"), "{}", empty.stderr);
    assert_eq!(event_count(&db).await, events);

    // The plan, Tableau 3 and the progress report all show them.
    let plan = report(&db, "plan", "--year", "2024");
    let line = plan["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == "1.2.2")
        .unwrap()
        .clone();
    assert_eq!(
        (line["target"].as_str(), line["achieved"].as_str()),
        (Some("2 sessions"), Some("1 session"))
    );
    let t3 = report(&db, "activities", "--year", "2024");
    let line = t3["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == "1.2.2")
        .unwrap()
        .clone();
    assert_eq!(line["indicator"], "2 sessions organisées");
    assert_eq!(line["target"], "2 sessions");
    let csv = suivi(
        &db,
        &["report", "activities", "--year", "2024", "--format", "csv"],
    )
    .ok()
    .stdout;
    assert!(
        csv.contains("2 sessions organisées ; cible : 2 sessions ; réalisé : 1 session"),
        "{csv}"
    );
    let progress = suivi(
        &db,
        &[
            "report",
            "progress",
            "--year",
            "2024",
            "--as-of",
            "2024-07-01",
            "--format",
            "json",
        ],
    )
    .ok()
    .json();
    let line = progress["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == "1.2.2")
        .unwrap()
        .clone();
    assert_eq!(line["achieved"], "1 session");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_activities_costs_are_set_against_the_credits() {
    let db = fresh_db(Backend::Sqlite).await;
    suivi(&db, &["demo", "--database", &db.url]).ok();
    // The six costs chapter II of the 2023 report gives: 25 000 000 F CFA.
    let t3 = report(&db, "activities", "--year", "2023");
    assert_eq!(
        t3["costs"],
        serde_json::json!({"engaged": 25_000_000, "liquidated": 25_000_000, "costed": 6})
    );
    let line = t3["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == "2.1.3")
        .unwrap()
        .clone();
    assert_eq!(
        (line["engaged"].as_i64(), line["liquidated"].as_i64()),
        (Some(10_000_000), Some(10_000_000))
    );
    // The execution rate is unchanged by them.
    assert_eq!(t3["execution_rate"], 63.64);

    let f = report(&db, "finances", "--year", "2023");
    let c = &f["activity_costs"];
    assert_eq!(c["engaged_difference"], 98_515_631 - 25_000_000);
    assert_eq!(c["liquidated_difference"], 54_515_711 - 25_000_000);
    let table = suivi(&db, &["report", "finances", "--year", "2023"])
        .ok()
        .stdout;
    assert!(
        table.contains("Coûts enregistrés sur les activités"),
        "{table}"
    );
    assert!(table.contains("73 515 631"), "{table}");
    let csv = suivi(
        &db,
        &["report", "finances", "--year", "2023", "--format", "csv"],
    )
    .ok()
    .stdout;
    assert!(
        csv.contains("Écart (crédits − activités);;;73515631;29515711"),
        "{csv}"
    );
    // A frozen year's snapshot keeps the execution table as defined, and verifies.
    let out = suivi(&db, &["snapshot", "take", "--year", "2023"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    suivi(&db, &["snapshot", "verify", "--year", "2023"]).ok();
}
