//! The schema's migrations, applied at start: every pending one in one
//! transaction, or none. On SQLite a copy of the database is taken first
//! beside it (`suivi-before-NNNN.db`, the last three kept); a database whose
//! schema is newer than this version's is refused, naming the copy to
//! restore.

use std::path::{Path, PathBuf};

use anyhow::Context;
use sqlx::migrate::{Migrate, Migrator};
use sqlx::{Acquire, Executor};

use super::{Db, Pool};

/// How many copies taken before a migration are kept.
const COPIES_KEPT: usize = 3;

/// A database written by a newer version of suivi.
#[derive(Debug, thiserror::Error)]
#[error("the database's schema ({found}) is newer than this version's ({known})")]
pub struct SchemaTooNew {
    pub found: i64,
    pub known: i64,
    /// The copy taken before the first migration this version does not
    /// know, when it is there (SQLite).
    pub copy: Option<PathBuf>,
}

/// The copy taken before migration `version`, beside the database.
pub fn copy_before(database: &Path, version: i64) -> PathBuf {
    directory_of(database).join(format!("suivi-before-{version:04}.db"))
}

fn directory_of(file: &Path) -> &Path {
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Keeps the newest [`COPIES_KEPT`] copies in `dir`.
fn prune_copies(dir: &Path) -> anyhow::Result<()> {
    let mut copies: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("while listing {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("suivi-before-") && n.ends_with(".db"))
        })
        .collect();
    copies.sort();
    let excess = copies.len().saturating_sub(COPIES_KEPT);
    for old in &copies[..excess] {
        std::fs::remove_file(old).with_context(|| format!("while removing {}", old.display()))?;
    }
    Ok(())
}

impl Db {
    /// Applies the pending migrations; `file` is the SQLite database's file.
    pub(super) async fn migrate(&self, file: Option<&Path>) -> anyhow::Result<()> {
        let migrator: Migrator = match &self.pool {
            Pool::Sqlite(_) => sqlx::migrate!("./migrations/sqlite"),
            Pool::Postgres(_) => sqlx::migrate!("./migrations/postgres"),
        };
        let known = migrator.iter().map(|m| m.version).max().unwrap_or(0);
        crate::on_backend!(self, p => {
            let mut conn = p.acquire().await.context("while opening a connection")?;
            // Several instances starting at once: one migrates (PostgreSQL's
            // advisory lock, taken before anything else, released on every path).
            conn.lock().await?;
            let outcome = async {
                conn.ensure_migrations_table().await?;
                let applied = conn.list_applied_migrations().await?;
                let found = applied.iter().map(|a| a.version).max().unwrap_or(0);
                if found > known {
                    let copy = file.map(|f| copy_before(f, known + 1)).filter(|c| c.exists());
                    return Err(SchemaTooNew { found, known, copy }.into());
                }
                for a in &applied {
                    if let Some(m) = migrator.iter().find(|m| m.version == a.version) {
                        anyhow::ensure!(
                            *m.checksum == *a.checksum,
                            "migration {} was changed after it was applied",
                            a.version
                        );
                    }
                }
                let pending: Vec<_> = migrator
                    .iter()
                    .filter(|m| m.migration_type.is_up_migration())
                    .filter(|m| !applied.iter().any(|a| a.version == m.version))
                    .collect();
                if let (Some(first), Some(file), false) = (pending.first(), file, applied.is_empty()) {
                    self.copy_before_migrating(file, first.version).await?;
                }
                if pending.is_empty() {
                    return Ok(());
                }
                let mut tx = conn.begin().await.context("while starting the migrations")?;
                for m in &pending {
                    let started = std::time::Instant::now();
                    tx.execute(sqlx::raw_sql(&m.sql))
                        .await
                        .with_context(|| format!("while applying migration {} ({})", m.version, m.description))?;
                    sqlx::query(
                        "INSERT INTO _sqlx_migrations (version, description, success, checksum, \
                         execution_time) VALUES ($1, $2, TRUE, $3, $4)",
                    )
                    .bind(m.version)
                    .bind(&*m.description)
                    .bind(&*m.checksum)
                    .bind(started.elapsed().as_nanos() as i64)
                    .execute(&mut *tx)
                    .await
                    .context("while recording a migration")?;
                }
                tx.commit().await.context("while committing the migrations")?;
                tracing::info!(from = found, to = known, "database schema migrated");
                Ok::<(), anyhow::Error>(())
            }
            .await;
            let unlocked = conn.unlock().await;
            outcome?;
            unlocked?;
            Ok::<(), anyhow::Error>(())
        })
    }

    /// Copies the SQLite database beside it before migration `version`:
    /// always a fresh copy (one left from an earlier attempt is kept under
    /// another name), then only the last [`COPIES_KEPT`] are kept.
    async fn copy_before_migrating(&self, file: &Path, version: i64) -> anyhow::Result<()> {
        let copy = copy_before(file, version);
        if copy.exists() {
            let earlier = directory_of(&copy).join(format!(
                "suivi-before-{version:04}-earlier-{}.db",
                chrono::Utc::now().timestamp()
            ));
            std::fs::rename(&copy, &earlier)
                .with_context(|| format!("while renaming {}", copy.display()))?;
        }
        self.backup_sqlite(&copy).await?;
        tracing::info!(copy = %copy.display(), "database copied before its migration");
        prune_copies(directory_of(&copy))
    }
}
