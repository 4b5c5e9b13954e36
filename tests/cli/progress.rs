//! Following the plan during the year: progress recorded by activity, and
//! the progress report that says which activities are late on a day.

use calamine::{open_workbook_auto, Data, Reader};

use super::helpers::*;

fn progress(db: &TestDb, code: &str, percent: &str, date: &str, note: Option<&str>) -> Run {
    let mut args = vec![
        "activity",
        "progress",
        "--year",
        "2024",
        "--code",
        code,
        "--percent",
        percent,
        "--date",
        date,
    ];
    if let Some(n) = note {
        args.extend(["--note", n]);
    }
    suivi(db, &args)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_first_half_shows_which_activities_are_late() {
    let db = fresh_db(Backend::Sqlite).await;
    suivi(&db, &["demo", "--database", &db.url]).ok();
    // Reported at 100 % by its unit, and recorded as executed by the CPS.
    progress(&db, "1.1.2", "100", "2024-01-26", None).ok();
    suivi(
        &db,
        &[
            "activity",
            "execute",
            "--year",
            "2024",
            "--code",
            "1.1.2",
            "--date",
            "2024-01-26",
        ],
    )
    .ok();
    progress(
        &db,
        "1.2.3",
        "40",
        "2024-06-10",
        Some("Projet de PTA transmis"),
    )
    .ok();
    progress(
        &db,
        "1.2.2",
        "50",
        "2024-01-26",
        Some("Première session tenue"),
    )
    .ok();

    // Progress never goes back without a reason, and stays within 0–100.
    let events = event_count(&db).await;
    let back = progress(&db, "1.2.3", "20", "2024-06-20", None);
    assert_eq!(back.code, 2, "{}", back.stderr);
    assert!(
        back.stderr.contains("recule de 40 % à 20 %"),
        "{}",
        back.stderr
    );
    let over = progress(&db, "1.2.3", "140", "2024-06-20", None);
    assert_eq!(over.code, 2, "{}", over.stderr);
    assert!(over.stderr.contains("de 0 à 100"), "{}", over.stderr);
    assert_eq!(event_count(&db).await, events, "nothing written");

    let r = suivi(
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
    assert_eq!(
        (r["year"].as_i64(), r["quarter"].as_i64()),
        (Some(2024), Some(3))
    );
    assert_eq!(r["as_of"], "2024-07-01");
    let late: Vec<&str> = r["activities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["late"] == true)
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    // Everything due by the end of June and not done: 1.2.3 is at 40 %.
    assert_eq!(
        late,
        ["1.2.3", "1.2.4", "1.2.5", "1.2.6", "2.2.1", "2.2.2", "2.2.3"]
    );
    let line = |code: &str| {
        r["activities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["code"] == code)
            .unwrap()
            .clone()
    };
    let done = line("1.1.2");
    assert_eq!(
        (done["status"].as_str(), done["percent"].as_i64()),
        (Some("executed"), Some(100))
    );
    assert_eq!(done["responsible"], "Unité planification");
    assert_eq!(done["deadline"], "2024-01-31");
    let sessions = line("1.2.2");
    assert_eq!(sessions["status"], "in_progress");
    assert_eq!(sessions["late"], false, "due at the end of July");
    assert_eq!(sessions["months_so_far"], 2, "January and July have begun");
    assert_eq!((r["late"].as_i64(), r["done"].as_i64()), (Some(7), Some(1)));
    assert_eq!(r["on_track"].as_i64(), Some(12));
    let planning = r["by_unit"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["key"] == "CPS/SCI/PLANIFICATION")
        .unwrap();
    assert_eq!(
        (planning["late"].as_i64(), planning["done"].as_i64()),
        (Some(5), Some(1))
    );

    // The first quarter: nothing of June counts yet, the progress of June neither.
    let q1 = suivi(
        &db,
        &[
            "report",
            "progress",
            "--year",
            "2024",
            "--quarter",
            "1",
            "--format",
            "json",
        ],
    )
    .ok()
    .json();
    assert_eq!(q1["as_of"], "2024-03-31");
    assert_eq!(q1["late"].as_i64(), Some(0));

    // The screen table puts the late first and names the estimated months.
    let table = suivi(
        &db,
        &[
            "report",
            "progress",
            "--year",
            "2024",
            "--as-of",
            "2024-07-01",
        ],
    )
    .ok()
    .stdout;
    assert!(
        table.contains("7 en retard, 12 dans les temps, 1 réalisée,"),
        "{table}"
    );
    assert!(table.contains("(estimés)"), "{table}");
    let first_row = table
        .lines()
        .find(|l| l.contains("┆ 1.") || l.contains("│ 1.") || l.contains("│ 2."))
        .unwrap();
    assert!(first_row.contains("1.2.3"), "{first_row}");

    // CSV and a workbook that a standard reader opens.
    let csv = suivi(
        &db,
        &[
            "report",
            "progress",
            "--year",
            "2024",
            "--as-of",
            "2024-07-01",
            "--format",
            "csv",
        ],
    )
    .ok()
    .stdout;
    // The same columns and words as the screen's, in French.
    assert!(csv
        .trim_start_matches('\u{feff}')
        .starts_with("ACTIVITÉS;INDICATEURS;RESPONSABLE;MOIS;ÉCHÉANCE;AVANCEMENT;STATUT;NOTE"));
    let late = csv.lines().nth(1).unwrap();
    assert!(
        late.starts_with("1.2.3. ") && late.contains("en cours, EN RETARD"),
        "{csv}"
    );
    let path = db.dir().join("avancement.xlsx");
    suivi(
        &db,
        &[
            "report",
            "progress",
            "--year",
            "2024",
            "--as-of",
            "2024-07-01",
            "--format",
            "xlsx",
            "--output",
            path.to_str().unwrap(),
        ],
    )
    .ok();
    let mut wb = open_workbook_auto(&path).unwrap();
    let range = wb.worksheet_range("Avancement 2024").unwrap();
    let activities: Vec<String> = (3..23)
        .map(|r| match range.get_value((r, 0)) {
            Some(Data::String(s)) => s.clone(),
            other => panic!("row {r}: {other:?}"),
        })
        .collect();
    assert_eq!(activities.len(), 20);
    // Late first, as on the screen.
    assert!(activities[0].starts_with("1.2.3. "), "{activities:?}");
    // A quarter that does not exist, a plan that does not.
    let bad = suivi(
        &db,
        &["report", "progress", "--year", "2024", "--quarter", "5"],
    );
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    let none = suivi(&db, &["report", "progress", "--year", "2030"]);
    assert_eq!(none.code, 2, "{}", none.stderr);
    assert!(none.stderr.contains("2030"), "{}", none.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_2023_calendar_is_the_one_the_report_gives() {
    let db = fresh_db(Backend::Sqlite).await;
    let entries = suivi(
        &db,
        &["calendar", "show", "--year", "2023", "--format", "json"],
    )
    .ok()
    .json();
    let ids: Vec<&str> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    for id in [
        "pta_cps",
        "lancement_processus_budgetaire",
        "revue_projets_programmes_maeci",
        "revue_projets_programmes_mmeia",
        "dppd_pap_rap_maeci",
        "dppd_pap_rap_mmeia",
        "rapport_suivi_plan_sectoriel",
        "revue_credd_session_technique",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    let maeci = entries
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "revue_projets_programmes_maeci")
        .unwrap();
    assert_eq!(maeci["deadline"], "2023-03-31");
    assert!(maeci["source"].as_str().unwrap().contains("tableau 3"));
    // On screen, a date the report does not give says so.
    let table = suivi(&db, &["calendar", "show", "--year", "2023"])
        .ok()
        .stdout;
    assert!(table.contains("30 avril 2023 (date estimée)"), "{table}");
    assert!(table.contains("31 mars 2023"), "{table}");
    // The calendars of 2026 and 2027 are shipped, every date marked estimated.
    for year in ["2026", "2027"] {
        let table = suivi(&db, &["calendar", "show", "--year", year])
            .ok()
            .stdout;
        assert!(
            table.contains(&format!("31 janvier {year} (date estimée)")),
            "{table}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_unit_lists_what_it_has_to_do() {
    let db = fresh_db(Backend::Sqlite).await;
    suivi(&db, &["demo", "--database", &db.url]).ok();
    let items = |structure: &str, format: &str| -> Run {
        command(&db)
            .env(suivi::clock::FIXED_NOW, "2024-07-01T09:00:00Z")
            .args([
                "reminders",
                "items",
                "--structure",
                structure,
                "--format",
                format,
            ])
            .output()
            .unwrap()
            .into()
    };
    let out = items("CPS/SCI/PLANIFICATION", "table").ok().stdout;
    assert!(
        out.starts_with("Unité Planification et Analyses de la CPS/SCI (CPS/SCI/PLANIFICATION)"),
        "{out}"
    );
    assert!(
        out.contains("Activité 1.2.3 du plan d'action 2024 – Elaboration et validation du PTA du secteur C.I : 28 juin 2024 (date estimée) (en retard de 3 jours)"),
        "{out}"
    );
    assert!(
        !out.contains("2.2.2 du plan"),
        "the Unité Suivi-évaluation's own activity"
    );
    // A recommendation without a date of its own is due by the default rule.
    let out = items("DCM", "json").ok().stdout;
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rec = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["reference"] == "2024#2")
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(rec["deadline"], "2024-12-31");
    assert_eq!(rec["default_deadline"], true);
    let run = items("XYZ", "table");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("XYZ"), "{}", run.stderr);
}
