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
    assert!(list.contains("rédigée (1 version(s))"), "{list}");
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
    assert!(out.stdout.contains("n° 1 de 2023"), "{}", out.stdout);
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
        titles,
        [
            "Participation à l'élaboration de la Vision 2063",
            "Revue du CREDD"
        ]
    );
    assert_eq!(list[1]["number"], 2);
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
