//! The same store tests on SQLite and PostgreSQL: atomic batches, global
//! positions in commit order under concurrent writers, conflicts, chunked
//! rebuilds, and events stored in the first format still loading. It stays
//! one file: each test is one property of the store, run on both backends
//! by the macro at its end; the kill test, which runs itself as a child
//! process, is in `kill.rs`.

#[path = "../common/mod.rs"]
mod common;
mod kill;

use common::{fresh_db, Backend};
use suivi::domain::activity::{
    Activity, ActivityCommand, ActivityPlan, ActivityRef, ActivityStatus,
};
use suivi::domain::finance::{BudgetLine, CreditKind, Credits, CreditsCommand};
use suivi::domain::types::{ActivityCode, Budget, Fcfa, Months, Year};
use suivi::domain::EventMetadata;
use suivi::projections;
use suivi::store::{CommandError, Db, Pool};

fn meta() -> EventMetadata {
    EventMetadata {
        actor: "test".into(),
        reason: None,
        recorded_at: crate::common::now(),
        correlation_id: "t".into(),
    }
}

fn aref(year: i32, code: &str) -> ActivityRef {
    ActivityRef {
        year: Year::new(year).unwrap(),
        code: ActivityCode::parse(code).unwrap(),
    }
}

fn plan(id: ActivityRef, title: &str) -> (String, ActivityCommand) {
    (
        id.aggregate_id(),
        ActivityCommand::Plan {
            id,
            plan: ActivityPlan {
                objective: String::new(),
                result: String::new(),
                title: title.into(),
                indicator: String::new(),
                budget: Budget::Thousands(1),
                months: Months::default(),
                months_estimated: false,
                responsible: String::new(),
            },
        },
    )
}

fn credit(year: i32, amount: i64) -> (String, CreditsCommand) {
    let year = Year::new(year).unwrap();
    (
        Credits::aggregate_id(year),
        CreditsCommand::Record {
            year,
            line: BudgetLine::Bsi,
            kind: CreditKind::Notified,
            amount: Fcfa::new(amount).unwrap(),
            estimated: false,
            effective: day("2024-01-31"),
        },
    )
}

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

async fn open(backend: Backend) -> (common::TestDb, Db) {
    let t = fresh_db(backend).await;
    let db = Db::open(&t.url).await.expect("open the store");
    (t, db)
}

async fn a_batch_is_all_or_nothing(backend: Backend) {
    let (_t, db) = open(backend).await;
    let bad = (
        aref(2024, "1.1.2").aggregate_id(),
        ActivityCommand::Execute {
            period: None,
            observation: None,
            effective: day("2024-06-30"),
        },
    );
    let batch = vec![plan(aref(2024, "1.1.1"), "A"), bad];
    let err = db
        .execute::<Activity>(batch, &(), &meta())
        .await
        .unwrap_err();
    assert!(
        matches!(err, CommandError::Rejected { ref id, .. } if id == "2024:1.1.2"),
        "{err:?}"
    );
    assert_eq!(db.head_position().await.unwrap(), 0);

    let written = db
        .execute::<Activity>(
            vec![
                plan(aref(2024, "1.1.1"), "A"),
                plan(aref(2024, "1.1.2"), "B"),
            ],
            &(),
            &meta(),
        )
        .await
        .unwrap();
    assert_eq!(written.events, 2);
    assert_eq!(db.head_position().await.unwrap(), 2);
}

