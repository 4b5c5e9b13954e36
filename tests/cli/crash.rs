//! A process killed between the commit of its events and the update of the
//! projections loses nothing: the next run catches up.

use std::time::{Duration, Instant};

use crate::helpers::*;

async fn killed_after_commit(backend: Backend) {
    let db = fresh_db(backend).await;
    suivi(
        &db,
        &["plan", "import", "fixtures/plan-2023.csv", "--year", "2023"],
    )
    .ok();
    let marker = db.dir().join("committed");
    let mut child = command(&db)
        .args([
            "activity",
            "execute",
            "--year",
            "2023",
            "--code",
            "1.1.1",
            "--period",
            "Janvier 2023",
        ])
        .env(suivi::app::FAILPOINT_AFTER_COMMIT, &marker)
        .spawn()
        .expect("start suivi");
    let start = Instant::now();
    while !marker.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "suivi never reached its commit"
        );
        if let Some(status) = child.try_wait().unwrap() {
            panic!("suivi ended before its commit: {status}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().expect("SIGKILL");
    child.wait().unwrap();

    // The event is stored, and the projection has not seen it.
    let head = scalar(&db, "SELECT position FROM event_head").await;
    let projected = scalar(
        &db,
        "SELECT position FROM projection_positions WHERE name = 'tables'",
    )
    .await;
    assert_eq!(
        scalar(
            &db,
            "SELECT COUNT(*) FROM events WHERE event_type = 'ActivityExecuted'"
        )
        .await,
        1
    );
    assert_eq!(
        projected,
        head - 1,
        "the kill should fall between commit and projection"
    );

    // The next run catches up.
    let r = report(&db, "activities", "--year", "2023");
    assert_eq!(r["executed"], 1);
    assert_eq!(r["activities"][0]["status"], "executed");
    assert_eq!(r["activities"][0]["period"], "Janvier 2023");
    assert_eq!(
        scalar(
            &db,
            "SELECT position FROM projection_positions WHERE name = 'tables'"
        )
        .await,
        head
    );
}

#[tokio::test]
async fn a_kill_between_commit_and_projection_loses_nothing_on_sqlite() {
    killed_after_commit(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_kill_between_commit_and_projection_loses_nothing_on_postgres() {
    killed_after_commit(Backend::Postgres).await;
}
