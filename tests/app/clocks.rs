//! The two clocks of a table: what had taken effect by a day (`as_of`, the
//! documents' own dates) and what the log held at the end of a day
//! (`recorded_by`, the audit's question); and the close of a year, which
//! freezes it as of 31 December as recorded by its closing day.

use std::sync::Arc;

use suivi::app::{App, Situation};
use suivi::clock::{parse_instant, FixedClock};
use suivi::domain::access::Role;
use suivi::domain::activity::{ActivityRef, ActivityStatus};
use suivi::domain::types::{ActivityCode, Year};
use suivi::report::progress::ProgressStatus;

use super::{example, open, user, Backend};

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn activity(year: i32, code: &str) -> ActivityRef {
    ActivityRef {
        year: Year::new(year).unwrap(),
        code: ActivityCode::parse(code).unwrap(),
    }
}

const PLAN_2025: &str = "code;objectif;resultat;activite;indicateur;budget;mois;responsable\n\
1.1.1;1. Planifier;1.1. Plans élaborés;Élaboration du PTA 2025;PTA validé;4000;1;Unité planification\n\
1.1.2;;;Revue sectorielle 2025;Rapport disponible;6000;4-5;Unité suivi évaluation\n\
1.1.3;;;Annuaire statistique 2024;Annuaire publié;PM;11-12;Unité statistique\n";

/// Records a 2025 activity as executed on `on`, as the CPS.
async fn execute(app: &App, code: &str, on: &str) {
    let cps = user("agent", Role::Cps, None);
    app.execute_activity(&activity(2025, code), None, None, Some(day(on)), &cps)
        .await
        .unwrap();
}

/// A database holding the example data, and an application whose clock
/// starts on `at`.
async fn app_at(backend: Backend, at: &str) -> (super::TestDb, App, Arc<FixedClock>) {
    let db = example(backend).await;
    let clock = Arc::new(FixedClock::new(parse_instant(at).unwrap()));
    let app = open(&db, clock.clone()).await;
    (db, app, clock)
}

async fn a_plan_typed_in_after_its_year_is_the_years_plan_on_every_day(backend: Backend) {
    // The 2025 plan is typed in on 10 January 2026.
    let (_db, app, clock) = app_at(backend, "2026-01-10T09:00:00Z").await;
    let cps = user("agent", Role::Cps, None);
    let y = Year::new(2025).unwrap();
    app.import_plan_csv("plan-2025.csv", PLAN_2025, y, &cps)
        .await
        .unwrap();
    // Executed on 20 December 2025, recorded in January.
    clock.set(parse_instant("2026-01-15T10:00:00Z").unwrap());
    app.execute_activity(
        &activity(2025, "1.1.2"),
        Some("Mai 2025".into()),
        None,
        Some(day("2025-05-20")),
        &cps,
    )
    .await
    .unwrap();
    execute(&app, "1.1.3", "2025-12-20").await;

    // As of 5 May 2025: the whole plan, nothing executed yet, the January
    // activity late.
    let may = app
        .progress_report(y, None, Situation::as_of(day("2025-05-05")), &cps)
        .await
        .unwrap();
    assert_eq!(may.activities.len(), 3);
    assert_eq!(may.done, 0);
    let first = &may.activities[0];
    assert!(first.late && first.status == ProgressStatus::Planned);
    // As of 30 June, the revue executed in May; as of 31 December, both.
    let june = app
        .activities_report(y, Situation::as_of(day("2025-06-30")), &cps)
        .await
        .unwrap();
    assert_eq!((june.planned, june.executed), (3, 1));
    let december = app
        .activities_report(y, Situation::as_of(day("2025-12-31")), &cps)
        .await
        .unwrap();
    assert_eq!((december.planned, december.executed), (3, 2));
    // What the log held at the end of 9 January 2026: no plan at all.
    let before_import = app
        .activities_report(
            y,
            Situation {
                as_of: None,
                recorded_by: Some(day("2026-01-09")),
            },
            &cps,
        )
        .await
        .unwrap();
    assert_eq!(before_import.planned, 0);
    // Recorded by the import's day: the plan, nothing executed.
    let at_import = app
        .activities_report(
            y,
            Situation {
                as_of: Some(day("2025-12-31")),
                recorded_by: Some(day("2026-01-10")),
            },
            &cps,
        )
        .await
        .unwrap();
    assert_eq!((at_import.planned, at_import.executed), (3, 0));
    // A fact cannot be dated in the future nor before its plan's year.
    for wrong in ["2026-01-16", "2024-12-31"] {
        let e = app
            .execute_activity(&activity(2025, "1.1.1"), None, None, Some(day(wrong)), &cps)
            .await
            .unwrap_err();
        assert!(
            matches!(
                e,
                suivi::app::AppError::Refused {
                    field: Some("date"),
                    ..
                }
            ),
            "{wrong}: {e:?}"
        );
    }
}