async fn positions_follow_commit_order_under_concurrent_writers(backend: Backend) {
    let (t, db) = open(backend).await;
    let writers = 8;
    let per_writer = 40;
    let mut tasks = Vec::new();
    for w in 0..writers {
        // Each writer has a store of its own, as separate processes would:
        // they contend for the database's lock, not a queue in one process.
        let db = Db::open(&t.url).await.unwrap();
        tasks.push(tokio::spawn(async move {
            for i in 0..per_writer {
                let id = aref(2024, &format!("{}.{}", w + 1, i + 1));
                db.execute::<Activity>(vec![plan(id, "x")], &(), &meta())
                    .await
                    .unwrap();
            }
        }));
    }
    // A projector runs while they write: with positions handed out in commit
    // order, it can never step over an event that commits later.
    let projector = {
        let db = db.clone();
        tokio::spawn(async move {
            for _ in 0..50 {
                projections::catch_up(&db).await.unwrap();
                tokio::task::yield_now().await;
            }
        })
    };
    for t in tasks {
        t.await.unwrap();
    }
    projector.await.unwrap();
    projections::catch_up(&db).await.unwrap();

    let total = (writers * per_writer) as i64;
    let positions: Vec<i64> = db
        .events_after(0, 10_000)
        .await
        .unwrap()
        .iter()
        .map(|e| e.position)
        .collect();
    assert_eq!(
        positions,
        (1..=total).collect::<Vec<_>>(),
        "positions must be 1..N without gaps"
    );
    let views: Vec<Activity> = projections::views(&db, "2024").await.unwrap();
    assert_eq!(
        views.len() as i64,
        total,
        "every event reached the projection"
    );
    // One chain, no fork: every event's hash follows the one before.
    assert!(matches!(
        suivi::store::chain::verify(&db, None).await.unwrap(),
        suivi::store::chain::Verdict::Intact { events, .. } if events == total
    ));
}

async fn concurrent_commands_on_one_aggregate_conflict_or_succeed(backend: Backend) {
    let (_t, db) = open(backend).await;
    let mut tasks = Vec::new();
    for i in 0..16 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            db.execute::<Credits>(vec![credit(2023, 1000 + i)], &(), &meta())
                .await
        }));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(w) => ok += w.events,
            Err(CommandError::Conflict) => {}
            Err(e) => panic!("unexpected error {e}"),
        }
    }
    assert!(ok >= 1);
    let events = db.events_of("credits", "2023").await.unwrap();
    assert_eq!(events.len(), ok);
    let sequences: Vec<i64> = events.iter().map(|e| e.sequence).collect();
    assert_eq!(sequences, (1..=ok as i64).collect::<Vec<_>>());
}

async fn rebuild_in_chunks_equals_incremental(backend: Backend) {
    let (_t, db) = open(backend).await;
    // More events than one chunk, spread over many aggregates.
    for batch in 0..5 {
        let mut commands = Vec::new();
        for i in 0..250 {
            commands.push(plan(aref(2025, &format!("{batch}.{i}")), "x"));
        }
        db.execute::<Activity>(commands, &(), &meta())
            .await
            .unwrap();
        let executes = (0..250)
            .map(|i| {
                (
                    aref(2025, &format!("{batch}.{i}")).aggregate_id(),
                    ActivityCommand::Execute {
                        period: Some(format!("p{i}")),
                        observation: None,
                        effective: day("2024-06-30"),
                    },
                )
            })
            .collect();
        db.execute::<Activity>(executes, &(), &meta())
            .await
            .unwrap();
        projections::catch_up(&db).await.unwrap();
    }
    let live: Vec<Activity> = projections::views(&db, "2025").await.unwrap();
    assert_eq!(live.len(), 1250);
    assert!(live
        .iter()
        .all(|a| a.status == Some(ActivityStatus::Executed)));
    let replayed = projections::rebuild(&db, &|_| {}).await.unwrap();
    assert_eq!(replayed, 2500);
    let rebuilt: Vec<Activity> = projections::views(&db, "2025").await.unwrap();
    assert_eq!(rebuilt, live);
}

