//! Upgrading: a SQLite database written before the latest migration
//! (`tests/fixtures/suivi-0009.db`, by the version before it) migrates at
//! start after a copy is taken beside it, keeps its history and its
//! reminders; a database from a newer schema is refused with the copy to
//! restore.

use sqlx::Connection;

use super::helpers::*;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/suivi-0009.db");

async fn tables(file: &std::path::Path) -> Vec<String> {
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .fetch_all(&mut conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_older_database_migrates_after_a_copy_and_a_newer_one_is_refused() {
    let db = fresh_db(Backend::Sqlite).await;
    let file = std::path::PathBuf::from(&db.url);
    std::fs::copy(FIXTURE, &file).unwrap();
    // Copies from earlier upgrades: only the last three are kept.
    for old in ["0004", "0006", "0008"] {
        std::fs::write(db.dir().join(format!("suivi-before-{old}.db")), b"").unwrap();
    }

    // The first command migrates; the chain written before still verifies.
    let verified = suivi(&db, &["audit", "verify"]).ok();
    assert!(verified.stdout.contains("174"), "{}", verified.stdout);
    let copy = db.dir().join("suivi-before-0010.db");
    assert!(copy.exists(), "the copy taken before migration 10");
    assert!(!tables(&copy).await.contains(&"server_keys".to_string()));
    assert!(tables(&file).await.contains(&"server_keys".to_string()));
    let mut left: Vec<String> = std::fs::read_dir(db.dir())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("suivi-before-"))
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            "suivi-before-0006.db",
            "suivi-before-0008.db",
            "suivi-before-0010.db"
        ]
    );
    // Its accounts are there, and it keeps reminding its overdue
    // recommendations (recorded long before the day suivi follows from).
    assert!(suivi(&db, &["user", "list"])
        .ok()
        .stdout
        .contains("directeur"));
    let mut overdue = 0;
    for day in 1..=7 {
        let plan = suivi(
            &db,
            &[
                "reminders",
                "plan",
                "--date",
                &format!("2026-12-0{day}"),
                "--format",
                "json",
            ],
        )
        .ok()
        .json();
        for d in plan["digests"].as_array().unwrap() {
            overdue += d["digest"]["lines"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|l| {
                    l["item"]["kind"] == "recommendation" && l["due"]["days"].as_i64() < Some(-300)
                })
                .count();
        }
    }
    assert!(overdue > 0, "no overdue recommendation reminded in a week");
    // A second start takes no second copy.
    std::fs::remove_file(&copy).unwrap();
    suivi(&db, &["audit", "verify"]).ok();
    assert!(!copy.exists());

    // A newer version migrated it further: this one refuses to start,
    // naming the copy that newer version took.
    {
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", file.display()))
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (11, 'from a newer version', TRUE, x'00', 0)",
        )
        .execute(&mut conn)
        .await
        .unwrap();
    }
    let newer_copy = db.dir().join("suivi-before-0011.db");
    std::fs::copy(&file, &newer_copy).unwrap();
    let refused = suivi(&db, &["audit", "verify"]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("suivi-before-0011.db"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("plus récente"),
        "{}",
        refused.stderr
    );
    assert!(!refused.stderr.contains("panicked"), "{}", refused.stderr);
}
