//! A process killed right after the commit of its events loses nothing: the
//! views were written in the same transaction, so the tables show the change
//! at once, to every reader, before any other run catches anything up.

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
    // While the writer still hangs after its commit, and before any other
    // suivi process has run, the views already hold the change.
    let views_have_it = || async {
        scalar(
            &db,
            "SELECT COUNT(*) FROM views WHERE kind = 'activity' AND id = '2023:1.1.1' \
             AND payload LIKE '%Janvier 2023%'",
        )
        .await
    };
    assert_eq!(
        views_have_it().await,
        1,
        "the view is written with the event"
    );
    child.kill().expect("SIGKILL");
    child.wait().unwrap();

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
    assert_eq!(projected, head, "the projection moved with the commit");
    assert_eq!(views_have_it().await, 1);

    let r = report(&db, "activities", "--year", "2023");
    assert_eq!(r["executed"], 1);
    assert_eq!(r["activities"][0]["status"], "executed");
    assert_eq!(r["activities"][0]["period"], "Janvier 2023");
}

#[tokio::test]
async fn a_kill_right_after_commit_leaves_fresh_tables_on_sqlite() {
    killed_after_commit(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_kill_right_after_commit_leaves_fresh_tables_on_postgres() {
    killed_after_commit(Backend::Postgres).await;
}