async fn events_of_the_first_format_still_load(backend: Backend) {
    let (t, db) = open(backend).await;
    let fixture: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("../fixtures/events-v1.json")).expect("fixture");
    let repo_events: Vec<cqrs_es::persist::SerializedEvent> = fixture
        .iter()
        .map(|e| {
            cqrs_es::persist::SerializedEvent::new(
                e["aggregate_id"].as_str().unwrap().into(),
                e["sequence"].as_u64().unwrap() as usize,
                e["aggregate_type"].as_str().unwrap().into(),
                e["event_type"].as_str().unwrap().into(),
                e["event_version"].as_str().unwrap().into(),
                e["payload"].clone(),
                e["metadata"].clone(),
            )
        })
        .collect();
    // Stored as the event repositories store them.
    use cqrs_es::persist::PersistedEventRepository;
    for e in &repo_events {
        let one = std::slice::from_ref(e);
        match (db.pool(), e.aggregate_type.as_str()) {
            (Pool::Sqlite(p), "activity") => {
                sqlite_es::SqliteEventRepository::new(p.clone())
                    .persist::<Activity>(one, None)
                    .await
            }
            (Pool::Postgres(p), "activity") => {
                postgres_es::PostgresEventRepository::new(p.clone())
                    .persist::<Activity>(one, None)
                    .await
            }
            (Pool::Sqlite(p), "credits") => {
                sqlite_es::SqliteEventRepository::new(p.clone())
                    .persist::<Credits>(one, None)
                    .await
            }
            (Pool::Postgres(p), "credits") => {
                postgres_es::PostgresEventRepository::new(p.clone())
                    .persist::<Credits>(one, None)
                    .await
            }
            (Pool::Sqlite(p), "recommendation") => {
                sqlite_es::SqliteEventRepository::new(p.clone())
                    .persist::<suivi::domain::recommendation::Recommendation>(one, None)
                    .await
            }
            (Pool::Postgres(p), "recommendation") => {
                postgres_es::PostgresEventRepository::new(p.clone())
                    .persist::<suivi::domain::recommendation::Recommendation>(one, None)
                    .await
            }
            (Pool::Sqlite(p), _) => {
                sqlite_es::SqliteEventRepository::new(p.clone())
                    .persist::<suivi::domain::revue::Revue>(one, None)
                    .await
            }
            (Pool::Postgres(p), _) => {
                postgres_es::PostgresEventRepository::new(p.clone())
                    .persist::<suivi::domain::revue::Revue>(one, None)
                    .await
            }
        }
        .expect("store a fixture event");
    }
    assert_eq!(
        projections::catch_up(&db).await.unwrap(),
        fixture.len() as u64
    );
    let (activity, seq) = db.load::<Activity>("2023:1.1.1").await.unwrap();
    assert_eq!(activity.status, Some(ActivityStatus::Executed));
    assert_eq!(activity.engaged, Some(Fcfa::new(2_000_000).unwrap()));
    assert!(seq >= 3);
    let (revue, _) = db
        .load::<suivi::domain::revue::Revue>("comite_coordination/2024")
        .await
        .unwrap();
    assert_eq!(
        revue
            .steps
            .iter()
            .find(|s| s.id == "session")
            .unwrap()
            .document
            .as_deref(),
        Some("PV de session")
    );
    let recs: Vec<suivi::domain::recommendation::Recommendation> =
        projections::views(&db, "2023").await.unwrap();
    assert!(!recs.is_empty());

    // The status change is stored in its first shape (version 1, comment and
    // evidence beside from and to) and reads through the upcaster.
    let (first, _) = db
        .load::<suivi::domain::recommendation::Recommendation>("2023#1")
        .await
        .unwrap();
    assert_eq!(
        first.status,
        Some(suivi::domain::workflow::RecommendationStatus::EnCours)
    );
    // Written before changes carried their date: it took effect, as far as
    // anyone recorded, on the day it was recorded.
    assert_eq!(first.status_on, Some(day("2026-11-29")));
    let stored = db.events_of("recommendation", "2023#1").await.unwrap();
    assert_eq!(stored[1].event_version, "1");
    assert!(stored[1].payload.contains("\"comment\""));
    let history = suivi::projections::history::recommendation(
        &db,
        &suivi::domain::recommendation::RecommendationRef {
            session: suivi::domain::types::SessionId::parse("2023").unwrap(),
            number: 1,
        },
    )
    .await
    .unwrap()
    .unwrap();
    let change = history
        .events
        .iter()
        .find(|e| e.kind == "RecommendationStatusChanged")
        .unwrap();
    assert_eq!(
        change.comment.as_deref(),
        Some("Démarches engagées auprès du MAECI et du MMEIA")
    );
    // A new status change is written in the current shape, beside the old one,
    // and the tables are the same whether kept inline or rebuilt.
    db.execute::<suivi::domain::recommendation::Recommendation>(
        vec![(
            "2023#1".into(),
            suivi::domain::recommendation::RecommendationCommand::ChangeStatus {
                to: suivi::domain::workflow::RecommendationStatus::Executee,
                comment: None,
                evidence: Some("PV n° 12".into()),
                documents: Vec::new(),
                effective: day("2026-12-01"),
            },
        )],
        &std::sync::Arc::new(
            suivi::config::workflows::load(std::path::Path::new("workflows"), false)
                .unwrap()
                .recommendation,
        ),
        &meta(),
    )
    .await
    .unwrap();
    let stored = db.events_of("recommendation", "2023#1").await.unwrap();
    assert_eq!(stored.last().unwrap().event_version, "3");
    assert!(stored.last().unwrap().payload.contains("justification"));
    let live: Vec<suivi::domain::recommendation::Recommendation> =
        projections::views(&db, "2023").await.unwrap();
    projections::rebuild(&db, &|_| {}).await.unwrap();
    let rebuilt: Vec<suivi::domain::recommendation::Recommendation> =
        projections::views(&db, "2023").await.unwrap();
    assert_eq!(live, rebuilt);
    assert_eq!(
        live[0].status,
        Some(suivi::domain::workflow::RecommendationStatus::Executee)
    );
    drop(t);
}

