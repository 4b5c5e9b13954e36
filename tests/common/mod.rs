//! Fresh databases for the integration tests: a SQLite file in a temporary
//! directory, or a new database on the PostgreSQL server named by
//! `SUIVI_TEST_POSTGRES_URL` (which `scripts/test.sh` starts).

#![allow(dead_code)]

use std::sync::Arc;

use sqlx::Connection;
use suivi::clock::FixedClock;

/// The moment the tests' clocks show, whatever day they run on: Monday
/// 2 December 2024, the 2023 report written and closed, the 2024 plan
/// under way.
pub const NOW: &str = "2024-12-02T09:00:00Z";

/// [`NOW`] as an instant.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    suivi::clock::parse_instant(NOW).expect("a valid instant")
}

/// A clock set to [`NOW`], which a test may move.
pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(now()))
}

/// The `suivi` program, run in the repository's root on the tests' clock
/// (`SUIVI_NOW`, which a test may set again).
pub fn suivi_program() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_suivi"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env(suivi::clock::FIXED_NOW, NOW);
    c
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database that exists for one test.
pub struct TestDb {
    pub url: String,
    pub backend: Backend,
    _dir: tempfile::TempDir,
}

impl TestDb {
    pub fn dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    /// An existing SQLite file, for the length of a test.
    pub fn at(url: String) -> TestDb {
        TestDb {
            url,
            backend: Backend::Sqlite,
            _dir: tempfile::tempdir().expect("temporary directory"),
        }
    }
}

fn postgres_admin_url() -> String {
    std::env::var("SUIVI_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!(
            "SUIVI_TEST_POSTGRES_URL is not set: the PostgreSQL tests need a server. \
             Run them with scripts/test.sh, which starts one."
        )
    })
}

pub async fn fresh_db(backend: Backend) -> TestDb {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = match backend {
        Backend::Sqlite => dir.path().join("suivi.db").display().to_string(),
        Backend::Postgres => {
            let admin = postgres_admin_url();
            let name = format!("suivi_test_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .expect("connect to the test PostgreSQL server");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await
                .expect("create a test database");
            let base = admin.rsplit_once('/').expect("URL with a database").0;
            format!("{base}/{name}")
        }
    };
    TestDb {
        url,
        backend,
        _dir: dir,
    }
}

/// A copy of the shipped `config/` directory in `into/config`, to edit for a test.
pub fn copy_config(into: &std::path::Path) -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
    let dir = into.join("config");
    copy_tree(&root, &dir);
    dir
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Uncomments the example objectives of a copied `config/sector.toml`, as
/// a CPS that adopts them would.
#[allow(dead_code)]
pub fn enable_sector_objectives(config: &std::path::Path) {
    let file = config.join("sector.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let enabled: Vec<&str> = text
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest)
                if ["[[objectifs]]", "intitule", "cadre", "estime"]
                    .iter()
                    .any(|k| rest.starts_with(k)) =>
            {
                rest
            }
            _ => l,
        })
        .collect();
    assert!(enabled.contains(&"[[objectifs]]"), "no example objective");
    std::fs::write(&file, enabled.join("\n")).unwrap();
}

/// Replaces `from` by `to` in a configuration file, which must contain it.
pub fn edit_config(file: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", file.display());
    std::fs::write(file, text.replace(from, to)).unwrap();
}

/// The `Set-Cookie` of the web session among a response's cookies (a login
/// also sets the device cookie).
#[allow(dead_code)]
pub fn session_set_cookie(headers: &reqwest::header::HeaderMap) -> String {
    headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|c| c.to_str().ok())
        .find(|c| c.starts_with("suivi_session="))
        .expect("a session cookie")
        .to_string()
}