async fn the_year_closes_on_its_closing_day_with_what_january_recorded(backend: Backend) {
    let (_db, app, clock) = app_at(backend, "2026-01-10T09:00:00Z").await;
    let cps = user("agent", Role::Cps, None);
    let director = user("directeur", Role::Director, None);
    let y = Year::new(2025).unwrap();
    app.import_plan_csv("plan-2025.csv", PLAN_2025, y, &cps)
        .await
        .unwrap();
    // The 2026 calendar holds the Comité's first session on 31 January:
    // the year closes on 1 February.
    assert_eq!(app.closing_day(y), day("2026-02-01"));
    execute(&app, "1.1.3", "2025-12-20").await;
    // Until the close, the dashboard shows the year being closed, and no
    // snapshot is taken.
    let board = app.dashboard(None, &director).await.unwrap();
    let closing = board.closing.expect("2025 is being closed");
    assert_eq!(
        (closing.year, closing.closing_day),
        (2025, day("2026-02-01"))
    );
    assert_eq!(app.year_end_snapshot(&director).await.unwrap(), None);

    // Recorded on the closing day itself: after the close, an adjustment.
    clock.set(parse_instant("2026-02-01T08:00:00Z").unwrap());
    execute(&app, "1.1.1", "2025-01-31").await;
    assert_eq!(app.year_end_snapshot(&director).await.unwrap(), Some(2025));
    let frozen = app.snapshot(y, &director).await.unwrap();
    let s = &frozen.snapshot;
    assert_eq!(s.as_of, "2025-12-31T23:59:59 Africa/Bamako");
    assert_eq!(
        s.recorded_by.as_deref(),
        Some("2026-01-31T23:59:59 Africa/Bamako")
    );
    // The December execution typed in January is in; the one recorded on
    // the closing day is an adjustment.
    assert_eq!((s.activities.planned, s.activities.executed), (3, 1));
    let executed: Vec<&str> = s
        .activities
        .activities
        .iter()
        .filter(|a| a.status == ActivityStatus::Executed)
        .map(|a| a.code.as_str())
        .collect();
    assert_eq!(executed, ["1.1.3"]);
    assert_eq!(frozen.adjustments.len(), 1, "{:?}", frozen.adjustments);
    assert_eq!(frozen.adjustments[0].reference, "2025:1.1.1");
    assert!(app.year_closing().await.unwrap().is_none());
    // Recomputed with the same two clocks, it verifies.
    assert_eq!(
        app.verify_snapshot(y, &director).await.unwrap(),
        suivi::projections::snapshot::SnapshotVerdict::Intact
    );
}

async fn avancement_and_tableau_3_agree_on_every_activity(backend: Backend) {
    let (_db, app, _clock) = app_at(backend, "2024-12-02T09:00:00Z").await;
    let director = user("directeur", Role::Director, None);
    for (year, on) in [(2023, "2023-12-31"), (2024, "2024-12-02")] {
        let y = Year::new(year).unwrap();
        let at = Situation::as_of(day(on));
        let table = app.activities_report(y, at, &director).await.unwrap();
        let progress = app.progress_report(y, None, at, &director).await.unwrap();
        assert_eq!(table.activities.len(), progress.activities.len());
        assert!(!table.activities.is_empty());
        for line in &table.activities {
            let p = progress
                .activities
                .iter()
                .find(|p| p.code == line.code)
                .unwrap();
            let executed = line.status == ActivityStatus::Executed;
            let not_executed = line.status == ActivityStatus::NotExecuted;
            assert_eq!(
                p.status == ProgressStatus::Executed,
                executed,
                "{year} {}",
                line.code
            );
            assert_eq!(
                p.status == ProgressStatus::NotExecuted,
                not_executed,
                "{year} {}",
                line.code
            );
            if executed {
                assert_eq!(p.percent, 100, "{year} {}", line.code);
            }
        }
        assert_eq!(table.executed, progress.done, "{year}");
    }
}

crate::on_both!(
    a_plan_typed_in_after_its_year_is_the_years_plan_on_every_day,
    the_year_closes_on_its_closing_day_with_what_january_recorded,
    avancement_and_tableau_3_agree_on_every_activity,
);