async fn views_are_written_with_the_events(backend: Backend) {
    let (t, db) = open(backend).await;
    db.execute::<Activity>(vec![plan(aref(2026, "1.1.1"), "A")], &(), &meta())
        .await
        .unwrap();
    db.execute::<Activity>(
        vec![(
            aref(2026, "1.1.1").aggregate_id(),
            ActivityCommand::Execute {
                period: Some("Mars".into()),
                observation: None,
                effective: day("2024-06-30"),
            },
        )],
        &(),
        &meta(),
    )
    .await
    .unwrap();
    // No catch-up has run: the views and the projection's position moved
    // with the commit.
    let views: Vec<Activity> = projections::views(&db, "2026").await.unwrap();
    assert_eq!(views.len(), 1);
    assert_eq!(views[0].status, Some(ActivityStatus::Executed));
    assert_eq!(views[0].period.as_deref(), Some("Mars"));
    assert_eq!(projections::catch_up(&db).await.unwrap(), 0);
    drop(t);
}

/// 64 commands at once, on one aggregate and then on 64: they go through
/// the batching writer. Every success is in the history once, every
/// conflict reaches its caller alone, the chain verifies, and the views
/// equal a rebuild.
async fn sixty_four_concurrent_commands_are_written_in_batches(backend: Backend) {
    let (_t, db) = open(backend).await;
    let mut tasks = Vec::new();
    for i in 0..64 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            db.execute::<Credits>(vec![credit(2023, 1000 + i)], &(), &meta())
                .await
        }));
    }
    let (mut ok, mut conflicts) = (0, 0);
    for t in tasks {
        match t.await.unwrap() {
            Ok(w) => {
                assert_eq!(w.events, 1);
                ok += 1;
            }
            Err(CommandError::Conflict) => conflicts += 1,
            Err(e) => panic!("unexpected error {e}"),
        }
    }
    assert_eq!(ok + conflicts, 64);
    assert!(ok >= 1);
    let events = db.events_of("credits", "2023").await.unwrap();
    let sequences: Vec<i64> = events.iter().map(|e| e.sequence).collect();
    assert_eq!(sequences, (1..=ok as i64).collect::<Vec<_>>());

    let mut tasks = Vec::new();
    for i in 0..64 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            db.execute::<Activity>(
                vec![plan(aref(2025, &format!("1.1.{}", i + 1)), "x")],
                &(),
                &meta(),
            )
            .await
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap().expect("each aggregate its own").events, 1);
    }
    assert!(matches!(
        suivi::store::chain::verify(&db, None).await.unwrap(),
        suivi::store::chain::Verdict::Intact { events, .. } if events == ok as i64 + 64
    ));
    let activities: Vec<Activity> = projections::views(&db, "2025").await.unwrap();
    let credits: Vec<Credits> = projections::views(&db, "2023").await.unwrap();
    assert_eq!((activities.len(), credits.len()), (64, 1));
    projections::rebuild(&db, &|_| {}).await.unwrap();
    assert_eq!(
        projections::views::<Activity>(&db, "2025").await.unwrap(),
        activities
    );
    assert_eq!(
        projections::views::<Credits>(&db, "2023").await.unwrap(),
        credits
    );
}

macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $name() { super::$name(super::Backend::Sqlite).await; })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $name() { super::$name(super::Backend::Postgres).await; })*
        }
    };
}

on_both!(
    a_batch_is_all_or_nothing,
    positions_follow_commit_order_under_concurrent_writers,
    concurrent_commands_on_one_aggregate_conflict_or_succeed,
    rebuild_in_chunks_equals_incremental,
    events_of_the_first_format_still_load,
    views_are_written_with_the_events,
    sixty_four_concurrent_commands_are_written_in_batches,
);
