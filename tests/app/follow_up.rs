//! Following the year as it happens: default deadlines, the activities'
//! chronogramme in the reminders.

use std::sync::Arc;

use suivi::app::Situation;
use suivi::clock::FixedClock;
use suivi::domain::access::Role;
use suivi::domain::activity::ActivityRef;
use suivi::domain::types::{ActivityCode, Year};

use super::{example, open, session, user, Backend};

fn activity(year: i32, code: &str) -> ActivityRef {
    ActivityRef {
        year: Year::new(year).unwrap(),
        code: ActivityCode::parse(code).unwrap(),
    }
}

/// The references in one structure's digest of a day.
async fn digest_of(app: &suivi::app::App, day: &str, structure: &str) -> Vec<String> {
    let director = user("directeur", Role::Director, None);
    app.plan_reminders(Some(day.parse().unwrap()), &director)
        .await
        .unwrap()
        .digests
        .into_iter()
        .filter(|d| d.digest.structure.as_str() == structure)
        .flat_map(|d| d.digest.lines.into_iter().map(|l| l.item.reference))
        .collect()
}

pub async fn every_open_obligation_has_a_deadline(backend: Backend) {
    let db = example(backend).await;
    let at = suivi::clock::parse_instant("2024-12-02T09:00:00Z").unwrap();
    let app = open(&db, Arc::new(FixedClock::new(at))).await;
    let director = user("directeur", Role::Director, None);

    // The 2024 session's recommendations carry no date in the report: each is
    // due on 31 December 2024 by the workflow's default, shown as such.
    let report = app
        .recommendations_report(&session("2024"), Situation::NOW, &director)
        .await
        .unwrap();
    assert_eq!(report.total, 3);
    for line in &report.recommendations {
        assert_eq!(line.due, "2024-12-31".parse().ok(), "{line:?}");
        assert!(line.due_is_default, "{line:?}");
    }
    // Reminded 30 days before, to MAECI and MMEIA, marked as a default
    // deadline: 1 December is a Sunday, so on Friday 29 November.
    let plan = app
        .plan_reminders(Some("2024-11-29".parse().unwrap()), &director)
        .await
        .unwrap();
    let maeci = plan
        .digests
        .iter()
        .find(|d| d.digest.structure.as_str() == "MAECI")
        .expect("MAECI is reminded on 29 November");
    let line = maeci
        .digest
        .lines
        .iter()
        .find(|l| l.item.reference == "2024#1")
        .expect("2024#1 in MAECI's digest");
    assert!(line.item.default_deadline);
    assert_eq!((line.due.offset, line.due.days), (30, 32));
    assert!(
        maeci
            .mail
            .text
            .contains("31 décembre 2024 (échéance par défaut)"),
        "{}",
        maeci.mail.text
    );

    // The 2024 plan's activities are reminded to the units their
    // chronogramme names, until done or declared not done.
    let planning = digest_of(&app, "2024-12-31", "CPS/SCI/PLANIFICATION").await;
    assert_eq!(planning, ["2024:1.1.2", "2024:1.2.2"]);
    app.execute_activity(
        &activity(2024, "1.1.2"),
        Some("Janvier 2024".into()),
        None,
        None,
        &director,
    )
    .await
    .unwrap();
    assert_eq!(
        digest_of(&app, "2024-12-31", "CPS/SCI/PLANIFICATION").await,
        ["2024:1.2.2"]
    );
    app.activity_not_executed(
        &activity(2024, "1.2.2"),
        Some("Contraintes budgétaires".into()),
        None,
        &director,
    )
    .await
    .unwrap();
    assert!(digest_of(&app, "2024-12-31", "CPS/SCI/PLANIFICATION")
        .await
        .is_empty());
    // The suivi-évaluation unit still has 2.2.2 (March–April, estimated).
    assert_eq!(
        digest_of(&app, "2024-12-31", "CPS/SCI/SUIVI-EVALUATION").await,
        ["2024:2.2.2"]
    );
}

