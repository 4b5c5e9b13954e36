//! The director's audit: histories, tamper evidence, tables as of a date,
//! year-end snapshots and the exports people open in Excel.

use calamine::{open_workbook_auto, Data, Reader};

use crate::helpers::*;

fn with_clock(db: &TestDb, at: &str, args: &[&str]) -> Run {
    command(db)
        .env(suivi::clock::FIXED_NOW, at)
        .args(args)
        .output()
        .expect("run suivi")
        .into()
}

#[tokio::test]
async fn a_history_over_two_sessions_comes_back_complete_and_in_order() {
    let db = fresh_db(Backend::Sqlite).await;
    let add = [
        "recommendation",
        "add",
        "--session",
        "2023",
        "--number",
        "1",
        "--text",
        "Renforcer la formation",
        "--structures",
        "DRH/MAECI",
        "--actor",
        "Aminata",
    ];
    with_clock(&db, "2023-01-27T10:00:00Z", &add).ok();
    with_clock(
        &db,
        "2023-03-01T09:00:00Z",
        &[
            "recommendation",
            "set-status",
            "--session",
            "2023",
            "--number",
            "1",
            "--status",
            "en_cours",
            "--comment",
            "Plan de formation lancé",
            "--actor",
            "Boubacar",
            "--reason",
            "Point trimestriel",
        ],
    )
    .ok();
    with_clock(
        &db,
        "2023-09-01T09:00:00Z",
        &[
            "recommendation",
            "set-status",
            "--session",
            "2023",
            "--number",
            "1",
            "--status",
            "non_executee",
            "--comment",
            "Budget gelé",
            "--actor",
            "Coumba",
        ],
    )
    .ok();
    with_clock(
        &db,
        "2024-01-26T10:00:00Z",
        &[
            "recommendation",
            "carry-over",
            "--session",
            "2023",
            "--number",
            "1",
            "--to-session",
            "2024",
            "--to-number",
            "3",
            "--text",
            "Renforcer la formation continue",
            "--actor",
            "Directeur",
        ],
    )
    .ok();
    with_clock(
        &db,
        "2024-04-02T09:00:00Z",
        &[
            "recommendation",
            "set-status",
            "--session",
            "2024",
            "--number",
            "3",
            "--status",
            "en_cours",
            "--comment",
            "Sessions programmées",
            "--actor",
            "Drissa",
        ],
    )
    .ok();
    with_clock(
        &db,
        "2024-11-20T09:00:00Z",
        &[
            "recommendation",
            "set-status",
            "--session",
            "2024",
            "--number",
            "3",
            "--status",
            "executee",
            "--evidence",
            "Rapport de formation n°12",
            "--actor",
            "Fatoumata",
        ],
    )
    .ok();

    let h = suivi(
        &db,
        &[
            "audit",
            "recommendation",
            "--session",
            "2024",
            "--number",
            "3",
            "--format",
            "json",
        ],
    )
    .ok()
    .json();
    assert_eq!(h["ref"], "2024#3");
    let lineage: Vec<&str> = h["lineage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["ref"].as_str().unwrap())
        .collect();
    assert_eq!(lineage, ["2023#1", "2024#3"]);
    assert_eq!(h["lineage"][1]["text"], "Renforcer la formation continue");
    let events = h["events"].as_array().unwrap();
    let summary: Vec<(&str, &str, &str, &str, &str)> = events
        .iter()
        .map(|e| {
            (
                e["ref"].as_str().unwrap(),
                e["type"].as_str().unwrap(),
                e["actor"].as_str().unwrap(),
                e["from"].as_str().unwrap_or(""),
                e["to"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "2023#1",
                "RecommendationFormulated",
                "Aminata",
                "",
                "non_executee"
            ),
            (
                "2023#1",
                "RecommendationStatusChanged",
                "Boubacar",
                "non_executee",
                "en_cours"
            ),
            (
                "2023#1",
                "RecommendationStatusChanged",
                "Coumba",
                "en_cours",
                "non_executee"
            ),
            (
                "2024#3",
                "RecommendationFormulated",
                "Directeur",
                "",
                "non_executee"
            ),
            ("2024#3", "RecommendationContinuedFrom", "Directeur", "", ""),
            ("2023#1", "RecommendationCarriedOver", "Directeur", "", ""),
            (
                "2024#3",
                "RecommendationStatusChanged",
                "Drissa",
                "non_executee",
                "en_cours"
            ),
            (
                "2024#3",
                "RecommendationStatusChanged",
                "Fatoumata",
                "en_cours",
                "executee"
            ),
        ]
    );
    assert_eq!(events[1]["at"], "2023-03-01T09:00:00+00:00");
    assert_eq!(events[1]["reason"], "Point trimestriel");
    assert_eq!(events[1]["comment"], "Plan de formation lancé");
    assert_eq!(events[7]["evidence"], "Rapport de formation n°12");
    assert!(h["open_since"].is_null(), "executed: no longer open");

    // Asked from the first session, the same story.
    let from_2023 = suivi(
        &db,
        &[
            "audit",
            "recommendation",
            "--session",
            "2023",
            "--number",
            "1",
            "--format",
            "json",
        ],
    )
    .ok()
    .json();
    assert_eq!(from_2023["events"], h["events"]);
    let table = suivi(
        &db,
        &[
            "audit",
            "recommendation",
            "--session",
            "2024",
            "--number",
            "3",
        ],
    )
    .ok()
    .stdout;
    assert!(
        table.contains("Filiation : 2023#1 (non exécutée) → 2024#3 (exécutée)"),
        "{table}"
    );
}

#[tokio::test]
async fn an_activity_history_shows_its_carry_over() {
    let db = fresh_db(Backend::Sqlite).await;
    load_example_data(&db);
    let h = suivi(
        &db,
        &[
            "audit", "activity", "--year", "2024", "--code", "5.1.1", "--format", "json",
        ],
    )
    .ok()
    .json();
    let lineage: Vec<&str> = h["lineage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["ref"].as_str().unwrap())
        .collect();
    assert_eq!(lineage, ["2023:2.1.1", "2024:5.1.1"]);
    assert_eq!(h["open_since"], "2023");
    let types: Vec<&str> = h["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "ActivityPlanned",
            "ActivityNotExecuted",
            "ActivityPlanned",
            "ActivityContinuedFrom",
            "ActivityCarriedOver",
            "ActivityNarrativeWritten"
        ]
    );
    assert_eq!(h["events"][1]["comment"], "Contraintes budgétaires");
}

/// Each way of tampering with the stored events, as SQL for each backend.
/// Position 34 of the example data is activity 1.3.2 « non exécutée ».
fn tamperings(backend: Backend) -> Vec<(&'static str, Vec<&'static str>)> {
    let pg = backend == Backend::Postgres;
    vec![
        (
            "payload",
            vec![if pg {
                "UPDATE events SET payload = CAST(replace(CAST(payload AS TEXT), 'Contraintes', 'Contrainte') AS json) WHERE position = 34"
            } else {
                "UPDATE events SET payload = replace(payload, 'Contraintes', 'Contrainte') WHERE position = 34"
            }],
        ),
        (
            "metadata",
            vec![if pg {
                "UPDATE events SET metadata = CAST(replace(CAST(metadata AS TEXT), 'Unité suivi-évaluation', 'Quelqu''un') AS json) WHERE position = 34"
            } else {
                "UPDATE events SET metadata = replace(metadata, 'Unité suivi-évaluation', 'Quelqu''un') WHERE position = 34"
            }],
        ),
        ("deleted", vec!["DELETE FROM events WHERE position = 34"]),
        (
            "inserted",
            vec!["INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata, position, hash) \
                  SELECT aggregate_type, aggregate_id, sequence + 100, event_type, event_version, payload, metadata, \
                  (SELECT MAX(position) + 1 FROM events), hash FROM events WHERE position = 34"],
        ),
        (
            "reordered",
            vec![
                "UPDATE events SET position = -1 WHERE position = 34",
                "UPDATE events SET position = 34 WHERE position = 35",
                "UPDATE events SET position = 35 WHERE position = -1",
            ],
        ),
    ]
}

async fn every_tampering_is_detected(backend: Backend) {
    for (what, statements) in tamperings(backend) {
        let db = fresh_db(backend).await;
        load_example_data(&db);
        let ok = suivi(&db, &["audit", "verify"]).ok();
        assert!(ok.stdout.contains("Journal intact"), "{}", ok.stdout);
        let last = scalar(&db, "SELECT MAX(position) FROM events").await;
        for sql in statements {
            execute(&db, sql).await;
        }
        let run = suivi(&db, &["audit", "verify"]);
        assert_eq!(
            run.code, 4,
            "{what} not detected:\n{}{}",
            run.stdout, run.stderr
        );
        assert!(run.stderr.contains("position"), "{what}: {}", run.stderr);
        let expected_position = if what == "inserted" {
            format!("position {}", last + 1)
        } else {
            "position 34".to_string()
        };
        assert!(
            run.stderr.contains(&expected_position),
            "{what}: {}",
            run.stderr
        );
    }

    // Truncating the tail: seen against the head row, and, when whoever did
    // it also rewound the head row, against an anchor kept elsewhere.
    let db = fresh_db(backend).await;
    load_example_data(&db);
    let anchor = suivi(&db, &["audit", "anchor"])
        .ok()
        .stdout
        .trim()
        .to_string();
    let last = scalar(&db, "SELECT MAX(position) FROM events").await;
    assert!(anchor.ends_with(&format!("@{last}")), "{anchor}");
    execute(&db, &format!("DELETE FROM events WHERE position = {last}")).await;
    assert_eq!(suivi(&db, &["audit", "verify"]).code, 4);
    let before = last - 1;
    execute(
        &db,
        &format!("UPDATE event_head SET position = {before}, hash = (SELECT hash FROM events WHERE position = {before})"),
    )
    .await;
    suivi(&db, &["audit", "verify"]).ok();
    let run = suivi(&db, &["audit", "verify", "--anchor", &anchor]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("tronqué"), "{}", run.stderr);
}

#[tokio::test]
async fn every_tampering_is_detected_on_sqlite() {
    every_tampering_is_detected(Backend::Sqlite).await;
}

#[tokio::test]
async fn every_tampering_is_detected_on_postgres() {
    every_tampering_is_detected(Backend::Postgres).await;
}

#[tokio::test]
async fn tables_as_of_a_date_show_the_situation_of_that_day() {
    let db = fresh_db(Backend::Sqlite).await;
    load_example_data(&db);
    let recs = |day: &str| {
        suivi(
            &db,
            &[
                "report",
                "recommendations",
                "--session",
                "2023",
                "--as-of",
                day,
                "--format",
                "json",
            ],
        )
        .ok()
        .json()
    };
    // Formulated on 27 January 2023; three moved to « en cours » on 14 July.
    let before = recs("2023-07-13");
    assert_eq!(
        (
            before["total"].as_u64(),
            before["not_executed"].as_u64(),
            before["in_progress"].as_u64()
        ),
        (Some(5), Some(5), Some(0))
    );
    let after = recs("2023-07-14");
    assert_eq!(
        (
            after["in_progress"].as_u64(),
            after["not_executed"].as_u64()
        ),
        (Some(3), Some(2))
    );
    let run = suivi(
        &db,
        &[
            "report",
            "recommendations",
            "--session",
            "2023",
            "--recorded-by",
            "2023-01-26",
        ],
    );
    assert_eq!(run.code, 2, "nothing formulated yet");

    let acts = |day: &str| {
        suivi(
            &db,
            &[
                "report",
                "activities",
                "--year",
                "2023",
                "--as-of",
                day,
                "--format",
                "json",
            ],
        )
        .ok()
        .json()
    };
    let june = acts("2023-06-30");
    assert_eq!(
        (june["planned"].as_u64(), june["executed"].as_u64()),
        (Some(22), Some(0))
    );
    let year_end = acts("2023-12-31");
    assert_eq!(
        (
            year_end["executed"].as_u64(),
            year_end["execution_rate"].as_f64()
        ),
        (Some(14), Some(63.64))
    );
    assert!(
        year_end["activities"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["carried_to"].is_null()),
        "carried over only in 2024"
    );

    let fin = |day: &str| {
        suivi(
            &db,
            &[
                "report", "finances", "--year", "2023", "--as-of", day, "--format", "json",
            ],
        )
        .ok()
        .json()
    };
    assert_eq!(fin("2023-12-28")["total"]["notified"], 0);
    assert_eq!(fin("2023-12-29")["total"]["notified"], 128_799_000);
}

async fn snapshots(backend: Backend) {
    let db = fresh_db(backend).await;
    load_example_data(&db);
    let first = suivi(&db, &["snapshot", "take", "--year", "2023"]).ok();
    assert!(
        first.stdout.contains("Photographie 2023 prise"),
        "{}",
        first.stdout
    );
    let shown = suivi(
        &db,
        &["snapshot", "show", "--year", "2023", "--format", "json"],
    )
    .ok()
    .json();
    let again = suivi(&db, &["snapshot", "take", "--year", "2023"]).ok();
    assert!(again.stdout.contains("existe déjà"), "{}", again.stdout);
    assert_eq!(
        suivi(
            &db,
            &["snapshot", "show", "--year", "2023", "--format", "json"]
        )
        .ok()
        .json(),
        shown
    );

    // The 2023 snapshot is Tableau 3 and Tableau 4 of the report.
    let s = &shown["snapshot"];
    assert_eq!(s["as_of"], "2023-12-31T23:59:59 Africa/Bamako");
    assert_eq!(
        (
            s["activities"]["planned"].as_u64(),
            s["activities"]["executed"].as_u64()
        ),
        (Some(22), Some(14))
    );
    assert_eq!(s["activities"]["execution_rate"], 63.64);
    let sessions: Vec<&str> = s["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["session"].as_str().unwrap())
        .collect();
    assert_eq!(sessions, ["2023"]);
    assert_eq!(
        (
            s["recommendations"][0]["in_progress"].as_u64(),
            s["recommendations"][0]["not_executed"].as_u64()
        ),
        (Some(3), Some(2))
    );
    assert_eq!(s["finances"]["execution_rate"], 76.49);
    // It is the same as the tables as of 31 December, but for what the live
    // tables add during the year (indicators' values, costs), which a snapshot
    // does not freeze.
    let mut as_of = report_as_of(&db, "activities", "--year", "2023", "2023-12-31");
    as_of.as_object_mut().unwrap().remove("costs");
    for line in as_of["activities"].as_array_mut().unwrap() {
        for key in ["indicator", "target", "achieved", "engaged", "liquidated"] {
            line.as_object_mut().unwrap().remove(key);
        }
    }
    assert_eq!(s["activities"], as_of);
    // The year closed on 1 February 2024: the carry-overs of January are in
    // it. Corrections about 2023 recorded since are listed beside it, not
    // folded in; a change taking effect in 2024 is 2024's.
    assert_eq!(s["recorded_by"], "2024-01-31T23:59:59 Africa/Bamako", "{s}");
    assert_eq!(shown["adjustments"], serde_json::json!([]));
    suivi(
        &db,
        &[
            "activity",
            "execute",
            "--year",
            "2023",
            "--code",
            "1.3.2",
            "--date",
            "2023-12-30",
        ],
    )
    .ok();
    suivi(
        &db,
        &[
            "recommendation",
            "set-status",
            "--session",
            "2023",
            "--number",
            "1",
            "--status",
            "executee",
            "--evidence",
            "PV n° 3",
            "--date",
            "2024-02-20",
        ],
    )
    .ok();
    let later = suivi(
        &db,
        &["snapshot", "show", "--year", "2023", "--format", "json"],
    )
    .ok()
    .json();
    assert_eq!(later["snapshot"], shown["snapshot"]);
    let adjustments: Vec<&str> = later["adjustments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["ref"].as_str().unwrap())
        .collect();
    assert_eq!(adjustments, ["2023:1.3.2"]);

    suivi(&db, &["snapshot", "verify", "--year", "2023"]).ok();
    execute(
        &db,
        "UPDATE year_snapshots SET content = replace(content, '63.64', '70.0') WHERE year = 2023",
    )
    .await;
    let run = suivi(&db, &["snapshot", "verify", "--year", "2023"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("modifiée"), "{}", run.stderr);
    let listed = suivi(&db, &["snapshot", "list", "--format", "json"])
        .ok()
        .json();
    assert_eq!(listed[0]["year"], 2023);
}

fn report_as_of(db: &TestDb, what: &str, key: &str, value: &str, day: &str) -> serde_json::Value {
    suivi(
        db,
        &[
            "report", what, key, value, "--as-of", day, "--format", "json",
        ],
    )
    .ok()
    .json()
}

#[tokio::test]
async fn snapshots_are_frozen_and_verified_on_sqlite() {
    snapshots(Backend::Sqlite).await;
}

#[tokio::test]
async fn snapshots_are_frozen_and_verified_on_postgres() {
    snapshots(Backend::Postgres).await;
}

fn cell(range: &calamine::Range<Data>, row: usize, col: usize) -> Data {
    range.get((row, col)).cloned().unwrap_or(Data::Empty)
}

#[tokio::test]
async fn exported_workbooks_hold_the_figures_of_the_reports() {
    let db = fresh_db(Backend::Sqlite).await;
    load_example_data(&db);
    let path = db.dir().join("activites.xlsx");
    suivi(
        &db,
        &[
            "report",
            "activities",
            "--year",
            "2023",
            "--format",
            "xlsx",
            "--output",
            path.to_str().unwrap(),
        ],
    )
    .ok();
    let json = report(&db, "activities", "--year", "2023");
    let mut wb = open_workbook_auto(&path).expect("a workbook a standard reader opens");
    assert_eq!(wb.sheet_names(), vec!["Activités 2023".to_string()]);
    let range = wb.worksheet_range("Activités 2023").unwrap();
    assert_eq!(
        cell(&range, 0, 0),
        Data::String("Tableau 3 : État d'exécution des activités du plan d'action 2023".into())
    );
    // The same columns as the terminal and the CSV: objective, result,
    // activity, the follow-up (indicator, budget, costs), executed, period,
    // observations; the words of the report, not the codes.
    assert_eq!(cell(&range, 2, 2), Data::String("ACTIVITÉS".into()));
    let activities = json["activities"].as_array().unwrap();
    for (i, a) in activities.iter().enumerate() {
        let code = a["code"].as_str().unwrap();
        assert!(
            cell(&range, 3 + i, 2)
                .to_string()
                .starts_with(&format!("{code}. ")),
            "{code}"
        );
        let said = match a["status"].as_str().unwrap() {
            "executed" => Data::String("1. OUI".into()),
            "not_executed" => Data::String("2. NON".into()),
            _ => Data::Empty,
        };
        assert_eq!(cell(&range, 3 + i, 7), said, "{code}");
    }
    // The total: the plan's budget (thousands) and the costs, as numbers.
    let total = 3 + activities.len();
    assert_eq!(cell(&range, total, 0), Data::String("TOTAL".into()));
    assert_eq!(
        cell(&range, total, 4),
        Data::Float(json["budget_total"].as_f64().unwrap())
    );
    assert_eq!(cell(&range, total, 5), Data::Float(25_000_000.0));
    assert!(
        cell(&range, total + 2, 0)
            .to_string()
            .contains("soit un taux d'exécution de 63,64 %"),
        "{:?}",
        cell(&range, total + 2, 0)
    );
    let head = suivi(&db, &["audit", "anchor"])
        .ok()
        .stdout
        .trim()
        .to_string();
    let note = (0..range.height())
        .map(|r| cell(&range, r, 0).to_string())
        .find(|t| t.starts_with("Calculé du journal des événements"))
        .unwrap();
    let (hash, position) = head.split_once('@').unwrap();
    assert!(
        note.contains(&format!("n° {position} (empreinte {}", &hash[..12])),
        "{note} / {head}"
    );

    let path = db.dir().join("finances.xlsx");
    suivi(
        &db,
        &[
            "report",
            "finances",
            "--year",
            "2023",
            "--format",
            "xlsx",
            "--output",
            path.to_str().unwrap(),
        ],
    )
    .ok();
    let json = report(&db, "finances", "--year", "2023");
    let mut wb = open_workbook_auto(&path).unwrap();
    let range = wb.worksheet_range("Finances 2023").unwrap();
    for (c, key) in ["allotted", "notified", "engaged", "liquidated"]
        .iter()
        .enumerate()
    {
        assert_eq!(
            cell(&range, 5, c + 1),
            Data::Float(json["total"][key].as_f64().unwrap()),
            "{key}"
        );
    }
    // The activities' costs and their difference with the credits follow the total.
    assert_eq!(
        cell(&range, 6, 3),
        Data::Float(
            json["activity_costs"]["activities"]["engaged"]
                .as_f64()
                .unwrap()
        )
    );
    assert_eq!(
        cell(&range, 7, 4),
        Data::Float(
            json["activity_costs"]["liquidated_difference"]
                .as_f64()
                .unwrap()
        )
    );
    assert!(
        cell(&range, 9, 0).to_string().contains("76,49 %"),
        "{:?}",
        cell(&range, 9, 0)
    );

    // A snapshot exports one sheet per table.
    suivi(&db, &["snapshot", "take", "--year", "2023"]).ok();
    let path = db.dir().join("cloture.xlsx");
    suivi(
        &db,
        &[
            "snapshot",
            "show",
            "--year",
            "2023",
            "--format",
            "xlsx",
            "--output",
            path.to_str().unwrap(),
        ],
    )
    .ok();
    let wb = open_workbook_auto(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["Activités 2023", "Recommandations 2023", "Finances 2023"]
    );

    // xlsx needs a file; CSV is ready for a French Excel.
    assert_eq!(
        suivi(
            &db,
            &["report", "finances", "--year", "2023", "--format", "xlsx"]
        )
        .code,
        2
    );
    let csv = suivi(
        &db,
        &["report", "finances", "--year", "2023", "--format", "csv"],
    )
    .ok()
    .stdout;
    // The workbook's French headers and words; numbers a spreadsheet reads,
    // the estimates marked.
    assert!(
        csv.starts_with("\u{feff}LIGNE;ACCORDÉ (arbitrage);NOTIFIÉ;ENGAGÉ;LIQUIDÉ"),
        "{csv}"
    );
    assert!(
        csv.contains("Total;143035000;128799000;98515631;54515711"),
        "{csv}"
    );
    assert!(csv.contains(";46 402 581 *"), "{csv}");
}
