//! Fresh databases for the integration tests: a SQLite file in a temporary
//! directory, or a new database on the PostgreSQL server named by
//! `SUIVI_TEST_POSTGRES_URL` (which `scripts/test.sh` starts).

#![allow(dead_code)]

use sqlx::Connection;

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
