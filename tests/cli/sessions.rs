//! The Comité de Coordination meets twice a year: each session is its own
//! revue, with its steps, its deadline in the calendar and its recommendations.

use super::helpers::*;

#[tokio::test(flavor = "multi_thread")]
async fn two_comite_sessions_in_a_year_each_have_their_recommendations() {
    let db = fresh_db(Backend::Sqlite).await;
    suivi(&db, &["demo", "--database", &db.url]).ok();
    let opened = suivi(
        &db,
        &[
            "revue",
            "open",
            "--kind",
            "comite_coordination",
            "--year",
            "2024",
            "--number",
            "2",
        ],
    )
    .ok()
    .stdout;
    assert!(opened.contains("comite_coordination/2024/2"), "{opened}");
    let third = suivi(
        &db,
        &[
            "revue",
            "open",
            "--kind",
            "comite_coordination",
            "--year",
            "2024",
            "--number",
            "3",
        ],
    );
    assert_eq!(third.code, 2, "{}", third.stderr);
    assert!(third.stderr.contains("2 fois par an"), "{}", third.stderr);

    // The second session formulates its own recommendations.
    let file = db.dir().join("recommandations-session-2.csv");
    std::fs::write(
        &file,
        "N°;Recommandations;Structures responsables\n1;Transmettre le bilan à mi-parcours du PTA;MAECI et MMEIA\n",
    )
    .unwrap();
    suivi(
        &db,
        &[
            "recommendation",
            "import",
            file.to_str().unwrap(),
            "--session",
            "2024-2",
        ],
    )
    .ok();
    let second = report(&db, "recommendations", "--session", "2024-2");
    assert_eq!(second["total"], 1);
    assert_eq!(
        report(&db, "recommendations", "--session", "2024")["total"],
        3
    );
    let revues = suivi(
        &db,
        &["revue", "list", "--year", "2024", "--format", "json"],
    )
    .ok()
    .json();
    let comite: Vec<(String, u64)> = revues
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["revue"]["id"]["kind"] == "comite_coordination")
        .map(|r| {
            (
                r["revue"]["session"].as_str().unwrap().to_string(),
                r["recommendations"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(comite, [("2024".into(), 3), ("2024-2".into(), 1)]);

    // Its deadline is the calendar's (estimated), met by completing its step.
    let due = |db: &TestDb| {
        suivi(
            db,
            &[
                "reminders",
                "plan",
                "--date",
                "2024-07-31",
                "--format",
                "json",
            ],
        )
        .ok()
        .json()["digests"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|d| d["digest"]["lines"].as_array().unwrap().clone())
            .any(|l| l["item"]["reference"] == "2024/comite_coordination_session_2")
    };
    assert!(due(&db));
    suivi(
        &db,
        &[
            "revue",
            "complete-step",
            "--kind",
            "comite_coordination",
            "--year",
            "2024",
            "--number",
            "2",
            "--step",
            "session",
            "--date",
            "2024-07-25",
            "--document",
            "Procès-verbal",
        ],
    )
    .ok();
    assert!(!due(&db), "the session was held: no more reminder");
    // The first session's step is untouched.
    let first = revues
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["revue"]["id"] == serde_json::json!({"kind": "comite_coordination", "year": 2024})
        })
        .unwrap()
        .clone();
    assert!(first["revue"]["steps"][1]["completed_on"].is_null());
}
