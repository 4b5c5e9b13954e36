//! A process killed while a batch of several changes is written leaves no
//! half of it: the test runs itself again as a child process that sends 64
//! commands at once on 64 aggregates and holds its first batch of several
//! before the commit (a debug-build failpoint); it kills the child there,
//! then checks that none of the batch was written, that what was committed
//! before it is whole, and that writing goes on.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use suivi::domain::activity::Activity;
use suivi::projections;
use suivi::store::chain::{verify, Verdict};
use suivi::store::{Db, FAILPOINT_BATCH_BEFORE_COMMIT};

use crate::common::Backend;
use crate::{aref, meta, open, plan};

/// Set in the child: the database it writes to.
const CHILD: &str = "SUIVI_TEST_BATCH_CHILD";

/// The child: rounds of 64 concurrent commands on 64 new aggregates, until
/// a batch of several is held and the process killed.
async fn write_until_killed(url: &str) {
    let db = Db::open(url).await.expect("open the store");
    for round in 0..50 {
        let mut tasks = Vec::new();
        for i in 0..64 {
            let db = db.clone();
            let code = format!("{}.{}.{}", round + 1, i / 9 + 1, i % 9 + 1);
            tasks.push(tokio::spawn(async move {
                db.execute::<Activity>(vec![plan(aref(2025, &code), "x")], &(), &meta())
                    .await
            }));
        }
        for t in tasks {
            t.await.unwrap().expect("each aggregate its own");
        }
    }
}

async fn killed_during_a_batch(backend: Backend, test: &str) {
    if let Ok(url) = std::env::var(CHILD) {
        write_until_killed(&url).await;
        return;
    }
    let (t, db) = open(backend).await;
    let marker = t.dir().join("held");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, &t.url)
        .env(FAILPOINT_BATCH_BEFORE_COMMIT, &marker)
        .stdout(Stdio::null())
        .spawn()
        .expect("start the child");
    let start = Instant::now();
    while !marker.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the child never held a batch of several changes"
        );
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the child ended without holding a batch of several changes: {status}");
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    child.kill().expect("SIGKILL");
    child.wait().unwrap();

    let held: Vec<(String, String)> = std::fs::read_to_string(&marker)
        .unwrap()
        .lines()
        .map(|l| {
            let (kind, id) = l.split_once(' ').unwrap();
            (kind.to_string(), id.to_string())
        })
        .collect();
    assert!(held.len() > 1, "a batch of several: {held:?}");
    for (kind, id) in &held {
        assert_eq!(
            db.events_of(kind, id).await.unwrap().len(),
            0,
            "{kind} {id} was in the killed batch"
        );
    }
    let activities: Vec<Activity> = projections::views(&db, "2025").await.unwrap();
    let Verdict::Intact { events, .. } = verify(&db, None).await.unwrap() else {
        panic!("the chain does not verify after the kill");
    };
    assert_eq!(
        events as usize,
        activities.len(),
        "one event and one view for each command committed before the batch"
    );
    projections::rebuild(&db, &|_| {}).await.unwrap();
    assert_eq!(
        projections::views::<Activity>(&db, "2025").await.unwrap(),
        activities
    );

    // Writing goes on after the kill, and a held command can be sent again.
    let again = aref(2025, held[0].1.rsplit(':').next().unwrap());
    db.execute::<Activity>(vec![plan(again, "x")], &(), &meta())
        .await
        .expect("written after the kill");
    assert!(matches!(
        verify(&db, None).await.unwrap(),
        Verdict::Intact { events: e, .. } if e == events + 1
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_process_killed_during_a_batch_leaves_no_half_of_it_on_sqlite() {
    killed_during_a_batch(
        Backend::Sqlite,
        "kill::a_process_killed_during_a_batch_leaves_no_half_of_it_on_sqlite",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_process_killed_during_a_batch_leaves_no_half_of_it_on_postgres() {
    killed_during_a_batch(
        Backend::Postgres,
        "kill::a_process_killed_during_a_batch_leaves_no_half_of_it_on_postgres",
    )
    .await;
}
