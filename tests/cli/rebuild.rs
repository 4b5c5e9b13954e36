//! `suivi rebuild` yields the same tables as the live projections.

use crate::helpers::*;

async fn rebuild_matches_live(backend: Backend) {
    let db = fresh_db(backend).await;
    load_example_data(&db);
    let live = all_reports(&db);
    let run = suivi(&db, &["rebuild"]).ok();
    let events = event_count(&db).await;
    assert!(
        run.stdout.contains(&format!("{events} événements")),
        "{}",
        run.stdout
    );
    assert_eq!(all_reports(&db), live);

    // Even from lost views: the events are the source of truth.
    execute(&db, "DELETE FROM views").await;
    suivi(&db, &["rebuild"]).ok();
    assert_eq!(all_reports(&db), live);
}

#[tokio::test]
async fn rebuild_matches_live_tables_on_sqlite() {
    rebuild_matches_live(Backend::Sqlite).await;
}

#[tokio::test]
async fn rebuild_matches_live_tables_on_postgres() {
    rebuild_matches_live(Backend::Postgres).await;
}
