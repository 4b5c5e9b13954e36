//! The use cases at the application layer, on SQLite and PostgreSQL: each
//! behaviour is checked once here, as every front end (command line, API,
//! pages) gets it through the same function; the front ends' own tests only
//! check how they parse and render.

#[path = "../common/mod.rs"]
mod common;

use std::sync::Arc;

use common::{fresh_db, Backend, TestDb};
use suivi::app::{Actor, App, AppError, DocumentFormat, Situation};
use suivi::clock::FixedClock;
use suivi::config::Settings;
use suivi::domain::access::{Role, User};
use suivi::domain::recommendation::RecommendationRef;
use suivi::domain::types::{SessionId, StructureCode, Year};
use suivi::text::Lang;

/// A database holding the example data, loaded by `suivi demo`.
async fn example(backend: Backend) -> TestDb {
    let db = fresh_db(backend).await;
    let out = crate::common::suivi_program()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["demo", "--database", &db.url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}

async fn open(db: &TestDb, clock: Arc<dyn suivi::clock::Clock>) -> App {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let settings = Settings::load(
        Some(root.join("config")),
        Some(root.join("workflows")),
        Some(db.url.clone()),
    )
    .unwrap();
    App::open(&settings, clock).await.unwrap()
}

fn user(name: &str, role: Role, structure: Option<&str>) -> Actor {
    Actor::new(
        User {
            name: name.into(),
            role,
            structure: structure.map(|s| StructureCode::parse(s).unwrap()),
        },
        None,
    )
}

fn rref(session: &str, number: u32) -> RecommendationRef {
    RecommendationRef {
        session: SessionId::parse(session).unwrap(),
        number,
    }
}

fn session(s: &str) -> SessionId {
    SessionId::parse(s).unwrap()
}

async fn an_unknown_session_is_not_found_now_and_as_of_a_day(backend: Backend) {
    let db = example(backend).await;
    let app = open(&db, crate::common::clock()).await;
    let reader = user("lecteur", Role::Reader, None);
    let day = "2023-07-13".parse().unwrap();
    for at in [Situation::NOW, Situation::as_of(day)] {
        let e = app
            .recommendations_report(&session("1999"), at, &reader)
            .await
            .unwrap_err();
        let AppError::NotFound(text) = e else {
            panic!("{at:?}: {e:?}")
        };
        assert!(text.render(Lang::Fr).contains("1999"));
    }
    // The same session, now and on the day of its session: the statuses moved since.
    let now = app
        .recommendations_report(&session("2023"), Situation::NOW, &reader)
        .await
        .unwrap();
    let then = app
        .recommendations_report(&session("2023"), Situation::as_of(day), &reader)
        .await
        .unwrap();
    assert_eq!((now.total, then.total), (5, 5));
    assert_eq!(then.not_executed, 5);
    assert_eq!(now.in_progress, 3);
}

async fn a_focal_point_sees_and_changes_only_its_structure(backend: Backend) {
    let db = example(backend).await;
    let app = open(&db, crate::common::clock()).await;
    let dcm = user("pf-dcm", Role::Structure, Some("DCM"));
    let director = user("directeur", Role::Director, None);

    let all = app
        .recommendations_report(&session("2023"), Situation::NOW, &director)
        .await
        .unwrap();
    let mine = app
        .recommendations_report(&session("2023"), Situation::NOW, &dcm)
        .await
        .unwrap();
    assert_eq!((all.total, mine.total), (5, 1));
    assert!(mine
        .recommendations
        .iter()
        .all(|r| r.structures.contains(&"DCM".to_string())));

    // 2024#2 is DCM's, 2024#1 is not: the other one does not even exist for it.
    assert!(app.recommendation(&rref("2024", 2), &dcm).await.is_ok());
    assert!(matches!(
        app.recommendation(&rref("2024", 1), &dcm).await,
        Err(AppError::NotFound(_))
    ));
    assert!(matches!(
        app.recommendation_history(&rref("2024", 1), &dcm).await,
        Err(AppError::NotFound(_))
    ));
    assert!(app
        .recommendation_history(&rref("2024", 2), &dcm)
        .await
        .is_ok());
    assert!(matches!(
        app.set_recommendation_status(
            &rref("2024", 1),
            suivi::app::StatusChange::new("en_cours", Some("x".into()), None, None),
            &dcm
        )
        .await,
        Err(AppError::NotFound(_))
    ));
    let changed = app
        .set_recommendation_status(
            &rref("2024", 2),
            suivi::app::StatusChange::new(
                "en_cours",
                Some("Missions conjointes planifiées".into()),
                None,
                None,
            ),
            &dcm,
        )
        .await
        .unwrap();
    assert_eq!(changed.events, 1);
    assert_eq!(
        changed.state.status,
        Some(suivi::domain::workflow::RecommendationStatus::EnCours)
    );
    // The table shows it at once: its view was written with the event.
    let after = app
        .recommendations_report(&session("2024"), Situation::NOW, &director)
        .await
        .unwrap();
    assert_eq!(
        after.recommendations[1].status,
        suivi::report::ReportStatus::InProgress
    );

    // Deadlines and the calendar: its own only.
    let year = Year::new(2024).unwrap();
    let calendar = app.calendar(year, &dcm).await.unwrap();
    let everything = app.calendar(year, &director).await.unwrap();
    assert!(calendar.len() < everything.len());
    let code = StructureCode::parse("DCM").unwrap();
    assert!(calendar.iter().all(|d| d.structures.contains(&code)));
    let open_items = app.open_items(&dcm).await.unwrap();
    assert!(open_items
        .items
        .iter()
        .all(|i| i.structures.contains(&code)));
    // Another structure is not even shown to exist.
    assert!(matches!(
        app.structure_items("MAECI", &dcm).await,
        Err(AppError::NotFound(_))
    ));
}

async fn a_lineage_shows_a_focal_point_only_its_structure(backend: Backend) {
    let db = example(backend).await;
    let app = open(&db, crate::common::clock()).await;
    let cps = user("agent", Role::Cps, None);
    let dcm = user("pf-dcm", Role::Structure, Some("DCM"));
    // A MAECI recommendation continued by an existing DCM one.
    let (maeci, of_dcm) = (rref("2030", 1), rref("2031", 1));
    app.add_recommendation(
        &maeci,
        "Pour le MAECI".into(),
        &["MAECI".into()],
        None,
        None,
        &cps,
    )
    .await
    .unwrap();
    app.add_recommendation(
        &of_dcm,
        "Pour la DCM".into(),
        &["DCM".into()],
        None,
        None,
        &cps,
    )
    .await
    .unwrap();
    app.carry_over_recommendation(&maeci, &of_dcm, None, &cps)
        .await
        .unwrap();
    let full = app.recommendation_history(&of_dcm, &cps).await.unwrap();
    assert_eq!(full.lineage.len(), 2);
    assert!(full.events.iter().any(|e| e.reference == "2030#1"));
    let mine = app.recommendation_history(&of_dcm, &dcm).await.unwrap();
    let refs: Vec<&str> = mine.lineage.iter().map(|l| l.reference.as_str()).collect();
    assert_eq!(refs, ["2031#1"]);
    assert!(
        mine.events.iter().all(|e| e.reference == "2031#1"),
        "{:?}",
        mine.events
    );
    assert_eq!(mine.open_since, None);
}

async fn each_use_case_checks_the_role(backend: Backend) {
    let db = example(backend).await;
    let app = open(&db, crate::common::clock()).await;
    let reader = user("lecteur", Role::Reader, None);
    let cps = user("agent", Role::Cps, None);
    let director = user("directeur", Role::Director, None);
    let year = Year::new(2023).unwrap();
    assert!(app
        .activities_report(year, Situation::NOW, &reader)
        .await
        .is_ok());
    assert!(matches!(
        app.set_recommendation_status(
            &rref("2023", 1),
            suivi::app::StatusChange::new("executee", None, Some("PV".into()), None),
            &reader
        )
        .await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        app.run_reminders(None, &reader).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(app.anchor(&cps).await, Err(AppError::Forbidden)));
    assert!(matches!(
        app.snapshots(&cps).await,
        Err(AppError::Forbidden)
    ));
    assert!(app.anchor(&director).await.is_ok());
    assert!(app.plan_reminders(None, &cps).await.is_ok());
}

async fn refusals_name_the_field_and_no_option(backend: Backend) {
    let db = example(backend).await;
    let app = open(&db, crate::common::clock()).await;
    let cps = user("agent", Role::Cps, None);
    // 2023#3 is not executed: executing it requires evidence.
    let e = app
        .set_recommendation_status(
            &rref("2023", 3),
            suivi::app::StatusChange::new("executee", None, None, None),
            &cps,
        )
        .await
        .unwrap_err();
    // Well formed, refused by the workflow as the recommendation stands.
    let AppError::Refused { text, field } = e else {
        panic!("{e:?}")
    };
    assert_eq!(field, Some("evidence"));
    for lang in Lang::ALL {
        let said = text.render(lang);
        // The recommendation as people name it: its number and session.
        assert!(
            said.contains("3") && said.contains("2023") && !said.contains("2023#3"),
            "{said}"
        );
        assert!(!said.contains("--"), "{said}");
    }
    assert_eq!(
        text.render(Lang::Fr),
        "n° 3 de la session 2023 : le passage de « non exécutée » à « exécutée » exige une pièce justificative"
    );
    let e = app
        .set_recommendation_status(
            &rref("2023", 3),
            suivi::app::StatusChange::new("fini", None, None, None),
            &cps,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            AppError::BadInput {
                field: Some("status"),
                ..
            }
        ),
        "{e:?}"
    );
}

async fn events_are_dated_by_the_application_clock(backend: Backend) {
    let db = example(backend).await;
    let at = suivi::clock::parse_instant("2025-02-03T10:30:00Z").unwrap();
    let app = open(&db, Arc::new(FixedClock::new(at))).await;
    let cps = user("agent", Role::Cps, None);
    app.set_recommendation_status(
        &rref("2024", 1),
        suivi::app::StatusChange::new("en_cours", Some("Lancé".into()), None, None),
        &cps,
    )
    .await
    .unwrap();
    let h = app
        .recommendation_history(&rref("2024", 1), &cps)
        .await
        .unwrap();
    let last = h.events.last().unwrap();
    assert_eq!(last.at, "2025-02-03T10:30:00+00:00");
    assert_eq!(last.actor, "agent");
    assert_eq!(app.today().to_string(), "2025-02-03");
}

async fn the_dashboard_puts_the_most_overdue_first(backend: Backend) {
    let db = example(backend).await;
    let at = suivi::clock::parse_instant("2024-12-31T09:00:00Z").unwrap();
    let app = open(&db, Arc::new(FixedClock::new(at))).await;
    let director = user("directeur", Role::Director, None);
    let d = app.dashboard(None, &director).await.unwrap();
    assert_eq!(d.today.to_string(), "2024-12-31");
    // The year followed, whatever was recorded last: 2023 closed in 2024.
    assert_eq!(d.activities.as_ref().map(|a| a.year), Some(2024));
    assert_eq!(
        d.years.iter().map(|y| y.value()).collect::<Vec<_>>(),
        [2023, 2024]
    );
    assert!(!d.overdue.is_empty() && !d.upcoming.is_empty());
    assert!(d.overdue_total >= d.overdue.len() && d.upcoming_total >= d.upcoming.len());
    assert!(d.overdue.iter().all(|i| i.deadline < d.today));
    assert!(d.upcoming.iter().all(|i| i.deadline >= d.today));
    // This year's first, then the older ones; the most days late first in each.
    let this_year = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let late: Vec<_> = d
        .overdue
        .iter()
        .map(|i| (i.deadline < this_year, i.deadline))
        .collect();
    let mut sorted = late.clone();
    sorted.sort();
    assert_eq!(late, sorted, "this year's first, the most days late first");
    assert!(!late[0].0, "{late:?}");
    let next: Vec<_> = d.upcoming.iter().map(|i| i.deadline).collect();
    let mut sorted = next.clone();
    sorted.sort();
    assert_eq!(next, sorted, "the soonest first");
    // Another year on request.
    let d = app
        .dashboard(Some(Year::new(2023).unwrap()), &director)
        .await
        .unwrap();
    assert_eq!(
        d.activities
            .as_ref()
            .map(|a| (a.year, a.executed, a.planned)),
        Some((2023, 14, 22))
    );
    // Before its closing day, the previous year is still the one followed.
    let january = suivi::clock::parse_instant("2024-01-15T09:00:00Z").unwrap();
    let app = open(&db, Arc::new(FixedClock::new(january))).await;
    let d = app.dashboard(None, &director).await.unwrap();
    assert_eq!(d.activities.as_ref().map(|a| a.year), Some(2023));
}

async fn a_year_is_frozen_only_once_it_is_over(backend: Backend) {
    let db = example(backend).await;
    let clock = Arc::new(FixedClock::new(
        suivi::clock::parse_instant("2024-12-31T23:59:59Z").unwrap(),
    ));
    let app = open(&db, clock.clone()).await;
    let director = user("directeur", Role::Director, None);
    for year in [2024, 2025] {
        let e = app
            .take_snapshot(Year::new(year).unwrap(), &director)
            .await
            .unwrap_err();
        assert!(
            matches!(
                e,
                AppError::Refused {
                    field: Some("year"),
                    ..
                }
            ),
            "{year}: {e:?}"
        );
    }
    assert!(
        app.snapshots(&director).await.unwrap().is_empty(),
        "nothing frozen"
    );
    let taken = app
        .take_snapshot(Year::new(2023).unwrap(), &director)
        .await
        .unwrap();
    assert!(taken.new);
    clock.set(suivi::clock::parse_instant("2025-01-01T00:00:00Z").unwrap());
    assert!(
        app.take_snapshot(Year::new(2024).unwrap(), &director)
            .await
            .unwrap()
            .new
    );
}

async fn report_sections_are_events_with_their_history(backend: Backend) {
    let db = example(backend).await;
    let clock = Arc::new(FixedClock::new(
        suivi::clock::parse_instant("2024-01-10T09:00:00Z").unwrap(),
    ));
    let app = open(&db, clock.clone()).await;
    let cps = user("agent", Role::Cps, None);
    // The example data writes the 2023 report; 2024's is not written yet.
    let year = Year::new(2024).unwrap();
    // Nothing written yet: every section is listed, none has a text.
    let all = app
        .report_sections(year, Situation::NOW, &cps)
        .await
        .unwrap();
    assert_eq!(all.len(), 8);
    assert!(all.iter().all(|s| s.markdown.is_none() && s.versions == 0));

    let first = app
        .set_report_section(year, "introduction", "La CPS/SCI a été créée…".into(), &cps)
        .await
        .unwrap();
    assert_eq!((first.events, first.state.versions), (1, 1));
    // The same text again records nothing.
    let again = app
        .set_report_section(
            year,
            "introduction",
            "La CPS/SCI a été créée…\n".into(),
            &cps,
        )
        .await
        .unwrap();
    assert_eq!(again.events, 0);
    clock.set(suivi::clock::parse_instant("2024-02-15T09:00:00Z").unwrap());
    app.set_report_section(year, "introduction", "Texte revu.".into(), &cps)
        .await
        .unwrap();

    let now = app
        .report_section(year, "introduction", Situation::NOW, &cps)
        .await
        .unwrap();
    assert_eq!(
        (now.markdown.as_deref(), now.versions),
        (Some("Texte revu."), 2)
    );
    // As it stood at the end of 31 January 2024.
    let then = app
        .report_section(
            year,
            "introduction",
            Situation::as_of("2024-01-31".parse().unwrap()),
            &cps,
        )
        .await
        .unwrap();
    assert_eq!(then.markdown.as_deref(), Some("La CPS/SCI a été créée…"));
    // Another year's report is another text.
    let other = app
        .report_section(
            Year::new(2025).unwrap(),
            "introduction",
            Situation::NOW,
            &cps,
        )
        .await
        .unwrap();
    assert_eq!(other.markdown, None);

    // An unknown key names the allowed ones; an empty text is refused.
    let e = app
        .set_report_section(year, "preambule", "x".into(), &cps)
        .await
        .unwrap_err();
    let AppError::BadInput { text, field } = e else {
        panic!("{e:?}")
    };
    assert_eq!(field, Some("section"));
    assert!(
        text.render(Lang::Fr).contains("difficultes"),
        "{}",
        text.render(Lang::Fr)
    );
    assert!(app
        .set_report_section(year, "conclusion", "  ".into(), &cps)
        .await
        .is_err());
    // A reader may read, not write.
    let reader = user("lecteur", Role::Reader, None);
    assert!(app
        .report_sections(year, Situation::NOW, &reader)
        .await
        .is_ok());
    assert!(matches!(
        app.set_report_section(year, "conclusion", "x".into(), &reader)
            .await
            .unwrap_err(),
        AppError::Forbidden
    ));
}

async fn the_report_of_a_frozen_year_comes_from_its_snapshot(backend: Backend) {
    let db = example(backend).await;
    let clock = Arc::new(FixedClock::new(
        suivi::clock::parse_instant("2024-02-01T09:00:00Z").unwrap(),
    ));
    let app = open(&db, clock.clone()).await;
    let director = user("directeur", Role::Director, None);
    let year = Year::new(2023).unwrap();
    // The same log gives the same bytes, twice in one process.
    let (docx, name) = app
        .annual_document(year, DocumentFormat::Docx, Lang::Fr, &director)
        .await
        .unwrap();
    let (again, _) = app
        .annual_document(year, DocumentFormat::Docx, Lang::Fr, &director)
        .await
        .unwrap();
    assert_eq!(name, "rapport-2023.docx");
    assert!(docx == again, "two writes of one log differ");
    let before = app.annual_report(year, &director).await.unwrap();
    assert!(before.basis.snapshot.is_none() && before.adjustments.is_empty());
    let frozen = app.take_snapshot(year, &director).await.unwrap();

    // A status change of December recorded after the close: the report
    // keeps the frozen one and lists the change in its annex.
    clock.set(suivi::clock::parse_instant("2024-02-15T09:00:00Z").unwrap());
    app.set_recommendation_status(
        &rref("2023", 1),
        suivi::app::StatusChange::new(
            "executee",
            Some("Missions conjointes réalisées".into()),
            Some("Note n° 12 du 14 février 2024".into()),
            Some("2023-12-20".parse().unwrap()),
        ),
        &director,
    )
    .await
    .unwrap();
    let after = app.annual_report(year, &director).await.unwrap();
    assert_eq!(
        after.previous[0].recommendations[0].status,
        suivi::report::ReportStatus::InProgress
    );
    assert_eq!(after.previous[0].in_progress, 3);
    assert_eq!(after.activities.execution_rate, Some(63.64));
    assert_eq!(
        after.basis.snapshot.as_ref().map(|s| s.0.as_str()),
        Some(frozen.content_hash.as_str())
    );
    assert!(
        after.adjustments.iter().any(|a| a.reference == "2023#1"),
        "{:?}",
        after.adjustments
    );
    let page = suivi::report::annual::html::write(&after, Lang::Fr);
    assert!(page.contains("Ajustements enregistrés après la clôture de 2023"));
    assert!(
        page.contains(
            "<td>15/02/2024 à 09:00</td><td>n° 1 de la session 2023</td><td>changement de statut</td>"
        ),
        "{page}"
    );
    // The year closed on 1 February 2024, the day after the Comité's
    // session: the carry-overs and narratives written in January are part
    // of it, not adjustments.
    let kinds: Vec<&str> = after.adjustments.iter().map(|a| a.kind.as_str()).collect();
    assert_eq!(kinds, ["RecommendationStatusChanged"]);
    assert_eq!(
        frozen.snapshot.recorded_by.as_deref(),
        Some("2024-01-31T23:59:59 Africa/Bamako")
    );
    assert!(page.contains(&frozen.content_hash));
    // The comparison of 2024 takes 2023's figures from that snapshot.
    let next = app
        .annual_report(Year::new(2024).unwrap(), &director)
        .await
        .unwrap();
    let earlier = next.earlier_execution.unwrap();
    assert!(
        earlier.from_snapshot && earlier.rate == 63.64,
        "{earlier:?}"
    );
    // A focal point reads no tables, so no report.
    let focal = user("pf-dcm", Role::Structure, Some("DCM"));
    assert!(matches!(
        app.annual_report(year, &focal).await.unwrap_err(),
        AppError::Forbidden
    ));
}

#[macro_export]
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread")]
            async fn $name() { super::$name(super::Backend::Sqlite).await; })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread")]
            async fn $name() { super::$name(super::Backend::Postgres).await; })*
        }
    };
}

mod accounts;
mod calendar;
mod clocks;
mod directory;
mod documents;
mod follow_up;
mod imports;
mod projects;
mod sector;

on_both!(
    an_unknown_session_is_not_found_now_and_as_of_a_day,
    a_focal_point_sees_and_changes_only_its_structure,
    each_use_case_checks_the_role,
    refusals_name_the_field_and_no_option,
    events_are_dated_by_the_application_clock,
    the_dashboard_puts_the_most_overdue_first,
    a_lineage_shows_a_focal_point_only_its_structure,
    a_year_is_frozen_only_once_it_is_over,
    report_sections_are_events_with_their_history,
    the_report_of_a_frozen_year_comes_from_its_snapshot,
);
