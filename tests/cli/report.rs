//! The yearly report's narrative sections from the command line.

use super::helpers::*;

#[tokio::test(flavor = "multi_thread")]
async fn report_sections_are_written_listed_and_shown() {
    let db = fresh_db(Backend::Sqlite).await;
    let file = db.dir().join("introduction.md");
    std::fs::write(
        &file,
        "La Cellule de Planification et de Statistique du secteur…\n\n## Contexte\n",
    )
    .unwrap();
    let out = suivi(
        &db,
        &[
            "--reason",
            "première rédaction",
            "report",
            "section",
            "set",
            "--year",
            "2023",
            "--section",
            "introduction",
            "--file",
            file.to_str().unwrap(),
        ],
    )
    .ok();
    assert!(
        out.stdout
            .contains("Section « Introduction » du rapport 2023"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("version 1 enregistrée"),
        "{}",
        out.stdout
    );

    let list = suivi(&db, &["report", "section", "list", "--year", "2023"])
        .ok()
        .stdout;
    assert!(list.contains("rédigée (1 version)"), "{list}");
    assert!(
        list.contains("Difficultés rencontrées") && list.contains("à rédiger"),
        "{list}"
    );
    assert!(!list.contains("difficultes"), "labels, not codes: {list}");

    let shown = suivi(
        &db,
        &[
            "report",
            "section",
            "show",
            "--year",
            "2023",
            "--section",
            "introduction",
        ],
    )
    .ok()
    .stdout;
    assert!(shown.starts_with("La Cellule de Planification"), "{shown}");
    let missing = suivi(
        &db,
        &[
            "report",
            "section",
            "show",
            "--year",
            "2023",
            "--section",
            "conclusion",
        ],
    )
    .ok()
    .stdout;
    assert!(
        missing.contains("[Section « Conclusion » du rapport 2023 à rédiger]"),
        "{missing}"
    );

    // A key that is none of the sections: exit 2, the allowed keys, the option.
    let r = suivi(
        &db,
        &[
            "report",
            "section",
            "set",
            "--year",
            "2023",
            "--section",
            "preambule",
            "--file",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("preambule") && r.stderr.contains("ressources_humaines"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--section"), "{}", r.stderr);
    // A file that cannot be read.
    let r = suivi(
        &db,
        &[
            "report",
            "section",
            "set",
            "--year",
            "2023",
            "--section",
            "conclusion",
            "--file",
            "absent.md",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("absent.md"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn unplanned_activities_are_listed_apart_and_leave_the_rate_alone() {
    let db = fresh_db(Backend::Sqlite).await;
    load_example_data(&db);
    let rate = |db: &TestDb| {
        let t = suivi(
            db,
            &["report", "activities", "--year", "2023", "--format", "json"],
        )
        .ok()
        .json();
        (
            t["planned"].clone(),
            t["executed"].clone(),
            t["execution_rate"].clone(),
        )
    };
    let before = rate(&db);
    let out = suivi(
        &db,
        &[
            "activity",
            "add-unplanned",
            "--year",
            "2023",
            "--title",
            "Participation à l'élaboration de la Vision 2063",
            "--observation",
            "Ateliers tenus",
        ],
    )
    .ok();
    // The example data already holds the report's three.
    assert!(out.stdout.contains("n° 4 de 2023"), "{}", out.stdout);
    suivi(
        &db,
        &[
            "activity",
            "add-unplanned",
            "--year",
            "2023",
            "--title",
            "Revue du CREDD",
        ],
    )
    .ok();
    let list = suivi(
        &db,
        &[
            "activity",
            "unplanned",
            "--year",
            "2023",
            "--format",
            "json",
        ],
    )
    .ok()
    .json();
    let titles: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles[3..],
        [
            "Participation à l'élaboration de la Vision 2063",
            "Revue du CREDD"
        ]
    );
    assert_eq!(list[4]["number"], 5);
    // 22 planned, 14 executed, 63,64 %: unchanged.
    assert_eq!(rate(&db), before);
    assert_eq!(before.0, 22);
    let r = suivi(
        &db,
        &[
            "activity",
            "add-unplanned",
            "--year",
            "2023",
            "--title",
            "  ",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("intitulé"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_activity_narrative_is_recorded_in_its_history() {
    let db = fresh_db(Backend::Sqlite).await;
    load_example_data(&db);
    let file = db.dir().join("1.1.1.md");
    std::fs::write(
        &file,
        "Le plan a été élaboré avec les directions, en atelier.\n",
    )
    .unwrap();
    let args = |code: &'static str| {
        vec![
            "--actor".to_string(),
            "a.toure".to_string(),
            "activity".to_string(),
            "narrative".to_string(),
            "--year".to_string(),
            "2023".to_string(),
            "--code".to_string(),
            code.to_string(),
            "--file".to_string(),
            file.display().to_string(),
        ]
    };
    let run = |code| {
        let a = args(code);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        suivi(&db, &a)
    };
    run("1.1.1").ok();
    // The same text again records nothing.
    let again = run("1.1.1").ok();
    assert!(again.stdout.contains("Rien à changer"), "{}", again.stdout);
    let history = suivi(
        &db,
        &[
            "audit", "activity", "--year", "2023", "--code", "1.1.1", "--format", "json",
        ],
    )
    .ok()
    .json();
    let events = history["events"].as_array().unwrap();
    // The example data wrote one before; this is the latest.
    let narrative = events
        .iter()
        .rev()
        .find(|e| e["details"].to_string().contains("récit"))
        .unwrap_or_else(|| panic!("{history}"));
    assert_eq!(narrative["actor"], "a.toure", "{narrative}");
    assert!(
        narrative
            .to_string()
            .contains("élaboré avec les directions"),
        "{narrative}"
    );
    // An activity that is not in the plan.
    let r = run("9.9.9");
    assert_eq!(r.code, 2, "{}", r.stderr);
    // The narrative leaves the tables as they were.
    let t = suivi(
        &db,
        &["report", "activities", "--year", "2023", "--format", "json"],
    )
    .ok()
    .json();
    assert_eq!(
        (t["planned"].clone(), t["executed"].clone()),
        (22.into(), 14.into())
    );
}
