//! Runs the real `suivi` binary against a fresh database.

use std::path::Path;
use std::process::{Command, Output};

pub use crate::common::{fresh_db, Backend, TestDb};

/// The result of one `suivi` run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!("stdout is not JSON ({e}): {}\n{}", self.stdout, self.stderr)
        })
    }
    #[track_caller]
    pub fn ok(self) -> Self {
        assert_eq!(
            self.code, 0,
            "suivi failed:\n{}\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// A `suivi` command in the repository root, on `db`.
pub fn command(db: &TestDb) -> Command {
    let mut c = crate::common::suivi_program();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SUIVI_DATABASE_URL", &db.url)
        .env("SUIVI_ACTOR", "test")
        .env_remove("SUIVI_LANG")
        .env_remove("SUIVI_CONFIG_DIR")
        .env_remove("SUIVI_WORKFLOWS_DIR");
    c
}

pub fn suivi(db: &TestDb, args: &[&str]) -> Run {
    command(db).args(args).output().expect("run suivi").into()
}

/// Runs every line of the demo script, one process per line, as a user would.
pub fn load_example_data(db: &TestDb) {
    let script =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo.suivi"))
            .expect("demo script");
    let mut clock: Option<String> = None;
    for line in script
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        // `@ DATE`: the following commands are recorded at that time.
        if let Some(at) = line.strip_prefix('@') {
            clock = Some(at.trim().to_string());
            continue;
        }
        let words = shlex::split(line).expect("well-quoted line");
        let mut c = command(db);
        if let Some(at) = &clock {
            c.env(suivi::clock::FIXED_NOW, at);
        }
        let run: Run = c.args(&words).output().expect("run suivi").into();
        assert_eq!(
            run.code, 0,
            "`suivi {line}` failed:\n{}\n{}",
            run.stdout, run.stderr
        );
    }
}

pub fn report(db: &TestDb, what: &str, key: &str, value: &str) -> serde_json::Value {
    suivi(db, &["report", what, key, value, "--format", "json"])
        .ok()
        .json()
}

/// Every table of the example data, as JSON.
pub fn all_reports(db: &TestDb) -> Vec<serde_json::Value> {
    vec![
        report(db, "activities", "--year", "2023"),
        report(db, "activities", "--year", "2024"),
        report(db, "recommendations", "--session", "2023"),
        report(db, "recommendations", "--session", "2024"),
        report(db, "finances", "--year", "2023"),
    ]
}

/// Counts the stored events with a direct query.
pub async fn event_count(db: &TestDb) -> i64 {
    scalar(db, "SELECT COUNT(*) FROM events").await
}

pub async fn scalar(db: &TestDb, sql: &str) -> i64 {
    use sqlx::Connection;
    match db.backend {
        Backend::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{}", db.url))
                .await
                .unwrap();
            sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
        }
        Backend::Postgres => {
            let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
            sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
        }
    }
}

pub async fn execute(db: &TestDb, sql: &str) {
    use sqlx::Connection;
    match db.backend {
        Backend::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{}", db.url))
                .await
                .unwrap();
            sqlx::query(sql).execute(&mut c).await.unwrap();
        }
        Backend::Postgres => {
            let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
            sqlx::query(sql).execute(&mut c).await.unwrap();
        }
    }
}
