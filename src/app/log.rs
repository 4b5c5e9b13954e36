//! Saving and moving the data: the event log exported to a portable file
//! and imported into an empty database of either backend (the way from
//! SQLite to PostgreSQL), and a consistent copy of a SQLite database while
//! the service runs.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

use super::{App, AppError};
use crate::domain::access::{Action, Actor};
use crate::projections;
use crate::store::log::{self, ImportError, LogSummary};
use crate::text;

/// Where an export is written: plain, or gzip-compressed.
enum Output {
    Plain(std::io::BufWriter<std::fs::File>),
    Gzip(Box<flate2::write::GzEncoder<std::io::BufWriter<std::fs::File>>>),
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::Plain(w) => w.write(buf),
            Output::Gzip(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::Plain(w) => w.flush(),
            Output::Gzip(w) => w.flush(),
        }
    }
}

impl Output {
    /// Writes what remains (the gzip trailer, the buffer); returns the file.
    fn finish(self) -> std::io::Result<std::fs::File> {
        let buffered = match self {
            Output::Plain(w) => w,
            Output::Gzip(w) => (*w).finish()?,
        };
        buffered.into_inner().map_err(|e| e.into_error())
    }
}

/// Gzip's first two bytes.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

pub(super) fn file_error(file: &Path, e: std::io::Error) -> AppError {
    AppError::bad(text!(
        "about",
        subject = file.display().to_string(),
        message = text!("file-unreadable", error = e.to_string())
    ))
}

/// Refuses to overwrite a file.
fn new_file(file: &Path) -> Result<(), AppError> {
    if file.exists() {
        return Err(AppError::bad(text!(
            "file-exists",
            file = file.display().to_string()
        )));
    }
    Ok(())
}

impl App {
    /// Writes the whole event log to `file` (gzip-compressed when its name
    /// ends in `.gz`); `with_accounts`, the users (their passwords' hashes)
    /// and tokens (hashed) too. The file appears only once complete.
    pub async fn export_log(
        &self,
        file: &Path,
        with_accounts: bool,
        who: &Actor,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<LogSummary, AppError> {
        self.require(who, Action::Audit)?;
        new_file(file)?;
        let partial = file.with_extension("partial");
        // One left by an interrupted export is written anew (and its mode with it).
        let _ = std::fs::remove_file(&partial);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        // Password and token hashes: for the owner's eyes only, from the start.
        #[cfg(unix)]
        if with_accounts {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let out = options
            .open(&partial)
            .map_err(|e| file_error(&partial, e))?;
        let mut out = if file.extension().is_some_and(|e| e == "gz") {
            Output::Gzip(Box::new(flate2::write::GzEncoder::new(
                std::io::BufWriter::new(out),
                flate2::Compression::default(),
            )))
        } else {
            Output::Plain(std::io::BufWriter::new(out))
        };
        let written = log::export(&self.db, &mut out, self.now(), with_accounts, progress).await;
        // The whole file on disk (the gzip trailer too) before it takes its name.
        let finished = written.and_then(|summary| {
            out.finish()
                .and_then(|f| f.sync_all())
                .map_err(|e| anyhow::anyhow!("while writing {}: {e}", partial.display()))?;
            Ok(summary)
        });
        let summary = match finished {
            Ok(s) => s,
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                return Err(e.into());
            }
        };
        std::fs::rename(&partial, file).map_err(|e| file_error(file, e))?;
        tracing::info!(file = %file.display(), events = summary.events, accounts = with_accounts, actor = %who.user.name, "event log exported");
        Ok(summary)
    }

    /// Loads an exported log into this database, which must be empty,
    /// checking the chain as it goes; then builds the tables.
    pub async fn import_log(
        &self,
        file: &Path,
        who: &Actor,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<LogSummary, AppError> {
        self.require(who, Action::Audit)?;
        let mut opened = std::fs::File::open(file).map_err(|e| file_error(file, e))?;
        let mut magic = [0u8; 2];
        let compressed = opened.read_exact(&mut magic).is_ok() && magic == GZIP_MAGIC;
        let opened = std::fs::File::open(file).map_err(|e| file_error(file, e))?;
        let input: Box<dyn BufRead> = if compressed {
            Box::new(BufReader::new(flate2::read::GzDecoder::new(opened)))
        } else {
            Box::new(BufReader::new(opened))
        };
        let name = file.display().to_string();
        let summary = log::import(&self.db, input, progress)
            .await
            .map_err(|e| match e {
                ImportError::NotEmpty => {
                    AppError::bad_field("database", text!("log-import-not-empty"))
                }
                ImportError::Malformed { line, what } => AppError::bad(text!(
                    "log-import-malformed",
                    file = name.as_str(),
                    line = line,
                    error = what
                )),
                ImportError::Version(v) => AppError::bad(text!(
                    "log-import-version",
                    file = name.as_str(),
                    version = v,
                    supported = log::VERSION
                )),
                ImportError::Truncated(line) => AppError::bad(text!(
                    "log-import-truncated",
                    file = name.as_str(),
                    line = line
                )),
                ImportError::Broken { line, position } => AppError::Integrity(text!(
                    "log-import-broken",
                    file = name.as_str(),
                    line = line,
                    position = position
                )),
                ImportError::DocumentChanged { line } => AppError::Integrity(text!(
                    "log-import-document-changed",
                    file = name.as_str(),
                    line = line
                )),
                ImportError::Store(e) => AppError::Internal(e),
            })?;
        projections::catch_up(&self.db).await?;
        tracing::info!(file = %name, events = summary.events, actor = %who.user.name, "event log imported");
        Ok(summary)
    }

    /// Copies a SQLite database, consistently even while `serve` writes to
    /// it, into the new file `file`. A PostgreSQL database is saved with
    /// `pg_dump` instead.
    pub async fn backup(&self, file: &Path, who: &Actor) -> Result<(), AppError> {
        self.require(who, Action::Audit)?;
        new_file(file)?;
        if self.db.backend() != "sqlite" {
            return Err(AppError::bad(text!("backup-postgres")));
        }
        self.db.backup_sqlite(file).await?;
        tracing::info!(file = %file.display(), actor = %who.user.name, "database backed up");
        Ok(())
    }
}