pub async fn a_unit_records_the_progress_of_its_activities(backend: Backend) {
    let db = example(backend).await;
    let at = suivi::clock::parse_instant("2024-07-01T09:00:00Z").unwrap();
    let app = open(&db, Arc::new(FixedClock::new(at))).await;
    let planning = user(
        "unite-planification",
        Role::Structure,
        Some("CPS/SCI/PLANIFICATION"),
    );
    let statistics = user(
        "unite-statistique",
        Role::Structure,
        Some("CPS/SCI/STATISTIQUE"),
    );
    let day = |s: &str| s.parse().ok();
    // Its own activity, yes; another unit's, no.
    app.record_progress(
        &activity(2024, "1.2.3"),
        60,
        None,
        day("2024-06-20"),
        &planning,
    )
    .await
    .unwrap();
    let refused = app
        .record_progress(&activity(2024, "1.2.3"), 70, None, None, &statistics)
        .await
        .unwrap_err();
    assert!(
        matches!(refused, suivi::app::AppError::Forbidden),
        "{refused:?}"
    );
    // Back without a note: refused; with one: recorded.
    let back = app
        .record_progress(
            &activity(2024, "1.2.3"),
            30,
            None,
            day("2024-06-25"),
            &planning,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(back, suivi::app::AppError::Refused { .. }),
        "{back:?}"
    );
    app.record_progress(
        &activity(2024, "1.2.3"),
        30,
        Some("Le projet de PTA est à reprendre".into()),
        day("2024-06-25"),
        &planning,
    )
    .await
    .unwrap();

    let reader = user("lecteur", Role::Reader, None);
    let report = app
        .progress_report(Year::new(2024).unwrap(), None, Situation::NOW, &reader)
        .await
        .unwrap();
    assert_eq!(report.as_of.to_string(), "2024-07-01");
    let line = report
        .activities
        .iter()
        .find(|a| a.code == "1.2.3")
        .unwrap();
    assert_eq!((line.percent, line.late), (30, true));
    assert_eq!(
        line.note.as_deref(),
        Some("Le projet de PTA est à reprendre")
    );
    // As of 21 June, the 60 % of the 20th, and not late yet (due 28 June).
    let before = app
        .progress_report(
            Year::new(2024).unwrap(),
            None,
            Situation {
                as_of: day("2024-06-21"),
                recorded_by: None,
            },
            &reader,
        )
        .await
        .unwrap();
    let line = before
        .activities
        .iter()
        .find(|a| a.code == "1.2.3")
        .unwrap();
    assert_eq!((line.percent, line.late), (60, false));
    assert_eq!(before.quarter, 2);

    // The unit sets its indicator's target and achieved value; Tableau 3 shows them.
    app.set_indicator(
        &activity(2024, "1.2.3"),
        Some("1 PTA validé".into()),
        None,
        &planning,
    )
    .await
    .unwrap();
    let t3 = app
        .activities_report(Year::new(2024).unwrap(), Situation::NOW, &reader)
        .await
        .unwrap();
    let line = t3.activities.iter().find(|a| a.code == "1.2.3").unwrap();
    assert_eq!(line.target.as_deref(), Some("1 PTA validé"));
    assert_eq!(line.achieved, None);
}

pub async fn the_comites_second_session_is_a_revue_of_its_own(backend: Backend) {
    let db = example(backend).await;
    let at = suivi::clock::parse_instant("2024-07-30T09:00:00Z").unwrap();
    let app = open(&db, Arc::new(FixedClock::new(at))).await;
    let director = user("directeur", Role::Director, None);
    let year = Year::new(2024).unwrap();
    let second = app
        .open_revue("comite_coordination", year, 2, None, &director)
        .await
        .unwrap()
        .state;
    assert_eq!(second.session.as_ref().map(|s| s.as_str()), Some("2024-2"));
    let sessions: Vec<String> = app
        .revues(year, &director)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| {
            r.revue
                .id
                .as_ref()
                .is_some_and(|i| i.kind == "comite_coordination")
        })
        .filter_map(|r| r.revue.session.map(|s| s.to_string()))
        .collect();
    assert_eq!(sessions, ["2024", "2024-2"]);
    let due = |items: &[suivi::domain::reminder::Item]| {
        items
            .iter()
            .any(|i| i.reference == "2024/comite_coordination_session_2")
    };
    assert!(due(&app.open_items(&director).await.unwrap().items));
    let id = suivi::domain::revue::RevueRef {
        kind: "comite_coordination".into(),
        year,
        number: 2,
    };
    app.complete_revue_step(
        &id,
        "session".into(),
        "2024-07-25".parse().unwrap(),
        None,
        &director,
    )
    .await
    .unwrap();
    assert!(!due(&app.open_items(&director).await.unwrap().items));
}

crate::on_both!(
    every_open_obligation_has_a_deadline,
    a_unit_records_the_progress_of_its_activities,
    the_comites_second_session_is_a_revue_of_its_own
);
